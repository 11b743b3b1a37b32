import { and, eq, isNull, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestContext, dbKind, type TestContext } from "../../../../test/context.ts";
import { seedOrg, seedUser } from "../../../../test/seed.ts";
import { ledgerOf } from "../../../../test/snapshot.ts";
import { systemActor } from "../../../core/actor.ts";
import { newId } from "../../../core/id.ts";
import { connectionSyncs, connections, jobs, resources, testStatusIntervals } from "../../../db/schema/index.ts";
import { registerConnector } from "../../../integrations/registry.ts";
import {
  type CatalogueTest,
  type Connector,
  ConnectorError,
  type ResourceInput,
  ThrottledError,
} from "../../../integrations/types.ts";
import { claim, enqueue, recoverExpiredLeases } from "../../../jobs/queue.ts";
import { startWorker } from "../../../jobs/worker.ts";
import { change } from "../../../kernel/change.ts";
import { claimConnection, connectionsSyncing, releaseLostSync, SKIPPED_BUSY } from "./claim.ts";
import { enqueueSync, SYNC_JOB, scheduleDueSyncs } from "./schedule.ts";
import { runSync } from "./sync.ts";

/**
 * The sync engine against a fake connector whose behaviour each test sets: what it yields, when it dies, when it
 * is throttled. Runs on PGlite and PostgreSQL.
 */

interface Script {
  batches: ResourceInput[][];
  /** Throw after yielding this many batches. */
  dieAfter?: number;
  warn?: string;
  /** Calls to the "API" that are throttled before it answers. */
  throttled?: number;
  retryAfterMs?: number;
  /** Runs before the connector reads page `n` (1-based): what happens meanwhile elsewhere. */
  beforePage?: (n: number) => Promise<void>;
}
let script: Script = { batches: [] };
let apiCalls = 0;

const fakeTests: CatalogueTest[] = [
  {
    id: "fake.mfa",
    title: "Users have MFA",
    description: "",
    resourceType: "user",
    severity: "high",
    controls: ["ACC-03"],
    remediation: "Turn MFA on.",
    evaluate: (r) =>
      r.attributes.mfa === true ? { status: "pass", reason: "MFA on" } : { status: "fail", reason: "MFA off" },
  },
];

const fake: Connector<{ label?: string }, { apiKey?: string }> = {
  type: "fake",
  title: "Fake",
  description: "test double",
  category: "identity",
  configSchema: z.strictObject({ label: z.string().optional() }),
  secretSchema: z.strictObject({ apiKey: z.string().optional() }),
  resourceTypes: ["user"],
  testConnection: async () => ({ ok: true, message: "ok" }),
  async *collect(ctx) {
    let n = 0;
    for (const b of script.batches) {
      if (script.dieAfter !== undefined && n === script.dieAfter)
        throw new Error(`connection reset by peer (key ${ctx.secrets.apiKey})`);
      await script.beforePage?.(n + 1);
      const page = await ctx.retry("listing users", async () => {
        apiCalls++;
        if (script.throttled && apiCalls <= script.throttled)
          throw new ThrottledError("429 Too Many Requests", script.retryAfterMs ?? 1000);
        return b;
      });
      yield page;
      n++;
    }
    if (script.dieAfter !== undefined && n === script.dieAfter) throw new ConnectorError("API gone", "Check the API.");
    if (script.warn) ctx.warn(script.warn);
  },
  tests: fakeTests,
};
registerConnector(fake);

const user = (id: string, mfa: boolean): ResourceInput => ({
  type: "user",
  externalId: id,
  name: id,
  attributes: { mfa },
});

let ctx: TestContext;
let orgId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  const org = await seedOrg(ctx.db);
  await seedUser(ctx.db, org.id, "owner");
  orgId = org.id;
});
afterAll(async () => {
  await ctx.close();
});

async function newConnection(secret = "s3cr3t-api-key") {
  const id = newId();
  await ctx.db.insert(connections).values({
    id,
    organizationId: orgId,
    type: "fake",
    name: `fake ${id}`,
    config: {},
    secretsSealed: ctx.keys.encrypt(JSON.stringify({ apiKey: secret })),
    secretFields: ["apiKey"],
  });
  return id;
}
const waits: number[] = [];
const sync = (connectionId: string) =>
  runSync(ctx, orgId, connectionId, {
    trigger: "manual",
    retry: { sleep: async (ms) => void waits.push(ms), baseMs: 1 },
  });
const resourcesOf = (connectionId: string) =>
  ctx.db.select().from(resources).where(eq(resources.connectionId, connectionId)).orderBy(resources.externalId);
