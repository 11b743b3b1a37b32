CREATE TABLE "policy_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"independent_approval" boolean DEFAULT true NOT NULL,
	"required_acceptance_percent" integer DEFAULT 95 NOT NULL,
	"acceptance_due_days" integer DEFAULT 30 NOT NULL,
	"reminder_interval_days" integer DEFAULT 7 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_settings_percent_check" CHECK ("required_acceptance_percent" BETWEEN 1 AND 100),
	CONSTRAINT "policy_settings_due_check" CHECK ("acceptance_due_days" BETWEEN 1 AND 365),
	CONSTRAINT "policy_settings_reminder_check" CHECK ("reminder_interval_days" BETWEEN 1 AND 90)
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"title" text NOT NULL,
	"template_id" text,
	"template_version" text,
	"owner_user_id" uuid,
	"review_cadence_months" integer DEFAULT 12 NOT NULL,
	"audience" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"current_version_id" uuid,
	"required_version_id" uuid,
	"next_review_date" date,
	"review_reminded" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policies_cadence_check" CHECK ("review_cadence_months" BETWEEN 1 AND 36)
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"significance" text DEFAULT 'major' NOT NULL,
	"change_summary" text DEFAULT '' NOT NULL,
	"body" text NOT NULL,
	"author_user_id" uuid,
	"submitted_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_versions_status_check" CHECK ("status" IN ('draft', 'in_review', 'approved', 'published', 'superseded')),
	CONSTRAINT "policy_versions_significance_check" CHECK ("significance" IN ('major', 'minor')),
	CONSTRAINT "policy_versions_number_check" CHECK ("number" >= 1)
);
--> statement-breakpoint
CREATE TABLE "policy_approvals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"decision" text DEFAULT 'pending' NOT NULL,
	"comment" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "policy_approvals_decision_check" CHECK ("decision" IN ('pending', 'approved', 'changes_requested'))
);
--> statement-breakpoint
CREATE TABLE "policy_acknowledgements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"due_date" date NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_version_id" uuid,
	"accepted_by_user_id" uuid,
	"ip" text,
	"user_agent" text,
	"reminded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "policy_settings" ADD CONSTRAINT "policy_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_approvals" ADD CONSTRAINT "policy_approvals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_approvals" ADD CONSTRAINT "policy_approvals_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_approvals" ADD CONSTRAINT "policy_approvals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_acknowledgements" ADD CONSTRAINT "policy_acknowledgements_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_acknowledgements" ADD CONSTRAINT "policy_acknowledgements_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_acknowledgements" ADD CONSTRAINT "policy_acknowledgements_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_acknowledgements" ADD CONSTRAINT "policy_acknowledgements_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_acknowledgements" ADD CONSTRAINT "policy_acknowledgements_accepted_version_id_policy_versions_id_fk" FOREIGN KEY ("accepted_version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_acknowledgements" ADD CONSTRAINT "policy_acknowledgements_accepted_by_user_id_users_id_fk" FOREIGN KEY ("accepted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "policies_org" ON "policies" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policies_org_template" ON "policies" USING btree ("organization_id","template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_number" ON "policy_versions" USING btree ("policy_id","number");--> statement-breakpoint
CREATE INDEX "policy_versions_org" ON "policy_versions" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_approvals_version_user" ON "policy_approvals" USING btree ("version_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_acks_version_person" ON "policy_acknowledgements" USING btree ("version_id","person_id");--> statement-breakpoint
CREATE INDEX "policy_acks_org_person" ON "policy_acknowledgements" USING btree ("organization_id","person_id");--> statement-breakpoint
CREATE INDEX "policy_acks_policy" ON "policy_acknowledgements" USING btree ("policy_id","version_id");
