CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"blob_id" uuid,
	"file_name" text,
	"url" text,
	"statement" text,
	"source" text NOT NULL,
	"collected_by" uuid,
	"collected_at" timestamp with time zone NOT NULL,
	"effective_from" date,
	"effective_to" date,
	"chain_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"replaces_id" uuid,
	"correction_reason" text,
	"superseded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_blobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"mime_type" text NOT NULL,
	"extension" text NOT NULL,
	"storage" text NOT NULL,
	"storage_key" text NOT NULL,
	"encryption" text NOT NULL,
	"key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_controls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"evidence_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"control_id" uuid NOT NULL,
	"control_key" text NOT NULL,
	"linked_by" uuid,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_freshness_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"control_id" uuid NOT NULL,
	"stale_on" date NOT NULL,
	"kind" text NOT NULL,
	"notified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_blob_id_evidence_blobs_id_fk" FOREIGN KEY ("blob_id") REFERENCES "public"."evidence_blobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_collected_by_users_id_fk" FOREIGN KEY ("collected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_replaces_id_evidence_id_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_superseded_by_id_evidence_id_fk" FOREIGN KEY ("superseded_by_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_blobs" ADD CONSTRAINT "evidence_blobs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_controls" ADD CONSTRAINT "evidence_controls_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_controls" ADD CONSTRAINT "evidence_controls_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_controls" ADD CONSTRAINT "evidence_controls_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_controls" ADD CONSTRAINT "evidence_controls_control_id_program_controls_id_fk" FOREIGN KEY ("control_id") REFERENCES "public"."program_controls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_controls" ADD CONSTRAINT "evidence_controls_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_freshness_notices" ADD CONSTRAINT "evidence_freshness_notices_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_freshness_notices" ADD CONSTRAINT "evidence_freshness_notices_control_id_program_controls_id_fk" FOREIGN KEY ("control_id") REFERENCES "public"."program_controls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_org_collected" ON "evidence" USING btree ("organization_id","collected_at");--> statement-breakpoint
CREATE INDEX "evidence_chain" ON "evidence" USING btree ("chain_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_replaces" ON "evidence" USING btree ("replaces_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_blobs_sha256" ON "evidence_blobs" USING btree ("organization_id","sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_controls_link" ON "evidence_controls" USING btree ("evidence_id","control_id");--> statement-breakpoint
CREATE INDEX "evidence_controls_control" ON "evidence_controls" USING btree ("organization_id","control_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_freshness_notices_once" ON "evidence_freshness_notices" USING btree ("control_id","stale_on","kind");--> statement-breakpoint
-- Submitted evidence is immutable: the database refuses any change except recording, once, the version that
-- supersedes a row; and refuses deletions. (Custom SQL appended to the generated migration.)
CREATE OR REPLACE FUNCTION assay_evidence_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.superseded_by_id IS NULL AND NEW.superseded_by_id IS NOT NULL
     AND (to_jsonb(NEW) - 'superseded_by_id') = (to_jsonb(OLD) - 'superseded_by_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'evidence is immutable: % is not allowed (submit a new version instead)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER evidence_immutable BEFORE UPDATE OR DELETE ON evidence
  FOR EACH ROW EXECUTE FUNCTION assay_evidence_immutable();
--> statement-breakpoint
CREATE TRIGGER evidence_no_truncate BEFORE TRUNCATE ON evidence
  FOR EACH STATEMENT EXECUTE FUNCTION assay_evidence_immutable();
--> statement-breakpoint
-- A stored blob's content facts never change; only where it is stored and which key seals it may (key rotation).
CREATE OR REPLACE FUNCTION assay_evidence_blob_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.organization_id = OLD.organization_id
     AND NEW.sha256 = OLD.sha256 AND NEW.size = OLD.size AND NEW.mime_type = OLD.mime_type
     AND NEW.extension = OLD.extension
     AND NEW.created_at = OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'evidence_blobs rows are immutable: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER evidence_blobs_immutable BEFORE UPDATE OR DELETE ON evidence_blobs
  FOR EACH ROW EXECUTE FUNCTION assay_evidence_blob_immutable();
