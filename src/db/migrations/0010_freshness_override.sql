ALTER TABLE "program_controls" ADD COLUMN "freshness_override_days" integer;--> statement-breakpoint
ALTER TABLE "program_controls" ADD COLUMN "freshness_override_reason" text;--> statement-breakpoint
ALTER TABLE "program_controls" ADD CONSTRAINT "program_controls_freshness_override" CHECK (("freshness_override_days" IS NULL AND "freshness_override_reason" IS NULL) OR ("freshness_override_days" BETWEEN 1 AND 400 AND length(btrim("freshness_override_reason")) > 0));
