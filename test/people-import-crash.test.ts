import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { ledgerEntries, people } from "../src/db/schema/index.ts";
import { verifyOrganizationLedger } from "../src/ledger/verify.ts";
import { buildApp } from "../src/server/app.ts";
import { dbKind } from "./context.ts";
import { crashContext, crashDatabase, killAt } from "./crash.ts";
import { member } from "./people.ts";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe(`an HR CSV import killed with SIGKILL before it commits (${dbKind})`, () => {
  it("leaves no person and no ledger entry of it; the chain verifies and the same file imports whole", async () => {
    const crash = await crashDatabase();
    cleanup.push(crash.remove);
    const [organizationId] = await killAt("people-import-child.ts", "IMPORTING", crash.env);

    const database = await crash.open();
    const ctx = crashContext(crash, database);
    const app = await buildApp(ctx, { logger: false });
    try {
      expect(await database.db.select().from(people).where(eq(people.organizationId, organizationId!))).toEqual([]);
      const personEntries = async () =>
        (
          await database.db
            .select({ action: ledgerEntries.action })
            .from(ledgerEntries)
            .where(eq(ledgerEntries.organizationId, organizationId!))
        ).filter((e) => e.action === "people.created");
      expect(await personEntries()).toEqual([]);
      const verified = await verifyOrganizationLedger(database.db, ctx.keys, organizationId!);
      expect(verified.ok, JSON.stringify(verified)).toBe(true);

      const { client } = await member(app, database.db, organizationId!, "owner");
      const rows = Array.from({ length: 200 }, (_, i) => `person${i}@example.test,Person ${i},Engineering,2026-01-05`);
      const again = await client.post("/api/v1/people/import", {
        csv: ["email,full name,department,start date", ...rows].join("\n"),
      });
      expect(again.statusCode, again.body).toBe(200);
      expect(await database.db.select().from(people).where(eq(people.organizationId, organizationId!))).toHaveLength(
        200,
      );
    } finally {
      await app.close();
      await database.close();
    }
  });
});
