CREATE TABLE "people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"email" text NOT NULL,
	"full_name" text NOT NULL,
	"kind" text DEFAULT 'employee' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"title" text,
	"department" text,
	"manager_id" uuid,
	"start_date" date,
	"end_date" date,
	"source" text DEFAULT 'manual' NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_kind_check" CHECK ("kind" IN ('employee', 'contractor')),
	CONSTRAINT "people_status_check" CHECK ("status" IN ('onboarding', 'active', 'on_leave', 'left')),
	CONSTRAINT "people_dates_check" CHECK ("end_date" IS NULL OR "start_date" IS NULL OR "end_date" >= "start_date")
);
--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_manager_id_people_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "people_org_email" ON "people" USING btree ("organization_id",lower("email"));--> statement-breakpoint
CREATE INDEX "people_org_status" ON "people" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "people_org_department" ON "people" USING btree ("organization_id","department");--> statement-breakpoint
CREATE INDEX "people_user" ON "people" USING btree ("user_id");
