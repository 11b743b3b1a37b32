import { eq } from "drizzle-orm";
import "./fixtures/crash-connector.ts";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/core/actor.ts";
import { newId } from "../src/core/id.ts";
import { connectionSyncs, connections, jobs } from "../src/db/schema/index.ts";
import { startWorker } from "../src/jobs/worker.ts";
import { change } from "../src/kernel/change.ts";
import { enqueueSync } from "../src/modules/monitoring/sync/schedule.ts";
import { buildApp } from "../src/server/app.ts";
import { TestClient } from "./client.ts";
import { dbKind } from "./context.ts";
import { type CrashDatabase, crashContext, crashDatabase, killAt } from "./crash.ts";
import { CRASH_CONNECTOR } from "./fixtures/crash-connector.ts";
import { seedOrg, seedUser } from "./seed.ts";

const M = "/api/v1/monitoring";
const LEASE_SECONDS = 2;
let crash: CrashDatabase | undefined;
afterAll(async () => crash?.remove());

describe(`a worker killed -9 in the middle of a sync, on ${dbKind}`, () => {
  it("frees the connection when the job's lease ends, says why the sync stopped, and the retried sync succeeds", async () => {
    crash = await crashDatabase();
    let database = await crash.open();
    const org = await seedOrg(database.db);
    const owner = await seedUser(database.db, org.id, "owner");
    const connectionId = newId();
    await database.db.insert(connections).values({
      id: connectionId,
      organizationId: org.id,
      type: CRASH_CONNECTOR,
      name: "Crash test",
      config: {},
      nextSyncAt: new Date(Date.now() + 3600_000),
    });
    const { job } = await change(database.db, systemActor(org.id, "test"), (c) =>
      enqueueSync(c, { organizationId: org.id, connectionId, trigger: "manual" }),
    );
    await database.close(); // the child owns the embedded database while it runs

    await killAt("sync-child.ts", "SYNCING", { ...crash.env, CRASH_LEASE_SECONDS: String(LEASE_SECONDS) });

    database = await crash.open();
    const ctx = crashContext(crash, database);
    const app = await buildApp(ctx, { logger: false });
    const client = await new TestClient(app).actAs(database.db, owner.id, org.id);
    const syncsOf = () =>
      database.db.select().from(connectionSyncs).where(eq(connectionSyncs.connectionId, connectionId));
    const jobRow = async (id: string) => (await database.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;
    try {
      const [crashed] = await syncsOf();
      expect(crashed).toMatchObject({ status: "running", jobId: job.id });

      // Once the dead worker's lease has run out, nobody holds the connection any more, before any worker notices.
      await expect
        .poll(async () => (await client.get(`${M}/connections/${connectionId}`)).json().syncing, { timeout: 15_000 })
        .toBe(false);

      const worker = startWorker(ctx, { pollMs: 50, schedules: false });
      try {
        // The lease's expiry fails the crashed sync with the reason, and the job runs again (its retry policy).
        await expect
          .poll(async () => (await jobRow(job.id)).status, { timeout: 30_000, interval: 100 })
          .toBe("succeeded");
        const retried = await jobRow(job.id);
        expect(retried.attempts).toBe(2);
        expect(retried.result).toMatchObject({ status: "succeeded" });
        const after = await syncsOf();
        const abandoned = after.find((s) => s.id === crashed!.id)!;
        expect(abandoned).toMatchObject({ status: "failed" });
        expect(abandoned.error).toMatch(/worker stopped during the sync/i);
        expect(abandoned.finishedAt).not.toBeNull();
        const detail = (await client.get(`${M}/syncs/${crashed!.id}`)).json();
        expect(detail).toMatchObject({ status: "failed", error: abandoned.error });
        expect(after.filter((s) => s.status === "succeeded")).toHaveLength(1);
        expect(after.some((s) => s.status === "running")).toBe(false);

        // A sync started by hand now runs for real: 202, then it succeeds (not "skipped").
        const started = await client.post(`${M}/connections/${connectionId}/sync`);
        expect(started.statusCode).toBe(202);
        const { jobId, alreadyQueued } = started.json();
        expect(alreadyQueued).toBe(false);
        await expect
          .poll(async () => (await jobRow(jobId)).status, { timeout: 30_000, interval: 100 })
          .toBe("succeeded");
        const manual = (await jobRow(jobId)).result as { status: string; syncId: string };
        expect(manual.status).toBe("succeeded");
        expect((await client.get(`${M}/syncs/${manual.syncId}`)).json()).toMatchObject({ status: "succeeded" });
        const conn = (await client.get(`${M}/connections/${connectionId}`)).json();
        expect(conn).toMatchObject({ syncing: false, lastSync: { id: manual.syncId, status: "succeeded" } });
        expect(conn.resourceCount).toBe(2);
      } finally {
        await worker.stop();
      }
    } finally {
      await app.close();
      await database.close();
    }
  }, 180_000);
});
