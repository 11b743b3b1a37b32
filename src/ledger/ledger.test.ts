import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, dbKind, type TestContext } from "../../test/context.ts";
import { seedOrg } from "../../test/seed.ts";
import { systemActor } from "../core/actor.ts";
import { newId } from "../core/id.ts";
import type { Db } from "../db/client.ts";
import { ledgerCheckpoints, ledgerEntries } from "../db/schema/index.ts";
import { change } from "../kernel/change.ts";
import { checkpointAll, checkpointNow } from "../modules/ledger/checkpoints.ts";
import { appendLedger } from "./append.ts";
import { entryHash } from "./hash.ts";
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

/** Runs raw SQL with the append-only triggers off, as a superuser attacker would; restores them after. */
async function tamper(...statements: ReturnType<typeof sql>[]) {
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE ledger_entries DISABLE TRIGGER USER`);
    await tx.execute(sql`ALTER TABLE ledger_checkpoints DISABLE TRIGGER USER`);
    for (const s of statements) await tx.execute(s);
    await tx.execute(sql`ALTER TABLE ledger_entries ENABLE TRIGGER USER`);
    await tx.execute(sql`ALTER TABLE ledger_checkpoints ENABLE TRIGGER USER`);
  });
}

async function entries(orgId: string) {
  return ctx.db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.organizationId, orgId))
    .orderBy(asc(ledgerEntries.seq));
}

/** Moves seq numbers above `above` by `delta` without tripping the primary key midway. */
const shiftSeq = (orgId: string, above: number, delta: number) => [
  sql`UPDATE ledger_entries SET seq = seq + 1000000 WHERE organization_id = ${orgId} AND seq > ${above}`,
  sql`UPDATE ledger_entries SET seq = seq - 1000000 + ${delta} WHERE organization_id = ${orgId} AND seq > ${above + 1000000}`,
];

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

  describe("detects tampering done through raw SQL with the trigger disabled", () => {
    it("edited: a changed field", async () => {
      const orgId = await orgWithEntries(8);
      await tamper(sql`UPDATE ledger_entries SET changes = '{"after":null,"before":null}'
        WHERE organization_id = ${orgId} AND seq = 5`);
      const r = await verify(orgId);
      expect(r.ok).toBe(false);
      expect(r.firstProblem).toMatchObject({ seq: 5, kind: "edited" });
    });

    it("edited: a changed entry whose hash was recomputed", async () => {
      const orgId = await orgWithEntries(8);
      const e = (await entries(orgId))[3]!;
      const forged = { ...e, actorLabel: "someone-else" };
      await tamper(sql`UPDATE ledger_entries SET actor_label = 'someone-else', hash = ${entryHash(forged)}
        WHERE organization_id = ${orgId} AND seq = 4`);
      expect((await verify(orgId)).firstProblem).toMatchObject({ seq: 4, kind: "edited" });
    });

    it("edited: a timestamp moved by microseconds", async () => {
      const orgId = await orgWithEntries(4);
      await tamper(sql`UPDATE ledger_entries SET at = at + interval '1 microsecond'
        WHERE organization_id = ${orgId} AND seq = 2`);
      expect((await verify(orgId)).firstProblem).toMatchObject({ seq: 2, kind: "edited" });
    });

    it("deleted: a removed entry, with or without renumbering the rest", async () => {
      const gap = await orgWithEntries(8);
      await tamper(sql`DELETE FROM ledger_entries WHERE organization_id = ${gap} AND seq = 3`);
      expect((await verify(gap)).firstProblem).toMatchObject({ seq: 3, kind: "deleted" });

      const renumbered = await orgWithEntries(8);
      await tamper(
        sql`DELETE FROM ledger_entries WHERE organization_id = ${renumbered} AND seq = 6`,
        ...shiftSeq(renumbered, 6, -1),
      );
      const r = await verify(renumbered);
      expect(r.firstProblem).toMatchObject({ seq: 6, kind: "deleted" });
      expect(r.headSeq).toBe(7);

      const first = await orgWithEntries(3);
      await tamper(sql`DELETE FROM ledger_entries WHERE organization_id = ${first} AND seq = 1`);
      expect((await verify(first)).firstProblem).toMatchObject({ seq: 1, kind: "deleted" });
    });

    it("inserted: a forged entry slipped into the middle with a correct hash", async () => {
      const orgId = await orgWithEntries(8);
      const prev = (await entries(orgId))[3]!;
      const forged = {
        ...prev,
        seq: 5,
        id: newId(),
        action: "widget.deleted",
        changes: '{"after":null,"before":null}',
        prevHash: prev.hash,
      };
      const hash = entryHash(forged);
      await tamper(
        ...shiftSeq(orgId, 4, 1),
        sql`INSERT INTO ledger_entries (organization_id, seq, id, at, actor_type, actor_id, actor_label, action,
              entity_type, entity_id, changes, request_id, prev_hash, hash)
            VALUES (${orgId}, 5, ${forged.id}, ${forged.at}, ${forged.actorType}, ${forged.actorId}, ${forged.actorLabel},
              ${forged.action}, ${forged.entityType}, ${forged.entityId}, ${forged.changes}, ${forged.requestId},
              ${forged.prevHash}, ${hash})`,
      );
      const r = await verify(orgId);
      expect(r.firstProblem).toMatchObject({ seq: 5, kind: "inserted" });
    });

    it("inserted: an entry appended that does not link to the chain", async () => {
      const orgId = await orgWithEntries(5);
      const last = (await entries(orgId))[4]!;
      const forged = { ...last, seq: 6, id: newId(), prevHash: "f".repeat(64) };
      await tamper(sql`INSERT INTO ledger_entries (organization_id, seq, id, at, actor_type, actor_id, actor_label,
          action, entity_type, entity_id, changes, request_id, prev_hash, hash)
        SELECT organization_id, 6, ${forged.id}, at, actor_type, actor_id, actor_label, action, entity_type, entity_id,
          changes, request_id, ${forged.prevHash}, ${entryHash(forged)}
        FROM ledger_entries WHERE organization_id = ${orgId} AND seq = 5`);
      expect((await verify(orgId)).firstProblem).toMatchObject({ seq: 6, kind: "inserted" });
    });

    it("reordered: two entries swapped", async () => {
      const orgId = await orgWithEntries(8);
      await tamper(
        sql`UPDATE ledger_entries SET seq = 1000 WHERE organization_id = ${orgId} AND seq = 3`,
        sql`UPDATE ledger_entries SET seq = 3 WHERE organization_id = ${orgId} AND seq = 4`,
        sql`UPDATE ledger_entries SET seq = 4 WHERE organization_id = ${orgId} AND seq = 1000`,
      );
      expect((await verify(orgId)).firstProblem).toMatchObject({ seq: 3, kind: "reordered" });
    });
  });

  describe("signed checkpoints", () => {
    it("signs the head once per move, and verification counts them", async () => {
      const orgId = await orgWithEntries(3);
      const cp = await checkpointNow(ctx.db, ctx.keys, orgId);
      expect(cp).toMatchObject({ seq: 3, keyId: ctx.keys.keyId });
      expect(await checkpointNow(ctx.db, ctx.keys, orgId)).toBeNull();
      await orgWithEntries(0);
      const other = await orgWithEntries(2);
      const all = await checkpointAll(ctx.db, ctx.keys);
      expect(all.checkpoints).toBeGreaterThanOrEqual(1);
      expect(await checkpointNow(ctx.db, ctx.keys, other)).toBeNull();
      expect(await verify(orgId)).toMatchObject({ ok: true, checkpoints: 1 });
    });

    it("reports a checkpoint whose signature was forged", async () => {
      const orgId = await orgWithEntries(4);
      const head = (await entries(orgId))[3]!;
      await ctx.db.insert(ledgerCheckpoints).values({
        id: newId(),
        organizationId: orgId,
        seq: 4,
        hash: head.hash,
        keyId: ctx.keys.keyId,
        signature: Buffer.alloc(64, 7).toString("base64"),
        signedAt: new Date(),
      });
      const r = await verify(orgId);
      expect(r.firstProblem).toMatchObject({ seq: 4, kind: "bad_signature" });
    });

    it("detects a truncated tail after a checkpoint", async () => {
      const orgId = await orgWithEntries(6);
      await checkpointNow(ctx.db, ctx.keys, orgId);
      await tamper(sql`DELETE FROM ledger_entries WHERE organization_id = ${orgId} AND seq > 3`);
      const r = await verify(orgId);
      expect(r).toMatchObject({ ok: false, headSeq: 3, firstProblem: { seq: 4, kind: "truncated" } });
      expect(r.firstProblem!.detail).toContain("seq 6");
    });

    it("detects a chain rewritten consistently (every hash recomputed) through the checkpoint", async () => {
      const orgId = await orgWithEntries(5);
      await checkpointNow(ctx.db, ctx.keys, orgId);
      const rows = await entries(orgId);
      let prevHash = rows[1]!.hash;
      const statements = [];
      for (const e of rows.slice(2)) {
        const forged = { ...e, prevHash, ...(e.seq === 3 ? { actorLabel: "mallory" } : {}) };
        const hash = entryHash(forged);
        statements.push(sql`UPDATE ledger_entries SET actor_label = ${forged.actorLabel}, prev_hash = ${prevHash},
          hash = ${hash} WHERE organization_id = ${orgId} AND seq = ${e.seq}`);
        prevHash = hash;
      }
      await tamper(...statements);
      expect((await verify(orgId)).firstProblem).toMatchObject({ seq: 5, kind: "checkpoint_mismatch" });
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
