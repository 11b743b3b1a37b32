import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, dbKind, type TestContext } from "../../test/context.ts";
import { seedOrg } from "../../test/seed.ts";
import { systemActor } from "../core/actor.ts";
import { jobs, ledgerEntries } from "../db/schema/index.ts";
import { type Change, change, isRetryableConflict } from "./change.ts";
import { defineEvent } from "./events.ts";
import { onJobsCommitted } from "./outbox.ts";
import { installSubscribers, type Subscriber } from "./subscribers.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const widgetSaved = defineEvent<{ id: string; key: string; token?: string; criteria: string[] }>()("widget.saved", {
  ledger: (p) => ({ entityType: "widget", entityId: p.id, after: p }),
  secretFields: ["token"],
});
const widgetDerived = defineEvent<{ id: string }>()("widget.derived", { ledger: null });
const derivedSeen: { id: string; sawInTx: boolean }[] = [];

/** Two test subscribers: the first derives an event the second receives in the same change. */
const deriving: Subscriber = {
  name: "test.deriving",
  on: [widgetSaved],
  async handle(c, events) {
    for (const e of events) await c.emit(widgetDerived, { id: (e.payload as { id: string }).id });
  },
};
const watching: Subscriber = {
  name: "test.watching",
  on: [widgetDerived],
  async handle(c, events) {
    // Runs inside the change: the change's own ledger entry is visible in its transaction.
    const [row] = await c.tx
      .select({ n: sql<number>`count(*)::int` })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.action, "widget.saved"));
    for (const e of events) derivedSeen.push({ id: (e.payload as { id: string }).id, sawInTx: (row?.n ?? 0) > 0 });
  },
};
installSubscribers([deriving, watching]);

const ledgerOf = (orgId: string) =>
  ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.organizationId, orgId)).orderBy(asc(ledgerEntries.seq));

describe("change()", () => {
  it("records each ledgered event, redacts only declared secret fields, and keeps keys and criteria", async () => {
    const org = await seedOrg(ctx.db);
    await change(ctx.db, systemActor(org.id, "test"), (c) =>
      c.emit(widgetSaved, { id: "w1", key: "ACC-03", token: "s3cr3t", criteria: ["CC6.1"] }),
    );
    const [entry] = await ledgerOf(org.id);
    expect(entry!.action).toBe("widget.saved");
    const after = JSON.parse(entry!.changes).after;
    expect(after).toEqual({ id: "w1", key: "ACC-03", token: "[redacted]", criteria: ["CC6.1"] });
  });

  it("hands events to subscribers in the same transaction, including events other subscribers derive", async () => {
    const org = await seedOrg(ctx.db);
    derivedSeen.length = 0;
    await change(ctx.db, systemActor(org.id, "test"), async (c) => {
      await c.emit(widgetSaved, { id: "a", key: "k", criteria: [] });
      await c.emit(widgetSaved, { id: "b", key: "k", criteria: [] });
    });
    expect(derivedSeen).toEqual([
      { id: "a", sawInTx: true },
      { id: "b", sawInTx: true },
    ]);
    // Derived events without a ledger mapping are not recorded.
    expect((await ledgerOf(org.id)).map((e) => e.action)).toEqual(["widget.saved", "widget.saved"]);
  });

  it("writes nothing when the work throws: ledger entries, rows and jobs roll back together", async () => {
    const org = await seedOrg(ctx.db);
    await expect(
      change(ctx.db, systemActor(org.id, "test"), async (c) => {
        await c.emit(widgetSaved, { id: "x", key: "k", criteria: [] });
        await c.enqueue({ name: "demo.sleep", organizationId: org.id, dedupeKey: `rollback-${org.id}` });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await ledgerOf(org.id)).toEqual([]);
    expect(
      await ctx.db
        .select()
        .from(jobs)
        .where(eq(jobs.dedupeKey, `rollback-${org.id}`)),
    ).toEqual([]);
  });

  it("commits enqueued jobs with the change and wakes local workers only after commit", async () => {
    const org = await seedOrg(ctx.db);
    const key = `outbox-${org.id}`;
    const seenAtWake: number[] = [];
    const stop = onJobsCommitted(() => {
      void ctx.db
        .select()
        .from(jobs)
        .where(eq(jobs.dedupeKey, key))
        .then((r) => seenAtWake.push(r.length));
    });
    try {
      await change(ctx.db, systemActor(org.id, "test"), (c) => c.enqueue({ name: "demo.sleep", dedupeKey: key }));
      await expect.poll(() => seenAtWake).toEqual([1]);
    } finally {
      stop();
    }
  });

  it("retries the whole transaction on a deadlock or serialization failure, then gives up", async () => {
    const org = await seedOrg(ctx.db);
    let runs = 0;
    const deadlock = Object.assign(new Error("deadlock detected"), { code: "40P01" });
    await change(ctx.db, systemActor(org.id, "test"), async (c: Change) => {
      runs++;
      await c.emit(widgetSaved, { id: `try-${runs}`, key: "k", criteria: [] });
      if (runs < 3) throw new Error("wrapped", { cause: deadlock });
    });
    expect(runs).toBe(3);
    // Only the successful attempt left an entry.
    expect((await ledgerOf(org.id)).map((e) => JSON.parse(e.changes).after.id)).toEqual(["try-3"]);
    let again = 0;
    await expect(
      change(
        ctx.db,
        systemActor(org.id, "test"),
        async () => {
          again++;
          throw deadlock;
        },
        { attempts: 2 },
      ),
    ).rejects.toThrow("deadlock detected");
    expect(again).toBe(2);
    expect(isRetryableConflict(Object.assign(new Error(), { code: "23505" }))).toBe(false);
  });

  it.skipIf(dbKind !== "postgres")("takes the ledger lock before the work touches any row", async () => {
    const org = await seedOrg(ctx.db);
    // Hold the organization's ledger lock in another transaction: the change must wait before its first row write.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const locked = new Promise<void>((r) => (holding = r));
    const holder = ctx.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`ledger:${org.id}`}, 0))`);
      holding();
      await held;
    });
    await locked;
    let workStarted = false;
    const pending = change(ctx.db, systemActor(org.id, "test"), async () => {
      workStarted = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(workStarted).toBe(false);
    release();
    await holder;
    await pending;
    expect(workStarted).toBe(true);
  });
});
