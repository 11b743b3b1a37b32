import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, dbKind, type TestContext } from "../../test/context.ts";
import { seedOrg } from "../../test/seed.ts";
import { asSuperuser } from "../../test/superuser.ts";
import { systemActor } from "../core/actor.ts";
import { newId } from "../core/id.ts";
import type { Db } from "../db/client.ts";
import { ledgerCheckpoints, ledgerEntries } from "../db/schema/index.ts";
import { change } from "../kernel/change.ts";
import { checkpointAll, checkpointNow } from "../modules/ledger/checkpoints.ts";
import { appendLedger } from "./append.ts";
import { entryHash } from "./hash.ts";
import { entrySignatureProblem } from "./signature.ts";
import { verifyOrganizationLedger } from "./verify.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const verify = (orgId: string, pageSize?: number) => verifyOrganizationLedger(ctx.db, ctx.keys, orgId, { pageSize });

/** An organization with `n` ledger entries appended the normal way. */
async function orgWithEntries(n: number) {
  const org = await seedOrg(ctx.db);
  for (let i = 1; i <= n; i++)
    await change(ctx.db, systemActor(org.id, "test"), (c) =>
      appendLedger(c.tx, c.actor, {
        action: "widget.updated",
        entityType: "widget",
        entityId: `w${i}`,
        before: { n: i - 1 },
        after: { n: i, note: `=cmd|' /C calc'!A${i}` },
      }),
    );
  return org.id;
}

const tamper = (...statements: ReturnType<typeof sql>[]) => asSuperuser(ctx.db, ...statements);

async function entries(orgId: string) {
  return ctx.db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.organizationId, orgId))
    .orderBy(asc(ledgerEntries.seq));
}

