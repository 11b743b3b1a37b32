CREATE TABLE "people_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"offboarding_sla_hours" integer DEFAULT 24 NOT NULL,
	"offboarding_systems" jsonb NOT NULL,
	"background_check_for" text DEFAULT 'everyone' NOT NULL,
	"background_recheck_months" integer,
	"templates" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_settings_sla_check" CHECK ("offboarding_sla_hours" BETWEEN 1 AND 720),
	CONSTRAINT "people_settings_background_for_check" CHECK ("background_check_for" IN ('everyone', 'employees', 'none')),
	CONSTRAINT "people_settings_recheck_check" CHECK ("background_recheck_months" IS NULL OR "background_recheck_months" BETWEEN 1 AND 120)
);
--> statement-breakpoint
CREATE TABLE "person_checklist_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"checklist" text NOT NULL,
	"position" integer NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"assignee" text NOT NULL,
	"assignee_user_id" uuid,
	"satisfied_by" text,
	"revocation" boolean DEFAULT false NOT NULL,
	"system" text,
	"due_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"note" text,
	"evidence_url" text,
	"revoked_at" timestamp with time zone,
	"late_minutes" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_checklist_items_checklist_check" CHECK ("checklist" IN ('onboarding', 'offboarding')),
	CONSTRAINT "person_checklist_items_assignee_check" CHECK ("assignee" IN ('person', 'manager', 'member')),
	CONSTRAINT "person_checklist_items_satisfied_by_check" CHECK ("satisfied_by" IS NULL OR "satisfied_by" IN ('policy_acceptance', 'training', 'device')),
	CONSTRAINT "person_checklist_items_revocation_check" CHECK (NOT "revocation" OR "system" IS NOT NULL),
	CONSTRAINT "person_checklist_items_late_check" CHECK ("late_minutes" IS NULL OR "late_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "background_checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"checked_on" date NOT NULL,
	"provider" text NOT NULL,
	"outcome" text NOT NULL,
	"evidence_url" text,
	"next_due" date,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "background_checks_outcome_check" CHECK ("outcome" IN ('clear', 'consider', 'not_required'))
);
--> statement-breakpoint
ALTER TABLE "people_settings" ADD CONSTRAINT "people_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_checklist_items" ADD CONSTRAINT "person_checklist_items_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_checklist_items" ADD CONSTRAINT "person_checklist_items_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_checklist_items" ADD CONSTRAINT "person_checklist_items_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_checklist_items" ADD CONSTRAINT "person_checklist_items_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "background_checks" ADD CONSTRAINT "background_checks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "background_checks" ADD CONSTRAINT "background_checks_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "background_checks" ADD CONSTRAINT "background_checks_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_checklist_items_person" ON "person_checklist_items" USING btree ("organization_id","person_id","checklist","position");--> statement-breakpoint
CREATE INDEX "person_checklist_items_open" ON "person_checklist_items" USING btree ("organization_id","done_at","due_at");--> statement-breakpoint
CREATE INDEX "background_checks_person" ON "background_checks" USING btree ("organization_id","person_id","checked_on");
