ALTER TABLE "ledger_entries" ADD COLUMN "key_id" text;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "signature" text;--> statement-breakpoint
-- Ledger rows may be inserted only by the append path, which sets this transaction-local flag with the chain lock
-- (src/ledger/append.ts lockChain). A superuser can still disable triggers: the signed entries are what catch that.
CREATE OR REPLACE FUNCTION assay_ledger_guard_insert() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('assay.ledger_writer', true), '') <> 'on' THEN
    RAISE EXCEPTION '% accepts rows only from the Assay ledger append path', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_guard_insert BEFORE INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION assay_ledger_guard_insert();
--> statement-breakpoint
CREATE TRIGGER ledger_checkpoints_guard_insert BEFORE INSERT ON ledger_checkpoints
  FOR EACH ROW EXECUTE FUNCTION assay_ledger_guard_insert();
--> statement-breakpoint
CREATE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION assay_ledger_reject_change();
