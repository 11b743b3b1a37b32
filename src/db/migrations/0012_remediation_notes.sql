ALTER TABLE "remediation_items" ADD COLUMN "done_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD COLUMN "verification_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD COLUMN "source_criterion" text;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD COLUMN "source_control" text;--> statement-breakpoint
UPDATE "remediation_items" SET "source_control" = "controls"->>0 WHERE "source" = 'gap' AND jsonb_array_length("controls") = 1 AND "title" LIKE ("controls"->>0) || ':%';--> statement-breakpoint
UPDATE "remediation_items" SET "source_criterion" = "criteria"->>0 WHERE "source" IN ('gap', 'self_assessment') AND "source_control" IS NULL AND jsonb_array_length("criteria") = 1 AND "title" LIKE ("criteria"->>0) || ':%';
