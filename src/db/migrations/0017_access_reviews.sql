CREATE TABLE "access_review_campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"system" text NOT NULL,
	"source" text NOT NULL,
	"connection_id" uuid,
	"resource_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reviewer_rule" text DEFAULT 'manager' NOT NULL,
	"system_owner_user_id" uuid,
	"owner_user_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"cadence" text DEFAULT 'quarterly' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"launched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"close_note" text,
	"report_evidence_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"previous_id" uuid,
	"reminded_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_review_campaigns_source_check" CHECK ("source" IN ('connection', 'csv')),
	CONSTRAINT "access_review_campaigns_connection_check" CHECK ("source" <> 'connection' OR "connection_id" IS NOT NULL),
	CONSTRAINT "access_review_campaigns_reviewer_rule_check" CHECK ("reviewer_rule" IN ('manager', 'system_owner')),
	CONSTRAINT "access_review_campaigns_cadence_check" CHECK ("cadence" IN ('none', 'monthly', 'quarterly', 'semiannual', 'yearly')),
	CONSTRAINT "access_review_campaigns_status_check" CHECK ("status" IN ('open', 'closed')),
	CONSTRAINT "access_review_campaigns_closed_check" CHECK ("status" <> 'closed' OR "closed_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "access_review_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"resource_id" uuid,
	"kind" text NOT NULL,
	"external_id" text NOT NULL,
	"account" text NOT NULL,
	"email" text,
	"roles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"account_status" text DEFAULT 'active' NOT NULL,
	"person_id" uuid,
	"holder_user_id" uuid,
	"flag" text,
	"reviewer_user_id" uuid NOT NULL,
	"decision" text,
	"new_role" text,
	"comment" text DEFAULT '' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	"completion_note" text,
	"confirmed_at" timestamp with time zone,
	"confirmed_sync_id" uuid,
	CONSTRAINT "access_review_accounts_flag_check" CHECK ("flag" IS NULL OR "flag" IN ('orphan', 'left')),
	CONSTRAINT "access_review_accounts_decision_check" CHECK ("decision" IS NULL OR "decision" IN ('keep', 'revoke', 'change_role')),
	CONSTRAINT "access_review_accounts_new_role_check" CHECK (("decision" = 'change_role' AND "new_role" IS NOT NULL) OR ("decision" IS DISTINCT FROM 'change_role' AND "new_role" IS NULL)),
	CONSTRAINT "access_review_accounts_decided_check" CHECK ("decision" IS NULL OR "decided_at" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "access_review_campaigns" ADD CONSTRAINT "access_review_campaigns_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_campaigns" ADD CONSTRAINT "access_review_campaigns_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_campaigns" ADD CONSTRAINT "access_review_campaigns_system_owner_user_id_users_id_fk" FOREIGN KEY ("system_owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_campaigns" ADD CONSTRAINT "access_review_campaigns_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_campaigns" ADD CONSTRAINT "access_review_campaigns_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_campaigns" ADD CONSTRAINT "access_review_campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_accounts" ADD CONSTRAINT "access_review_accounts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_accounts" ADD CONSTRAINT "access_review_accounts_campaign_id_access_review_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."access_review_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_accounts" ADD CONSTRAINT "access_review_accounts_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_accounts" ADD CONSTRAINT "access_review_accounts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_accounts" ADD CONSTRAINT "access_review_accounts_holder_user_id_users_id_fk" FOREIGN KEY ("holder_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_accounts" ADD CONSTRAINT "access_review_accounts_reviewer_user_id_users_id_fk" FOREIGN KEY ("reviewer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_accounts" ADD CONSTRAINT "access_review_accounts_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_accounts" ADD CONSTRAINT "access_review_accounts_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_review_campaigns_org" ON "access_review_campaigns" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "access_review_campaigns_system" ON "access_review_campaigns" USING btree ("organization_id","system");--> statement-breakpoint
CREATE UNIQUE INDEX "access_review_campaigns_previous" ON "access_review_campaigns" USING btree ("previous_id") WHERE previous_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "access_review_accounts_unique" ON "access_review_accounts" USING btree ("campaign_id","kind","external_id");--> statement-breakpoint
CREATE INDEX "access_review_accounts_reviewer" ON "access_review_accounts" USING btree ("organization_id","reviewer_user_id");
