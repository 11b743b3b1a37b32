CREATE TABLE "changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"source" text NOT NULL,
	"repository" text,
	"external_ref" text,
	"url" text,
	"author" text,
	"committer" text,
	"merged_by" text,
	"approvals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"checks_passed" boolean,
	"signature" text,
	"merged_at" timestamp with time zone,
	"deployed_at" timestamp with time zone,
	"emergency" boolean DEFAULT false NOT NULL,
	"emergency_approved_by" uuid,
	"emergency_approver_name" text,
	"emergency_approved_at" timestamp with time zone,
	"emergency_justification" text,
	"risk" text,
	"status" text NOT NULL,
	"unreviewed" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"synced_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_emergency_approved_by_users_id_fk" FOREIGN KEY ("emergency_approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "changes_org_source_ref" ON "changes" USING btree ("organization_id","source","repository","external_ref");
--> statement-breakpoint
CREATE INDEX "changes_org_landed" ON "changes" USING btree ("organization_id","merged_at");
--> statement-breakpoint
CREATE INDEX "changes_org_deployed" ON "changes" USING btree ("organization_id","deployed_at");
