CREATE TABLE "change_settings" (
	"organization_id" uuid PRIMARY KEY NOT NULL REFERENCES "organizations"("id"),
	"emergency_approval_days" integer NOT NULL CHECK ("emergency_approval_days" BETWEEN 1 AND 30),
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
