CREATE TABLE "work_reminders" (
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"due_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_reminders_organization_id_user_id_kind_subject_id_due_date_pk" PRIMARY KEY("organization_id","user_id","kind","subject_id","due_date")
);
--> statement-breakpoint
ALTER TABLE "work_reminders" ADD CONSTRAINT "work_reminders_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_reminders" ADD CONSTRAINT "work_reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
