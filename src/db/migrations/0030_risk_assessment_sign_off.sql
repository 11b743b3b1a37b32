ALTER TABLE "risk_assessments" ADD COLUMN "signed_off_by" uuid REFERENCES "users"("id");
--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD COLUMN "signed_off_at" timestamp with time zone;
