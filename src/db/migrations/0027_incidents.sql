CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"severity" text NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'detected' NOT NULL,
	"reported_by" text DEFAULT '' NOT NULL,
	"owner_user_id" uuid,
	"detected_at" timestamp with time zone NOT NULL,
	"triaged_at" timestamp with time zone,
	"contained_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"postmortem_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text DEFAULT '' NOT NULL,
	"skipped" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"affected_systems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"data_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"records_estimate" integer,
	"personal_data" boolean DEFAULT false NOT NULL,
	"root_cause" text DEFAULT '' NOT NULL,
	"lessons_learned" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_timeline" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"author_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_obligations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"audience" text NOT NULL,
	"recipient" text DEFAULT '' NOT NULL,
	"basis" text DEFAULT '' NOT NULL,
	"hours" integer NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"notified_at" timestamp with time zone,
	"reminded" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_remediation_links" (
	"organization_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"remediation_item_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_remediation_links_incident_id_remediation_item_id_pk" PRIMARY KEY("incident_id","remediation_item_id")
);
--> statement-breakpoint
CREATE TABLE "tabletop_exercises" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"scenario" text NOT NULL,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"findings" text DEFAULT '' NOT NULL,
	"follow_ups" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "incident_obligations" ADD CONSTRAINT "incident_obligations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "incident_obligations" ADD CONSTRAINT "incident_obligations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "incident_remediation_links" ADD CONSTRAINT "incident_remediation_links_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "incident_remediation_links" ADD CONSTRAINT "incident_remediation_links_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "incident_remediation_links" ADD CONSTRAINT "incident_remediation_links_remediation_item_id_remediation_items_id_fk" FOREIGN KEY ("remediation_item_id") REFERENCES "public"."remediation_items"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tabletop_exercises" ADD CONSTRAINT "tabletop_exercises_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tabletop_exercises" ADD CONSTRAINT "tabletop_exercises_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_org_number" ON "incidents" USING btree ("organization_id","number");
--> statement-breakpoint
CREATE INDEX "incidents_org_status" ON "incidents" USING btree ("organization_id","status","detected_at");
--> statement-breakpoint
CREATE INDEX "incident_timeline_org_incident" ON "incident_timeline" USING btree ("organization_id","incident_id","at");
--> statement-breakpoint
CREATE INDEX "incident_obligations_org_incident" ON "incident_obligations" USING btree ("organization_id","incident_id");
--> statement-breakpoint
CREATE INDEX "incident_remediation_links_org" ON "incident_remediation_links" USING btree ("organization_id","remediation_item_id");
--> statement-breakpoint
CREATE INDEX "tabletop_exercises_org" ON "tabletop_exercises" USING btree ("organization_id","held_on");
