CREATE TABLE "remediation_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"owner_user_id" uuid,
	"start_date" date,
	"due_date" date,
	"status" text DEFAULT 'todo' NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "remediation_items" ADD COLUMN "risk_description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD COLUMN "resources" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "remediation_items" ADD COLUMN "verifier_user_id" uuid;--> statement-breakpoint
ALTER TABLE "remediation_steps" ADD CONSTRAINT "remediation_steps_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_steps" ADD CONSTRAINT "remediation_steps_item_id_remediation_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."remediation_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_steps" ADD CONSTRAINT "remediation_steps_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "remediation_steps_item" ON "remediation_steps" USING btree ("organization_id","item_id","position");--> statement-breakpoint
ALTER TABLE "remediation_items" ADD CONSTRAINT "remediation_items_verifier_user_id_users_id_fk" FOREIGN KEY ("verifier_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;