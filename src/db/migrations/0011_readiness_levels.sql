DELETE FROM "criterion_readiness";--> statement-breakpoint
ALTER TABLE "criterion_readiness" ADD COLUMN "levels" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "readiness_snapshots" ADD COLUMN "levels" jsonb;
