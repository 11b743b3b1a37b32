CREATE TABLE "asset_inventory_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"reviewed_by" uuid,
	"note" text,
	"asset_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"owner_user_id" uuid,
	"classification" text,
	"environment" text,
	"in_scope" boolean DEFAULT false NOT NULL,
	"connection_id" uuid,
	"resource_id" uuid,
	"external_id" text,
	"last_seen_at" timestamp with time zone,
	"missing_since" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "continuity_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"owner_user_id" uuid,
	"document_url" text,
	"evidence_id" uuid,
	"last_reviewed_on" date,
	"next_review_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "continuity_test_systems" (
	"organization_id" uuid NOT NULL,
	"test_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"rto_minutes" integer,
	"rpo_minutes" integer
);
--> statement-breakpoint
CREATE TABLE "continuity_tests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"performed_on" date NOT NULL,
	"scenario" text NOT NULL,
	"result" text NOT NULL,
	"recovery_minutes" integer,
	"data_loss_minutes" integer,
	"findings" text,
	"plan_id" uuid,
	"evidence_id" uuid,
	"remediation_item_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recovery_objectives" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"rto_minutes" integer,
	"rpo_minutes" integer,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "asset_inventory_reviews" ADD CONSTRAINT "asset_inventory_reviews_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "asset_inventory_reviews" ADD CONSTRAINT "asset_inventory_reviews_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_plans" ADD CONSTRAINT "continuity_plans_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_plans" ADD CONSTRAINT "continuity_plans_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_plans" ADD CONSTRAINT "continuity_plans_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_plans" ADD CONSTRAINT "continuity_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_test_systems" ADD CONSTRAINT "continuity_test_systems_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_test_systems" ADD CONSTRAINT "continuity_test_systems_test_id_continuity_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."continuity_tests"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_test_systems" ADD CONSTRAINT "continuity_test_systems_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_tests" ADD CONSTRAINT "continuity_tests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_tests" ADD CONSTRAINT "continuity_tests_plan_id_continuity_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."continuity_plans"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_tests" ADD CONSTRAINT "continuity_tests_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_tests" ADD CONSTRAINT "continuity_tests_remediation_item_id_remediation_items_id_fk" FOREIGN KEY ("remediation_item_id") REFERENCES "public"."remediation_items"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "continuity_tests" ADD CONSTRAINT "continuity_tests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "recovery_objectives" ADD CONSTRAINT "recovery_objectives_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "recovery_objectives" ADD CONSTRAINT "recovery_objectives_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "asset_inventory_reviews_org" ON "asset_inventory_reviews" USING btree ("organization_id","created_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "assets_org_kind_name" ON "assets" USING btree ("organization_id","kind",lower("name"));
--> statement-breakpoint
CREATE UNIQUE INDEX "assets_org_resource" ON "assets" USING btree ("organization_id","resource_id") WHERE resource_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "assets_org_scope" ON "assets" USING btree ("organization_id","in_scope","kind");
--> statement-breakpoint
CREATE UNIQUE INDEX "continuity_plans_org_name" ON "continuity_plans" USING btree ("organization_id",lower("name"));
--> statement-breakpoint
CREATE UNIQUE INDEX "continuity_test_systems_key" ON "continuity_test_systems" USING btree ("organization_id","test_id","asset_id");
--> statement-breakpoint
CREATE INDEX "continuity_test_systems_asset" ON "continuity_test_systems" USING btree ("organization_id","asset_id");
--> statement-breakpoint
CREATE INDEX "continuity_tests_org_day" ON "continuity_tests" USING btree ("organization_id","performed_on");
--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_objectives_org_asset" ON "recovery_objectives" USING btree ("organization_id","asset_id");
