import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { expireSession, member, orgWithOwner, seedApiToken, withoutCsrf } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { jobs } from "../../db/schema/index.ts";
import { enqueue, fail } from "../../jobs/queue.ts";

const { ctx, app } = withTestApp();

/** A job that ran out of attempts. */
async function failedJob(organizationId: string | null, name = "demo.sleep") {
  const job = (await enqueue(ctx.db, { name, organizationId, maxAttempts: 1, payload: { ms: 5 } }))!;
  const worker = `test-${job.id}`;
  // Mark exactly this job as claimed (claim() would take whichever job is due first).
  await ctx.db.update(jobs).set({ lockedBy: worker, status: "running", attempts: 1 }).where(eq(jobs.id, job.id));
  await fail(ctx.db, { ...job, attempts: 1 }, worker, "Upstream API answered 503: try again later.");
  return job;
}

describe("GET /api/v1/jobs", () => {
  it("lists the organization's and installation-wide jobs, never another organization's", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const other = await orgWithOwner(app, ctx.db);
    const mine = (await enqueue(ctx.db, { name: "demo.sleep", organizationId: org.id, payload: { ms: 1 } }))!;
    const maintenance = (await enqueue(ctx.db, { name: "sessions.cleanup" }))!;
    const theirs = (await enqueue(ctx.db, { name: "demo.sleep", organizationId: other.org.id }))!;
    const broken = await failedJob(org.id);

    const list = (await client.get("/api/v1/jobs?pageSize=100")).json();
    const ids = list.items.map((j: { id: string }) => j.id);
    expect(ids).toEqual(expect.arrayContaining([mine.id, maintenance.id, broken.id]));
    expect(ids).not.toContain(theirs.id);
    expect(list.items.find((j: { id: string }) => j.id === maintenance.id)).toMatchObject({
      scope: "installation",
      organizationId: null,
      status: "queued",
    });
    expect(list.items.find((j: { id: string }) => j.id === broken.id)).toMatchObject({
      scope: "organization",
      status: "failed",
      attempts: 1,
      lastError: "Upstream API answered 503: try again later.",
    });
    expect(list.items[0]).not.toHaveProperty("payload");

    const failed = (await client.get("/api/v1/jobs?status=failed&pageSize=100")).json();
    expect(failed.items.every((j: { status: string }) => j.status === "failed")).toBe(true);
    expect(failed.items.map((j: { id: string }) => j.id)).toContain(broken.id);
    const byName = (await client.get("/api/v1/jobs?name=sessions.cleanup&pageSize=100")).json();
    expect(byName.items.every((j: { name: string }) => j.name === "sessions.cleanup")).toBe(true);
    const paged = (await client.get("/api/v1/jobs?pageSize=1&page=2")).json();
    expect(paged).toMatchObject({ page: 2, pageSize: 1 });
    expect(paged.items).toHaveLength(1);
  });

  it("is for owners and admins only, and rejects bad queries", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    expect((await (await member(app, ctx.db, org.id, "admin")).client.get("/api/v1/jobs")).statusCode).toBe(200);
    for (const role of ["compliance_manager", "auditor", "viewer", "employee"] as const)
      expect((await (await member(app, ctx.db, org.id, role)).client.get("/api/v1/jobs")).statusCode, role).toBe(403);
    for (const q of ["status=done", "page=0", "pageSize=1000", "owner=me", "name="]) {
      const res = await client.get(`/api/v1/jobs?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
    await expireSession(ctx.db, client);
    expect((await client.get("/api/v1/jobs")).statusCode).toBe(401);
  });
});

describe("GET /api/v1/jobs/:id", () => {
  it("shows payload and result of a visible job; another organization's job is not found", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const other = await orgWithOwner(app, ctx.db);
    const mine = (await enqueue(ctx.db, { name: "demo.sleep", organizationId: org.id, payload: { ms: 7 } }))!;
    const theirs = (await enqueue(ctx.db, { name: "demo.sleep", organizationId: other.org.id }))!;
    const res = await client.get(`/api/v1/jobs/${mine.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: mine.id, payload: { ms: 7 }, result: null, dedupeKey: null });
    for (const id of [theirs.id, "01a00000-0000-7000-8000-000000000000"]) {
      const nf = await client.get(`/api/v1/jobs/${id}`);
      expect(nf.statusCode).toBe(404);
      expect(nf.json()).toMatchObject({ code: "not_found", detail: "Job was not found." });
    }
    expect((await client.get("/api/v1/jobs/not-a-uuid")).statusCode).toBe(400);
  });
});

describe("POST /api/v1/jobs/:id/retry", () => {
  it("requeues the organization's failed job and records it in the ledger", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const job = await failedJob(org.id);
    const res = await client.post(`/api/v1/jobs/${job.id}/retry`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: job.id, status: "queued", attempts: 0 });
    const [entry] = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "job.retried");
    expect(entry).toMatchObject({ entityType: "job", entityId: job.id, actorId: user.id });
    expect(entry!.changes).toMatchObject({ before: { status: "failed" }, after: { status: "queued" } });

    const again = await client.post(`/api/v1/jobs/${job.id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "job_not_failed" });
    expect(again.json().detail).toContain("queued");
  });

  it("refuses installation jobs, other organizations' jobs, bad input and missing CSRF, writing nothing", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const other = await orgWithOwner(app, ctx.db);
    const theirs = await failedJob(other.org.id);
    const maintenance = await failedJob(null, "sessions.cleanup");
    const mine = await failedJob(org.id);
    const before = await snapshotOrg(ctx.db, org.id);

    expect((await client.post(`/api/v1/jobs/${theirs.id}/retry`)).statusCode).toBe(404);
    const inst = await client.post(`/api/v1/jobs/${maintenance.id}/retry`);
    expect(inst.statusCode).toBe(403);
    expect(inst.json()).toMatchObject({ code: "installation_job" });
    expect((await client.post(`/api/v1/jobs/${mine.id}/retry`, { force: true })).statusCode).toBe(400);
    const malformed = await client.request("POST", `/api/v1/jobs/${mine.id}/retry`, "{", {
      headers: { "content-type": "application/json" },
    });
    expect(malformed.statusCode).toBe(400);
    expect((await withoutCsrf(client).post(`/api/v1/jobs/${mine.id}/retry`)).json().code).toBe("csrf_failed");
    const admin = await member(app, ctx.db, org.id, "compliance_manager");
    expect((await admin.client.post(`/api/v1/jobs/${mine.id}/retry`)).statusCode).toBe(403);
    const readToken = await seedApiToken(ctx.db, user.id, org.id, { scope: "read" });
    const bearer = new TestClient(app);
    bearer.bearer = readToken.secret;
    expect((await bearer.get(`/api/v1/jobs/${mine.id}`)).statusCode).toBe(200);
    expect((await bearer.post(`/api/v1/jobs/${mine.id}/retry`)).statusCode).toBe(403);

    const after = await snapshotOrg(ctx.db, org.id);
    expect(after.jobs).toEqual(before.jobs);
    expect(after.ledger).toEqual(before.ledger);
    expect((await ctx.db.select().from(jobs).where(eq(jobs.id, theirs.id)))[0]!.status).toBe("failed");
  });
});
