CREATE TABLE "vendors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"website" text,
	"services" text DEFAULT '' NOT NULL,
	"criticality" text,
	"data_shared" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"owner_user_id" uuid,
	"contract_start" date,
	"contract_end" date,
	"status" text DEFAULT 'active' NOT NULL,
	"is_subprocessor" boolean DEFAULT false NOT NULL,
	"subprocessor_purpose" text,
	"subprocessor_location" text,
	"is_subservice_org" boolean DEFAULT false NOT NULL,
	"next_review_date" date,
	"last_reviewed_at" timestamp with time zone,
	"last_reviewed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"evidence_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"report_type" text NOT NULL,
	"period_start" date,
	"period_end" date,
	"as_of_date" date,
	"opinion" text NOT NULL,
	"exceptions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cuecs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"uploaded_by" uuid,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_bridge_letters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"evidence_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"covered_until" date NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_questionnaire_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"questions" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_questionnaires" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"template_name" text NOT NULL,
	"questions" jsonb NOT NULL,
	"contact_email" text NOT NULL,
	"contact_name" text,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sent_by" uuid,
	"sent_at" timestamp with time zone NOT NULL,
	"answers" jsonb,
	"respondent_name" text,
	"answered_at" timestamp with time zone,
	"score" integer,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"no_subprocessors" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vendors" ADD CONSTRAINT "vendors_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendors" ADD CONSTRAINT "vendors_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendors" ADD CONSTRAINT "vendors_last_reviewed_by_users_id_fk" FOREIGN KEY ("last_reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_reports" ADD CONSTRAINT "vendor_reports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_reports" ADD CONSTRAINT "vendor_reports_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_reports" ADD CONSTRAINT "vendor_reports_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_reports" ADD CONSTRAINT "vendor_reports_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_reports" ADD CONSTRAINT "vendor_reports_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_bridge_letters" ADD CONSTRAINT "vendor_bridge_letters_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_bridge_letters" ADD CONSTRAINT "vendor_bridge_letters_report_id_vendor_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."vendor_reports"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_bridge_letters" ADD CONSTRAINT "vendor_bridge_letters_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_bridge_letters" ADD CONSTRAINT "vendor_bridge_letters_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_notices" ADD CONSTRAINT "vendor_notices_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_notices" ADD CONSTRAINT "vendor_notices_report_id_vendor_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."vendor_reports"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_questionnaire_templates" ADD CONSTRAINT "vendor_questionnaire_templates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_questionnaire_templates" ADD CONSTRAINT "vendor_questionnaire_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_questionnaires" ADD CONSTRAINT "vendor_questionnaires_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_questionnaires" ADD CONSTRAINT "vendor_questionnaires_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_questionnaires" ADD CONSTRAINT "vendor_questionnaires_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_questionnaires" ADD CONSTRAINT "vendor_questionnaires_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_settings" ADD CONSTRAINT "vendor_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vendor_settings" ADD CONSTRAINT "vendor_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "vendors_org_name" ON "vendors" USING btree ("organization_id",lower("name"));
--> statement-breakpoint
CREATE INDEX "vendors_org_status" ON "vendors" USING btree ("organization_id","status","criticality");
--> statement-breakpoint
CREATE INDEX "vendor_reports_org_vendor" ON "vendor_reports" USING btree ("organization_id","vendor_id");
--> statement-breakpoint
CREATE INDEX "vendor_bridge_letters_org_report" ON "vendor_bridge_letters" USING btree ("organization_id","report_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_notices_once" ON "vendor_notices" USING btree ("organization_id","report_id","kind");
--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_questionnaire_templates_org_name" ON "vendor_questionnaire_templates" USING btree ("organization_id",lower("name"));
--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_questionnaires_token" ON "vendor_questionnaires" USING btree ("token_hash");
--> statement-breakpoint
CREATE INDEX "vendor_questionnaires_org_vendor" ON "vendor_questionnaires" USING btree ("organization_id","vendor_id");
