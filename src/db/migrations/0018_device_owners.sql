ALTER TABLE "agent_enrollment_tokens" ADD COLUMN "person_id" uuid;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "person_id" uuid;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "platform" text DEFAULT 'linux' NOT NULL;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_platform_check" CHECK ("platform" IN ('linux', 'macos', 'windows'));--> statement-breakpoint
ALTER TABLE "agent_enrollment_tokens" ADD CONSTRAINT "agent_enrollment_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "devices_org_person" ON "devices" USING btree ("organization_id","person_id");
