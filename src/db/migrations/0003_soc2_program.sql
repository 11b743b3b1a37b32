CREATE TABLE "assessment_answers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"criterion_id" text NOT NULL,
	"answer" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"answered_by" uuid,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "control_status_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"control_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "criterion_readiness" (
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"criterion_id" text NOT NULL,
	"category" text NOT NULL,
	"state" text NOT NULL,
	"score" real NOT NULL,
	"applicable" integer NOT NULL,
	"done" integer NOT NULL,
	"not_applicable" integer NOT NULL,
	"pending" jsonb NOT NULL,
	"reason" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "criterion_readiness_program_id_criterion_id_pk" PRIMARY KEY("program_id","criterion_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_controls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"key" text NOT NULL,
	"library_id" text,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"owner_role" text NOT NULL,
	"owner_user_id" uuid,
	"frequency" text NOT NULL,
	"nature_type" text NOT NULL,
	"nature_mode" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"policies" jsonb NOT NULL,
	"criteria" jsonb NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"applicable" boolean DEFAULT true NOT NULL,
	"not_applicable_reason" text,
	"status" text DEFAULT 'not_started' NOT NULL,
	"status_reason" text DEFAULT '' NOT NULL,
	"status_set_by" uuid,
	"status_set_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"framework" text DEFAULT 'soc2' NOT NULL,
	"report_type" text DEFAULT 'type2' NOT NULL,
	"as_of_date" date,
	"window_start" date,
	"window_end" date,
	"categories" jsonb NOT NULL,
	"scope" jsonb NOT NULL,
	"scoped_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "readiness_snapshots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"day" date NOT NULL,
	"overall" real NOT NULL,
	"criteria_ready" integer NOT NULL,
	"criteria_total" integer NOT NULL,
	"by_category" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "remediation_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"gap" text NOT NULL,
	"root_cause" text DEFAULT '' NOT NULL,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"priority" text NOT NULL,
	"action" text DEFAULT '' NOT NULL,
	"owner_user_id" uuid,
	"due_date" date,
	"monitoring" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"criteria" jsonb NOT NULL,
	"controls" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"completed_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"overdue_notified_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessment_answers" ADD CONSTRAINT "assessment_answers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_answers" ADD CONSTRAINT "assessment_answers_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_answers" ADD CONSTRAINT "assessment_answers_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_status_events" ADD CONSTRAINT "control_status_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_status_events" ADD CONSTRAINT "control_status_events_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_status_events" ADD CONSTRAINT "control_status_events_control_id_program_controls_id_fk" FOREIGN KEY ("control_id") REFERENCES "public"."program_controls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_readiness" ADD CONSTRAINT "criterion_readiness_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_readiness" ADD CONSTRAINT "criterion_readiness_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_controls" ADD CONSTRAINT "program_controls_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_controls" ADD CONSTRAINT "program_controls_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_controls" ADD CONSTRAINT "program_controls_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_controls" ADD CONSTRAINT "program_controls_status_set_by_users_id_fk" FOREIGN KEY ("status_set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "readiness_snapshots" ADD CONSTRAINT "readiness_snapshots_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "readiness_snapshots" ADD CONSTRAINT "readiness_snapshots_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD CONSTRAINT "remediation_items_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD CONSTRAINT "remediation_items_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD CONSTRAINT "remediation_items_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD CONSTRAINT "remediation_items_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD CONSTRAINT "remediation_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_answers_criterion" ON "assessment_answers" USING btree ("program_id","criterion_id");--> statement-breakpoint
CREATE INDEX "control_status_events_control" ON "control_status_events" USING btree ("control_id","at");--> statement-breakpoint
CREATE INDEX "notifications_user" ON "notifications" USING btree ("organization_id","user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "program_controls_key" ON "program_controls" USING btree ("program_id","key");--> statement-breakpoint
CREATE INDEX "program_controls_org" ON "program_controls" USING btree ("organization_id","program_id");--> statement-breakpoint
CREATE INDEX "programs_org" ON "programs" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "readiness_snapshots_day" ON "readiness_snapshots" USING btree ("program_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "remediation_items_ref" ON "remediation_items" USING btree ("program_id","ref");--> statement-breakpoint
CREATE INDEX "remediation_items_org" ON "remediation_items" USING btree ("organization_id","program_id","status");