CREATE TABLE "register_control_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"register" text NOT NULL,
	"record_id" uuid NOT NULL,
	"control_key" text NOT NULL,
	"linked_by" uuid REFERENCES "users"("id"),
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "register_control_links_link" ON "register_control_links" ("organization_id","register","record_id","control_key");
--> statement-breakpoint
CREATE INDEX "register_control_links_control" ON "register_control_links" ("organization_id","control_key");
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL REFERENCES "organizations"("id"),
	"scope" text NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"owner_user_id" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "saved_views_scope" ON "saved_views" ("organization_id","scope");
--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_name" ON "saved_views" ("organization_id","scope","owner_user_id","name");