const openOf = async (connectionId: string) => {
  const rows = await ctx.db
    .select({ ext: resources.externalId, status: testStatusIntervals.status, id: testStatusIntervals.id })
    .from(testStatusIntervals)
    .innerJoin(resources, eq(resources.id, testStatusIntervals.resourceId))
    .where(and(eq(resources.connectionId, connectionId), isNull(testStatusIntervals.endedAt)))
    .orderBy(resources.externalId);
  return rows;
};
/** Claims the job `id` as the worker `workerId` (other queued jobs, such as alert deliveries, wait). */
async function claimOnly(id: string, workerId: string, leaseSeconds: number) {
  await ctx.db
    .update(jobs)
    .set({ runAt: new Date(Date.now() + 3600_000) })
    .where(and(eq(jobs.status, "queued"), ne(jobs.id, id)));
  const [run] = await claim(ctx.db, workerId, 1, leaseSeconds);
  expect(run?.id).toBe(id);
  return run!;
}
const connectionRow = async (id: string) => (await ctx.db.select().from(connections).where(eq(connections.id, id)))[0]!;

describe(`sync engine on ${dbKind}`, () => {
  it("stores resources, evaluates tests and writes an interval only when a status changes", async () => {
    apiCalls = 0;
    const c = await newConnection();
    script = { batches: [[user("ada", true), user("bob", false)], [user("cy", true)]] };
    const first = await sync(c);
    expect(first).toMatchObject({ status: "succeeded", counts: { resources: 3, new: 3, opened: 3, failing: 1 } });
    expect((await openOf(c)).map((o) => [o.ext, o.status])).toEqual([
      ["ada", "pass"],
      ["bob", "fail"],
      ["cy", "pass"],
    ]);

    const before = await openOf(c);
    const again = await sync(c);
    expect(again.counts).toMatchObject({ resources: 3, new: 0, changed: 0, opened: 0, closed: 0 });
    expect(await openOf(c)).toEqual(before);

    script = { batches: [[user("ada", true), user("bob", true), user("cy", true)]] };
    const fixed = await sync(c);
    expect(fixed.counts).toMatchObject({ changed: 1, opened: 1, closed: 1 });
    const all = await ctx.db
      .select()
      .from(testStatusIntervals)
      .innerJoin(resources, eq(resources.id, testStatusIntervals.resourceId))
      .where(eq(resources.externalId, "bob"));
    expect(
      all
        .filter((r) => r.resources.connectionId === c)
        .map((r) => r.test_status_intervals.status)
        .sort(),
    ).toEqual(["fail", "pass"]);
    const row = await connectionRow(c);
    expect(row).toMatchObject({ lastSyncStatus: "succeeded", lastSyncError: null, syncLockId: null });
  });

  it("a connector that dies mid-sync loses nothing: resources and intervals stay, the sync and connection say why", async () => {
    const c = await newConnection("very-secret-key-123");
    script = { batches: [[user("a1", true), user("a2", false)], [user("a3", false)]] };
    expect((await sync(c)).status).toBe("succeeded");
    const resourcesBefore = await resourcesOf(c);
    const openBefore = await openOf(c);

    // Second run: the first batch changes a1, then the API dies before a2 and a3 are seen again.
    script = { batches: [[user("a1", false)], [user("a2", false)]], dieAfter: 1 };
    const broken = await sync(c);
    expect(broken.status).toBe("failed");
    expect(broken.error).toContain("connection reset by peer");
    expect(broken.error).not.toContain("very-secret-key-123");
    expect(broken.error).toContain("[redacted]");

    const after = await resourcesOf(c);
    expect(after.map((r) => r.externalId)).toEqual(resourcesBefore.map((r) => r.externalId));
    expect(after.every((r) => r.missingSince === null)).toBe(true);
    // What it did see is recorded (a1 now fails); what it did not see is untouched.
    const open = await openOf(c);
    expect(open.map((o) => [o.ext, o.status])).toEqual([
      ["a1", "fail"],
      ["a2", "fail"],
      ["a3", "fail"],
    ]);
    expect(open.find((o) => o.ext === "a3")!.id).toBe(openBefore.find((o) => o.ext === "a3")!.id);

    const [syncRow] = await ctx.db.select().from(connectionSyncs).where(eq(connectionSyncs.id, broken.syncId!));
    expect(syncRow).toMatchObject({ status: "failed", progress: 100 });
    expect(syncRow!.error).toContain("connection reset");
    expect(syncRow!.guidance).toMatch(/kept/);
    const row = await connectionRow(c);
    expect(row.lastSyncStatus).toBe("failed");
    expect(row.lastSyncError).toContain("connection reset");
    expect(row.lastSyncGuidance).toBeTruthy();
    expect(row.syncLockId).toBeNull();
    const ledger = await ledgerOf(ctx.db, orgId);
    expect(ledger.some((e) => e.action === "monitoring.sync_failed" && e.entityId === c)).toBe(true);
    expect(JSON.stringify(ledger)).not.toContain("very-secret-key-123");
  });

  it("only a complete sync marks what it no longer finds missing and ends its results; a partial one does not", async () => {
    const c = await newConnection();
    script = { batches: [[user("p1", true), user("p2", false)]] };
    await sync(c);

    script = { batches: [[user("p1", true)]], warn: "page 2 could not be read" };
    const partial = await sync(c);
    expect(partial).toMatchObject({ status: "partial", warnings: ["page 2 could not be read"] });
    expect((await resourcesOf(c)).every((r) => r.missingSince === null)).toBe(true);
    expect((await openOf(c)).map((o) => o.ext)).toEqual(["p1", "p2"]);
    expect((await connectionRow(c)).lastSyncStatus).toBe("partial");

    script = { batches: [[user("p1", true)]] };
    const complete = await sync(c);
    expect(complete.counts).toMatchObject({ missing: 1, closed: 1 });
    const gone = (await resourcesOf(c)).find((r) => r.externalId === "p2")!;
    expect(gone.missingSince).not.toBeNull();
    expect((await openOf(c)).map((o) => o.ext)).toEqual(["p1"]);

    // It comes back: present again, a new interval opens.
    script = { batches: [[user("p1", true), user("p2", false)]] };
    const back = await sync(c);
    expect(back.counts).toMatchObject({ reappeared: 1, opened: 1 });
    expect((await resourcesOf(c)).every((r) => r.missingSince === null)).toBe(true);
  });

  it("retries a throttled call after the Retry-After it was given", async () => {
    const c = await newConnection();
    apiCalls = 0;
    waits.length = 0;
    script = { batches: [[user("t1", true)]], throttled: 2, retryAfterMs: 1500 };
    const r = await sync(c);
    expect(r.status).toBe("succeeded");
    expect(apiCalls).toBe(3);
    expect(waits).toEqual([1500, 1500]);
  });

  it("gives up on a Retry-After too long to wait for, and says so", async () => {
    const c = await newConnection();
    apiCalls = 0;
    script = { batches: [[user("t2", true)]], throttled: 1, retryAfterMs: 3_600_000 };
    const r = await sync(c);
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/asked to wait 3600 s/);
  });

  it("runs one sync of a connection at a time", async () => {
    const c = await newConnection();
    await ctx.db
      .update(connections)
      .set({ syncLockId: newId(), syncLockUntil: new Date(Date.now() + 60_000) })
      .where(eq(connections.id, c));
    expect((await sync(c)).status).toBe("skipped");
    // A claim whose worker died (expired) is taken over.
    await ctx.db
      .update(connections)
      .set({ syncLockUntil: new Date(Date.now() - 1000) })
      .where(eq(connections.id, c));
    script = { batches: [[user("l1", true)]] };
    expect((await sync(c)).status).toBe("succeeded");
  });

  it("a sync's claim lasts as long as its job's lease; when the lease is lost, the sync is failed with the reason", async () => {
    const c = await newConnection();
    const job = (await enqueue(ctx.db, {
      name: SYNC_JOB,
      organizationId: orgId,
      payload: { organizationId: orgId, connectionId: c },
      maxAttempts: 3,
    }))!;
    await claimOnly(job.id, "doomed-worker", 3);
    const syncId = newId();
    expect(await claimConnection(ctx.db, orgId, c, syncId, { trigger: "manual", jobId: job.id })).toMatchObject({
      kind: "claimed",
    });
    expect((await connectionsSyncing(ctx.db, orgId)).has(c)).toBe(true);
    // The worker stops heartbeating: once the lease has passed the connection is free, with no 15-minute wait.
    await expect.poll(async () => (await connectionsSyncing(ctx.db, orgId)).has(c), { timeout: 10_000 }).toBe(false);

    const [recovered] = await recoverExpiredLeases(ctx.db);
    expect(recovered).toMatchObject({ id: job.id, status: "queued", attempts: 1 });
    expect(await releaseLostSync(ctx.db, recovered!)).toBe(true);
    const [lost] = await ctx.db.select().from(connectionSyncs).where(eq(connectionSyncs.id, syncId));
    expect(lost).toMatchObject({ status: "failed", guidance: expect.stringMatching(/runs again/) });
    expect(lost!.error).toMatch(/worker stopped during the sync/);
    expect(await connectionRow(c)).toMatchObject({ syncLockId: null, lastSyncId: syncId, lastSyncStatus: "failed" });
    const ledger = await ledgerOf(ctx.db, orgId);
    expect(ledger.some((e) => e.action === "monitoring.sync_failed" && JSON.stringify(e).includes(syncId))).toBe(true);
    expect(await releaseLostSync(ctx.db, recovered!)).toBe(false);

    // The retried run claims the connection again; a late hook for the lost run leaves the new one alone.
    expect((await claimOnly(job.id, "next-worker", 60)).attempts).toBe(2);
    const again = newId();
    expect(await claimConnection(ctx.db, orgId, c, again, { trigger: "manual", jobId: job.id })).toMatchObject({
      kind: "claimed",
    });
    expect(await releaseLostSync(ctx.db, recovered!)).toBe(false);
    expect((await ctx.db.select().from(connectionSyncs).where(eq(connectionSyncs.id, again)))[0]!.status).toBe(
      "running",
    );
    expect((await connectionsSyncing(ctx.db, orgId)).has(c)).toBe(true);
  });

  it("a sync whose claim was taken over mid-run writes nothing more and leaves the takeover's record alone", async () => {
    const c = await newConnection();
    const takeover = newId();
    script = {
      batches: [[user("f1", true)], [user("f2", true)]],
      // The first page is committed; then this sync's hold lapses (a stalled worker) and another sync takes over.
      beforePage: async (n) => {
        if (n !== 2) return;
        await ctx.db
          .update(connections)
          .set({ syncLockUntil: new Date(Date.now() - 1000) })
          .where(eq(connections.id, c));
        expect(await claimConnection(ctx.db, orgId, c, takeover, { trigger: "schedule" })).toMatchObject({
          kind: "claimed",
        });
      },
    };
    const stalled = await sync(c);
    expect(stalled).toMatchObject({ status: "failed", error: expect.stringMatching(/lost its claim/) });
    expect((await resourcesOf(c)).map((r) => r.externalId)).toEqual(["f1"]);
    const [record] = await ctx.db.select().from(connectionSyncs).where(eq(connectionSyncs.id, stalled.syncId!));
    expect(record).toMatchObject({ status: "failed", error: expect.stringMatching(/worker stopped during the sync/) });
    expect(await connectionRow(c)).toMatchObject({ syncLockId: takeover });
  });

  it("a sync skipped because another one holds the connection ends its job `skipped`, not succeeded, with the reason", async () => {
    const c = await newConnection();
    script = { batches: [[user("k1", true)]] };
    expect((await sync(c)).status).toBe("succeeded");
    const before = await connectionRow(c);
    await ctx.db
      .update(connections)
      .set({ syncLockId: newId(), syncLockUntil: new Date(Date.now() + 60_000) })
      .where(eq(connections.id, c));
    const { job } = await change(ctx.db, systemActor(orgId, "test"), (x) =>
      enqueueSync(x, { organizationId: orgId, connectionId: c, trigger: "manual" }),
    );
    const worker = startWorker(ctx, { schedules: false, pollMs: 20 });
    try {
      await expect
        .poll(async () => (await ctx.db.select().from(jobs).where(eq(jobs.id, job.id)))[0]!.status, { timeout: 20_000 })
        .toBe("skipped");
    } finally {
      await worker.stop();
    }
    const [done] = await ctx.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(done).toMatchObject({ progressMessage: SKIPPED_BUSY, result: { status: "skipped", reason: SKIPPED_BUSY } });
    const [skipped] = await ctx.db.select().from(connectionSyncs).where(eq(connectionSyncs.jobId, job.id));
    expect(skipped).toMatchObject({ status: "skipped", message: SKIPPED_BUSY });
    expect(skipped!.finishedAt).not.toBeNull();
    // The connection's last sync is still the one that ran.
    expect(await connectionRow(c)).toMatchObject({ lastSyncId: before.lastSyncId, lastSyncStatus: "succeeded" });
  });

  it("schedules connections whose interval has passed, once", async () => {
    const c = await newConnection();
    await ctx.db
      .update(connections)
      .set({ nextSyncAt: new Date(Date.now() - 1000) })
      .where(eq(connections.id, c));
    const off = await newConnection();
    await ctx.db
      .update(connections)
      .set({ enabled: false, nextSyncAt: new Date(Date.now() - 1000) })
      .where(eq(connections.id, off));
    await scheduleDueSyncs(ctx.db);
    await scheduleDueSyncs(ctx.db);
    const queued = (await ctx.db.select().from(jobs).where(eq(jobs.name, SYNC_JOB))).filter(
      (j) => (j.payload as { connectionId: string }).connectionId === c,
    );
    expect(queued).toHaveLength(1);
    expect(queued[0]!.payload).toMatchObject({ trigger: "schedule", organizationId: orgId });
    const next = (await connectionRow(c)).nextSyncAt!;
    expect(next.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(
      (await ctx.db.select().from(jobs).where(eq(jobs.name, SYNC_JOB))).some(
        (j) => (j.payload as { connectionId: string }).connectionId === off,
      ),
    ).toBe(false);
  });
});
