CREATE TABLE "vulnerability_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"format" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" integer NOT NULL,
	"scopes" jsonb NOT NULL,
	"findings" integer NOT NULL,
	"created" integer NOT NULL,
	"reseen" integer NOT NULL,
	"reopened" integer NOT NULL,
	"resolved" integer NOT NULL,
	"imported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vulnerabilities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"scanner" text NOT NULL,
	"rule_id" text NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"score" real,
	"package" text,
	"installed_version" text,
	"fixed_version" text,
	"target" text NOT NULL,
	"location" text,
	"url" text,
	"description" text,
	"status" text DEFAULT 'open' NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"due_date" date,
	"last_import_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vulnerability_imports" ADD CONSTRAINT "vulnerability_imports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vulnerability_imports" ADD CONSTRAINT "vulnerability_imports_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vulnerabilities" ADD CONSTRAINT "vulnerabilities_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "vulnerabilities" ADD CONSTRAINT "vulnerabilities_last_import_id_vulnerability_imports_id_fk" FOREIGN KEY ("last_import_id") REFERENCES "public"."vulnerability_imports"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "vulnerability_imports_org" ON "vulnerability_imports" USING btree ("organization_id","created_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "vulnerabilities_org_fingerprint" ON "vulnerabilities" USING btree ("organization_id","fingerprint");
--> statement-breakpoint
CREATE INDEX "vulnerabilities_org_status" ON "vulnerabilities" USING btree ("organization_id","status","severity");
--> statement-breakpoint
CREATE INDEX "vulnerabilities_org_scope" ON "vulnerabilities" USING btree ("organization_id","scanner","target");