describe(`ledger on ${dbKind}`, () => {
  it("appends a linear chain that verifies, across page boundaries", async () => {
    const orgId = await orgWithEntries(12);
    const rows = await entries(orgId);
    expect(rows.map((r) => r.seq)).toEqual([...Array(12).keys()].map((i) => i + 1));
    for (const [i, r] of rows.entries()) {
      expect(r.prevHash).toBe(i === 0 ? "0".repeat(64) : rows[i - 1]!.hash);
      expect(r.hash).toBe(entryHash(r));
    }
    const result = await verify(orgId, 5);
    expect(result).toEqual({
      ok: true,
      entries: 12,
      checkpoints: 0,
      headSeq: 12,
      headHash: rows[11]!.hash,
    });
    // An empty organization verifies trivially.
    expect(await verify((await seedOrg(ctx.db)).id)).toMatchObject({ ok: true, entries: 0, headSeq: 0 });
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    const orgId = await orgWithEntries(2);
    const attempts = [
      sql`UPDATE ledger_entries SET action = 'x' WHERE organization_id = ${orgId}`,
      sql`DELETE FROM ledger_entries WHERE organization_id = ${orgId}`,
      sql`TRUNCATE ledger_entries`,
    ];
    for (const s of attempts) expect(await dbError(ctx.db.execute(s))).toMatch(/append-only: (UPDATE|DELETE|TRUNCATE)/);
    await checkpointNow(ctx.db, ctx.keys, orgId);
    for (const s of [
      sql`UPDATE ledger_checkpoints SET seq = 1 WHERE organization_id = ${orgId}`,
      sql`DELETE FROM ledger_checkpoints WHERE organization_id = ${orgId}`,
    ])
      expect(await dbError(ctx.db.execute(s))).toMatch(/append-only/);
    expect((await verify(orgId)).ok).toBe(true);
  });

  describe("signed entries and checkpoints (tampering: tamper.test.ts)", () => {
    it("signs every entry with the installation's ledger key", async () => {
      const orgId = await orgWithEntries(3);
      for (const e of await entries(orgId)) {
        expect(e.keyId).toBe(ctx.keys.keyId);
        expect(entrySignatureProblem(ctx.keys.publicKeys, e)).toBeNull();
      }
    });

    it("signs the head once per move, and verification counts them", async () => {
      const orgId = await orgWithEntries(3);
      const cp = await checkpointNow(ctx.db, ctx.keys, orgId);
      expect(cp).toMatchObject({ seq: 3, keyId: ctx.keys.keyId });
      expect(await checkpointNow(ctx.db, ctx.keys, orgId)).toBeNull();
      await orgWithEntries(0);
      const other = await orgWithEntries(2);
      const all = await checkpointAll(ctx);
      expect(all.checkpoints).toBeGreaterThanOrEqual(1);
      expect(await checkpointNow(ctx.db, ctx.keys, other)).toBeNull();
      expect(await verify(orgId)).toMatchObject({ ok: true, checkpoints: 1 });
    });

    it("refuses to sign a head it cannot verify entry by entry, and signs the other organizations", async () => {
      const good = await orgWithEntries(2);
      const bad = await orgWithEntries(4);
      await checkpointNow(ctx.db, ctx.keys, bad);
      await change(ctx.db, systemActor(bad, "test"), (c) =>
        appendLedger(c.tx, c.actor, { action: "widget.updated", entityType: "widget" }),
      );
      // A forged entry after the head: linked and hashed correctly, but not signed by Assay.
      const head = (await entries(bad)).at(-1)!;
      const forged = { ...head, seq: head.seq + 1, id: newId(), action: "member.role_changed", prevHash: head.hash };
      await tamper(sql`INSERT INTO ledger_entries (organization_id, seq, id, at, actor_type, actor_id, actor_label,
          action, entity_type, entity_id, changes, request_id, prev_hash, hash)
        VALUES (${bad}, ${forged.seq}, ${forged.id}, ${forged.at.toISOString()}, ${forged.actorType}, ${forged.actorId},
          ${forged.actorLabel}, ${forged.action}, ${forged.entityType}, ${forged.entityId}, ${forged.changes},
          ${forged.requestId}, ${forged.prevHash}, ${entryHash(forged)})`);
      await expect(checkpointNow(ctx.db, ctx.keys, bad)).rejects.toThrow(/Refused to sign .* seq 6 \(forged\)/);
      await expect(checkpointAll(ctx)).rejects.toThrow(/seq 6 \(forged\)/);
      const signed = await ctx.db.select().from(ledgerCheckpoints).where(eq(ledgerCheckpoints.organizationId, bad));
      expect(signed.map((cp) => cp.seq)).toEqual([4]);
      expect(await verify(good)).toMatchObject({ ok: true, checkpoints: 1 });
    });
  });

  it.skipIf(dbKind !== "postgres")(
    "stays linear and gap-free under 200 concurrent appends over a connection pool (PostgreSQL)",
    async () => {
      const orgId = await concurrentAppends(ctx.db, 200);
      const rows = await entries(orgId);
      expect(rows.map((r) => r.seq)).toEqual([...Array(200).keys()].map((i) => i + 1));
      expect(new Set(rows.map((r) => r.entityId)).size).toBe(200);
      expect(await verify(orgId, 64)).toMatchObject({ ok: true, entries: 200, headSeq: 200 });
    },
  );

  // PGlite has one connection, so its "concurrency" is interleaved transactions; still worth proving.
  it("stays linear under concurrent appends on any engine", async () => {
    const orgId = await concurrentAppends(ctx.db, 30);
    expect((await entries(orgId)).map((r) => r.seq)).toEqual([...Array(30).keys()].map((i) => i + 1));
    expect((await verify(orgId)).ok).toBe(true);
  });
});

/** The database's own message for a failed statement (drizzle wraps it as the cause). */
async function dbError(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
}

async function concurrentAppends(db: Db, n: number) {
  const org = await seedOrg(db);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      change(db, systemActor(org.id), async (c) => {
        await appendLedger(c.tx, c.actor, {
          action: "widget.created",
          entityType: "widget",
          entityId: `${i}`,
        });
      }),
    ),
  );
  return org.id;
}
