import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { addDays, utcDay } from "../../core/dates.ts";
import { jobs } from "../../db/schema/index.ts";
import { startWorker } from "../../jobs/worker.ts";
import "../../jobs/builtin.ts";

/**
 * The whole review against the machine's real PostgreSQL (127.0.0.1:5432, trust): a scratch database and a scratch
 * login role are synced by the PostgreSQL connector, reviewed, the role revoked and DROPped, synced again, and the
 * campaign shows the revocation confirmed by the sync; closing attaches the report to ACC-08. Runs on both
 * databases of the suite (Assay's own data on PGlite or PostgreSQL; the reviewed server is always the real one).
 */
const { ctx, app } = withTestApp({
  config: { ASSAY_CONNECTOR_LOCAL_PATHS: "none", ASSAY_OUTBOUND_ALLOW: "127.0.0.1" },
});

const ADMIN = "postgres://postgres@127.0.0.1:5432/postgres";
const suffix = `${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
const DB = `assay_accrev_${suffix}`;
const ROLE = `assay_reviewed_${suffix}`;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let worker: ReturnType<typeof startWorker> | undefined;
beforeAll(async () => {
  worker = startWorker(ctx, { schedules: false, pollMs: 20, concurrency: 1 });
  await admin(`CREATE DATABASE ${DB}`);
  await admin(`CREATE ROLE ${ROLE} LOGIN CREATEDB`);
});
afterAll(async () => {
  await worker?.stop();
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`DROP ROLE IF EXISTS ${ROLE}`);
});

/** The sync job ran to success (a worker runs for the whole file). */
const succeeded = (jobId: string) =>
  vi.waitFor(
    async () => {
      const [j] = await ctx.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId));
      expect(j?.status).toBe("succeeded");
    },
    { timeout: 60_000, interval: 50 },
  );

describe(`access review of a real PostgreSQL server (Assay on ${dbKind})`, () => {
  it("revokes a database role, sees the next sync confirm it, and closes with the report as evidence", async () => {
    const owner = await orgWithOwner(app, ctx.db);
    const cm = await member(app, ctx.db, owner.org.id, "compliance_manager");
    const program = await owner.client.post("/api/v1/programs", {
      name: "SOC 2",
      reportType: "type2",
      windowStart: "2027-01-01",
      windowEnd: "2027-12-31",
    });
    expect(program.statusCode).toBe(201);
    const conn = await owner.client.post("/api/v1/monitoring/connections", {
      type: "postgres",
      name: "Production database",
      config: { host: "127.0.0.1", user: "postgres", database: DB },
      enabled: false,
    });
    expect(conn.statusCode, conn.body).toBe(201);
    const connectionId: string = conn.json().id;
    const sync = async () => {
      const { jobId } = (await owner.client.post(`/api/v1/monitoring/connections/${connectionId}/sync`)).json();
      await succeeded(jobId);
    };
    await sync();

    const sources = (await cm.client.get("/api/v1/access-reviews/sources")).json();
    expect(
      sources.items.find((s: { connectionId: string }) => s.connectionId === connectionId).counts.database_role,
    ).toBeGreaterThan(0);

    const launched = await cm.client.post("/api/v1/access-reviews", {
      source: "connection",
      connectionId,
      resourceTypes: ["database_role"],
      name: "Production database roles",
      system: "Production database",
      reviewerRule: "system_owner",
      systemOwnerUserId: owner.user.id,
      dueOn: addDays(utcDay(), 14),
      cadence: "quarterly",
    });
    expect(launched.statusCode, launched.body).toBe(201);
    const campaign = launched.json();
    const role = campaign.accounts.find((a: { externalId: string }) => a.externalId === ROLE);
    expect(role).toMatchObject({ kind: "database_role", flag: "orphan", roles: ["create database", "login"] });
    const others = campaign.accounts.filter((a: { id: string }) => a.id !== role.id).map((a: { id: string }) => a.id);

    const url = `/api/v1/access-reviews/${campaign.id}/decisions`;
    expect((await owner.client.post(url, { accountIds: others, decision: "keep" })).statusCode).toBe(200);
    const revoke = await owner.client.post(url, {
      accountIds: [role.id],
      decision: "revoke",
      comment: "Nobody owns this role.",
    });
    expect(revoke.statusCode, revoke.body).toBe(200);

    await admin(`DROP ROLE ${ROLE}`);
    await sync();

    const after = (await cm.client.get(`/api/v1/access-reviews/${campaign.id}`)).json();
    const revoked = after.accounts.find((a: { id: string }) => a.id === role.id);
    expect(revoked.confirmedAt).toBeTruthy();
    expect(revoked.completedAt).toBeNull();
    expect(after.progress).toMatchObject({ pending: 0, unfinished: 0 });

    const closed = await cm.client.post(`/api/v1/access-reviews/${campaign.id}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().reportEvidenceIds).toHaveLength(2);
    const csv = (await cm.client.get(`/api/v1/access-reviews/${campaign.id}/report.csv`)).body;
    const line = csv.split("\n").find((l) => l.startsWith(ROLE))!;
    expect(line).toMatch(/revoke,,Nobody owns this role\./);
    expect(line).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z\r?$/);
    const control = (await owner.client.get(`/api/v1/programs/${program.json().id}/controls/ACC-08`)).json();
    expect(JSON.stringify(control)).toMatch(/Production database closed on/);
  });
});
