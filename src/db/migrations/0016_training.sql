CREATE TABLE "training_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"pass_mark" integer,
	"new_hire_days" integer DEFAULT 30 NOT NULL,
	"required_share" integer DEFAULT 95 NOT NULL,
	"include_contractors" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "training_settings_pass_mark_check" CHECK ("pass_mark" IS NULL OR ("pass_mark" >= 1 AND "pass_mark" <= 100)),
	CONSTRAINT "training_settings_new_hire_days_check" CHECK ("new_hire_days" >= 1 AND "new_hire_days" <= 365),
	CONSTRAINT "training_settings_required_share_check" CHECK ("required_share" >= 1 AND "required_share" <= 100)
);
--> statement-breakpoint
CREATE TABLE "training_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"course_version" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"correct" integer NOT NULL,
	"total" integer NOT NULL,
	"score" integer NOT NULL,
	"pass_mark" integer NOT NULL,
	"passed" boolean NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_attempts_score_check" CHECK ("score" >= 0 AND "score" <= 100 AND "correct" >= 0 AND "correct" <= "total")
);
--> statement-breakpoint
CREATE TABLE "training_external" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"provider" text NOT NULL,
	"course_title" text NOT NULL,
	"completed_on" date NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"key_id" text NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "training_external_status_check" CHECK ("status" IN ('pending', 'accepted', 'rejected')),
	CONSTRAINT "training_external_decided_check" CHECK (("status" = 'pending') = ("decided_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "training_completions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"source" text NOT NULL,
	"completed_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"attempt_id" uuid,
	"external_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_completions_source_check" CHECK ("source" IN ('course', 'external')),
	CONSTRAINT "training_completions_origin_check" CHECK (("source" = 'course' AND "attempt_id" IS NOT NULL AND "external_id" IS NULL) OR ("source" = 'external' AND "external_id" IS NOT NULL AND "attempt_id" IS NULL)),
	CONSTRAINT "training_completions_valid_check" CHECK ("valid_until" > "completed_on")
);
--> statement-breakpoint
CREATE TABLE "training_reminders" (
	"organization_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"last_sent_on" date NOT NULL,
	CONSTRAINT "training_reminders_organization_id_person_id_course_id_pk" PRIMARY KEY("organization_id","person_id","course_id")
);
--> statement-breakpoint
ALTER TABLE "training_settings" ADD CONSTRAINT "training_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_settings" ADD CONSTRAINT "training_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attempts" ADD CONSTRAINT "training_attempts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attempts" ADD CONSTRAINT "training_attempts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attempts" ADD CONSTRAINT "training_attempts_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_external" ADD CONSTRAINT "training_external_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_external" ADD CONSTRAINT "training_external_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_external" ADD CONSTRAINT "training_external_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_external" ADD CONSTRAINT "training_external_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_attempt_id_training_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."training_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_external_id_training_external_id_fk" FOREIGN KEY ("external_id") REFERENCES "public"."training_external"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_reminders" ADD CONSTRAINT "training_reminders_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_reminders" ADD CONSTRAINT "training_reminders_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_attempts_person" ON "training_attempts" USING btree ("organization_id","person_id","course_id");--> statement-breakpoint
CREATE INDEX "training_external_org_status" ON "training_external" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "training_external_person" ON "training_external" USING btree ("organization_id","person_id");--> statement-breakpoint
CREATE INDEX "training_completions_person" ON "training_completions" USING btree ("organization_id","person_id","course_id","valid_until");--> statement-breakpoint
CREATE UNIQUE INDEX "training_completions_attempt" ON "training_completions" USING btree ("attempt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_completions_external" ON "training_completions" USING btree ("external_id");
