import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../../test/app.ts";
import { registerThingConnector, thing } from "../../../../test/connectors.ts";
import { dbKind } from "../../../../test/context.ts";
import { capturedLog } from "../../../../test/log.ts";
import { orgWithOwner } from "../../../../test/people.ts";
import { ledgerOf } from "../../../../test/snapshot.ts";
import { jobs } from "../../../db/schema/index.ts";
import { startWorker } from "../../../jobs/worker.ts";
import { runSync } from "./sync.ts";

/**
 * A sync that fails on an error of Assay's own database: people see a generic message with a reference, never the
 * SQL and values drizzle puts in the error ("Failed query: insert into … params: …"); the log gets all of it.
 * The database error is real: a CHECK constraint this test adds to its own copy of the resources table refuses the
 * one resource the connector reports.
 */
const { ctx, app } = withTestApp();
const M = "/api/v1/monitoring";
const REFUSED = "refused-by-the-database";
const SQL_TEXT = /Failed query|insert into|params:|violates|check constraint/i;

const connector = registerThingConnector("db_error_test", async function* () {
  yield [thing(REFUSED)];
});

async function refuseResource() {
  await ctx.db.execute(
    sql.raw(`ALTER TABLE resources ADD CONSTRAINT test_refuses_resource CHECK (external_id <> '${REFUSED}') NOT VALID`),
  );
}

async function finished(jobId: string) {
  const worker = startWorker(ctx, { schedules: false, pollMs: 20, concurrency: 1 });
  const status = async () => (await ctx.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId)))[0];
  try {
    await expect.poll(async () => (await status())?.status, { timeout: 20_000 }).toMatch(/^(succeeded|failed)$/);
    return (await status())!.status;
  } finally {
    await worker.stop();
  }
}

describe(`database errors during a sync, on ${dbKind}`, () => {
  it("never show their SQL to people: the sync, the connection, the job, the alert and the ledger get a generic message with a reference", async () => {
    await refuseResource();
    const { org, client } = await orgWithOwner(app, ctx.db);
    const conn = (await client.post(`${M}/connections`, { type: connector.type, name: "Refused", config: {} })).json();
    const { jobId } = (await client.post(`${M}/connections/${conn.id}/sync`)).json();
    expect(await finished(jobId)).toBe("failed");

    const [sync] = (await client.get(`${M}/syncs?connectionId=${conn.id}`)).json().items;
    const detail = (await client.get(`${M}/syncs/${sync.id}`)).json();
    expect(detail.status).toBe("failed");
    expect(detail.error).not.toMatch(SQL_TEXT);
    expect(detail.error).toContain(`reference sync ${sync.id}`);
    expect(detail.error).toMatch(/administrator/);

    const connection = (await client.get(`${M}/connections/${conn.id}`)).json();
    expect(connection.lastSync.error).toBe(detail.error);
    const jobView = (await client.get(`/api/v1/jobs/${jobId}`)).json();
    expect(jobView.lastError).toContain(`reference sync ${sync.id}`);
    expect(JSON.stringify(jobView)).not.toMatch(SQL_TEXT);
    const inbox = (await client.get("/api/v1/notifications")).json();
    const alert = inbox.items.find((n: { title: string }) => n.title.includes("Refused"));
    expect(alert.body).toContain(`reference sync ${sync.id}`);
    expect(JSON.stringify(inbox)).not.toMatch(SQL_TEXT);
    expect(JSON.stringify(await ledgerOf(ctx.db, org.id))).not.toMatch(SQL_TEXT);
  });

  it("writes the full database error to the log, under the sync's id", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const conn = (await client.post(`${M}/connections`, { type: connector.type, name: "Logged", config: {} })).json();
    const { log, lines } = capturedLog("warn");
    const result = await runSync({ ...ctx, log }, org.id, conn.id, { trigger: "manual" });
    expect(result.status).toBe("failed");
    expect(result.error).not.toMatch(SQL_TEXT);
    const logged = lines().find((l) => l.msg === "sync failed")!;
    expect(logged.syncId).toBe(result.syncId);
    expect((logged.err as { message: string }).message).toMatch(/^Failed query: insert into "resources"/);
  });

  it("answers a database error in a request with a problem that names the request, not the SQL", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const conn = (await client.post(`${M}/connections`, { type: connector.type, name: "No jobs", config: {} })).json();
    await ctx.db.execute(
      sql.raw(
        `ALTER TABLE jobs ADD CONSTRAINT test_refuses_job CHECK (payload->>'connectionId' IS DISTINCT FROM '${conn.id}') NOT VALID`,
      ),
    );
    const res = await client.post(`${M}/connections/${conn.id}/sync`);
    expect(res.statusCode).toBe(500);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const problem = res.json();
    expect(problem).toMatchObject({ code: "internal_error", requestId: expect.any(String) });
    expect(res.body).not.toMatch(SQL_TEXT);
  });
});
