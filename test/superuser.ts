import type { SQL } from "drizzle-orm";
import { sql } from "drizzle-orm";
import type { Db } from "../src/db/client.ts";

/**
 * Runs raw SQL on the ledger tables with their triggers off, as a database superuser could (`ALTER TABLE … DISABLE
 * TRIGGER`): how the tests play the attacker the ledger's signatures and witnesses must catch. Triggers come back
 * on in the same transaction.
 */
export async function asSuperuser(db: Db, ...statements: SQL[]) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE ledger_entries DISABLE TRIGGER USER`);
    await tx.execute(sql`ALTER TABLE ledger_checkpoints DISABLE TRIGGER USER`);
    for (const s of statements) await tx.execute(s);
    await tx.execute(sql`ALTER TABLE ledger_entries ENABLE TRIGGER USER`);
    await tx.execute(sql`ALTER TABLE ledger_checkpoints ENABLE TRIGGER USER`);
  });
}
