ALTER TABLE "person_checklist_items" ADD COLUMN "evidence_id" uuid;
--> statement-breakpoint
ALTER TABLE "background_checks" ADD COLUMN "evidence_id" uuid;
--> statement-breakpoint
ALTER TABLE "person_checklist_items" ADD CONSTRAINT "person_checklist_items_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "background_checks" ADD CONSTRAINT "background_checks_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;
