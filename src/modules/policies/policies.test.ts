import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { loadContent } from "../../content/index.ts";
import { systemActor } from "../../core/actor.ts";
import { controlStatus, type ManualStatus } from "../../core/control-status.ts";
import { newId } from "../../core/id.ts";
import { ledgerEntries, policyAcknowledgements, programControls, programs } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { collectPersonTasks } from "../../kernel/routines.ts";
import { createPerson } from "../people/public.ts";
import { personInput } from "../people/schema.ts";
import { seedPeople } from "../people/testing.ts";
import { seedPolicy } from "./testing.ts";

const { ctx, app } = withTestApp();

async function setup() {
  const o = await orgWithOwner(app, ctx.db, `Acme ${newId().slice(-5)}`);
  const approver = await member(app, ctx.db, o.org.id, "compliance_manager");
  return { ...o, approver };
}

async function adopt(
  client: Awaited<ReturnType<typeof setup>>["client"],
  ownerUserId: string,
  templateIds = ["acceptable-use"],
) {
  const res = await client.post("/api/v1/policies/adopt", { templateIds, ownerUserId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().items as { id: string; title: string; templateId: string }[];
}

describe("policies: adopt, edit, review, publish", () => {
  it("adopts every template with the organization's values, and refuses duplicates, unknown templates and bad owners", async () => {
    const { org, client, user } = await setup();
    const all = await client.post("/api/v1/policies/adopt", { all: true, ownerUserId: user.id });
    expect(all.statusCode).toBe(201);
    expect(all.json().items).toHaveLength(loadContent().policies.length);
    const aup = all.json().items.find((p: { templateId: string }) => p.templateId === "acceptable-use");
    expect(aup).toMatchObject({ latestNumber: 1, latestStatus: "draft", currentNumber: null, reviewCadenceMonths: 12 });
    expect(aup.controls.length).toBeGreaterThan(0);
    const detail = (await client.get(`/api/v1/policies/${aup.id}`)).json();
    const v1 = (await client.get(`/api/v1/policies/${aup.id}/versions/${detail.versions[0].id}`)).json();
    expect(v1.body).toContain(org.name);
    expect(v1.body).toContain(user.name);
    expect(v1.body).not.toContain("{{");

    const again = await client.post("/api/v1/policies/adopt", {
      templateIds: ["acceptable-use"],
      ownerUserId: user.id,
    });
    expect(again.json()).toMatchObject({ status: 409, code: "already_adopted" });
    const unknown = await client.post("/api/v1/policies/adopt", { templateIds: ["nope"], ownerUserId: user.id });
    expect(unknown.json()).toMatchObject({ status: 400, code: "unknown_template" });
    const employee = await member(app, ctx.db, org.id, "employee");
    const other = await orgWithOwner(app, ctx.db);
    const asOwner = await other.client.post("/api/v1/policies/adopt", {
      templateIds: ["backup"],
      ownerUserId: employee.user.id,
    });
    expect(asOwner.json()).toMatchObject({ status: 400, code: "unknown_owner" });
    const employeeOwner = await client.post("/api/v1/policies/adopt", {
      templateIds: [],
      ownerUserId: employee.user.id,
    });
    expect(employeeOwner.json()).toMatchObject({ status: 400, code: "no_templates" });
    const wrongType = await client.post("/api/v1/policies/adopt", { templateIds: "backup", ownerUserId: user.id });
    expect(wrongType.statusCode).toBe(400);
  });

  it("runs draft → review → changes requested → approved → published, with independent approval and diffs", async () => {
    const { org, client, user, approver } = await setup();
    const [p] = await adopt(client, user.id);
    const draft = await client.put(`/api/v1/policies/${p!.id}/draft`, {
      body: "# Acceptable Use Policy\n\nLine one.\nLine two.\n",
      changeSummary: "Shorter first draft",
      significance: "major",
    });
    expect(draft.json()).toMatchObject({ number: 1, status: "draft", changeSummary: "Shorter first draft" });
    const vid = draft.json().id;
    const V = `/api/v1/policies/${p!.id}/versions/${vid}`;

    // The owner wrote it: with independent approval on (the default) they cannot approve it.
    const self = await client.post(`${V}/submit`, { approverIds: [user.id] });
    expect(self.json()).toMatchObject({ status: 409, code: "author_cannot_approve" });
    const employee = await member(app, ctx.db, org.id, "employee");
    const badRole = await client.post(`${V}/submit`, { approverIds: [employee.user.id] });
    expect(badRole.json()).toMatchObject({ status: 400, code: "approver_role" });
    const outsider = await client.post(`${V}/submit`, { approverIds: [crypto.randomUUID()] });
    expect(outsider.json()).toMatchObject({ status: 400, code: "unknown_approver" });

    expect((await client.post(`${V}/submit`, { approverIds: [approver.user.id] })).json().status).toBe("in_review");
    const locked = await client.put(`/api/v1/policies/${p!.id}/draft`, { body: "# X\n" });
    expect(locked.json()).toMatchObject({ status: 409, code: "version_locked" });
    // Not named: refused with the reason.
    const notNamed = await client.post(`${V}/approve`, {});
    expect(notNamed.json()).toMatchObject({ status: 403, code: "cannot_decide" });
    const noComment = await approver.client.post(`${V}/request-changes`, { comment: "" });
    expect(noComment.statusCode).toBe(400);
    const back = await approver.client.post(`${V}/request-changes`, { comment: "Add the monitoring clause." });
    expect(back.json()).toMatchObject({ status: "draft" });
    expect(back.json().approvals[0]).toMatchObject({
      decision: "changes_requested",
      comment: "Add the monitoring clause.",
    });
    await client.put(`/api/v1/policies/${p!.id}/draft`, {
      body: "# Acceptable Use Policy\n\nLine one.\nLine two, monitored.\n",
      changeSummary: "Monitoring clause",
    });
    await client.post(`${V}/submit`, { approverIds: [approver.user.id] });
    const early = await client.post(`${V}/publish`, {});
    expect(early.json()).toMatchObject({ status: 409, code: "not_approved" });
    expect((await approver.client.post(`${V}/approve`, {})).json().status).toBe("approved");

    await seedPeople(ctx.db, org.id, [
      { fullName: "Ann Active" },
      { fullName: "Bob Builder", kind: "contractor" },
      { fullName: "Lea Left", status: "left" },
    ]);
    const published = await client.post(`${V}/publish`, {});
    expect(published.json()).toMatchObject({ currentNumber: 1, requested: 2, accepted: 0, percent: 0 });
    expect(published.json().nextReviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // A minor second version: no new requests; the first version's requests still count.
    const v2 = await client.put(`/api/v1/policies/${p!.id}/draft`, {
      body: "# Acceptable Use Policy\n\nLine one.\nLine two, monitored.\nLine three.\n",
      changeSummary: "Typo",
      significance: "minor",
    });
    expect(v2.json()).toMatchObject({ number: 2, status: "draft", significance: "minor" });
    const V2 = `/api/v1/policies/${p!.id}/versions/${v2.json().id}`;
    await client.post(`${V2}/submit`, { approverIds: [approver.user.id] });
    await approver.client.post(`${V2}/approve`, { comment: "Fine" });
    const minor = await client.post(`${V2}/publish`, {});
    expect(minor.json()).toMatchObject({ currentNumber: 2, requested: 2 });
    const statuses = minor.json().versions.map((v: { number: number; status: string }) => [v.number, v.status]);
    expect(statuses).toEqual([
      [2, "published"],
      [1, "superseded"],
    ]);

    const diff = (await client.get(`/api/v1/policies/${p!.id}/diff?from=1&to=2`)).json();
    expect(diff).toMatchObject({ from: 1, to: 2, added: 1, removed: 0 });
    expect(diff.parts.find((x: { kind: string }) => x.kind === "added").text).toBe("Line three.\n");
    const same = await client.get(`/api/v1/policies/${p!.id}/diff?from=2&to=2`);
    expect(same.json()).toMatchObject({ status: 400, code: "same_version" });

    const pdf = await client.get(`${V2}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");

    const entries = await ctx.db
      .select({ action: ledgerEntries.action })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.organizationId, org.id), eq(ledgerEntries.entityId, p!.id)));
    expect(new Set(entries.map((e) => e.action))).toEqual(
      new Set([
        "policies.created",
        "policies.draft_saved",
        "policies.submitted",
        "policies.changes_requested",
        "policies.approved",
        "policies.published",
      ]),
    );
  });

  it("lets an author approve when the organization turns independent approval off", async () => {
    const { client, user } = await setup();
    const [p] = await adopt(client, user.id, ["backup"]);
    const d = await client.put(`/api/v1/policies/${p!.id}/draft`, { body: "# Backup Policy\n\nText.\n" });
    const off = await client.patch("/api/v1/policies/settings", { independentApproval: false });
    expect(off.json()).toMatchObject({ independentApproval: false, requiredAcceptancePercent: 95 });
    const V = `/api/v1/policies/${p!.id}/versions/${d.json().id}`;
    expect((await client.post(`${V}/submit`, { approverIds: [user.id] })).json().status).toBe("in_review");
    expect((await client.post(`${V}/approve`, {})).json().status).toBe("approved");
    const bad = await client.patch("/api/v1/policies/settings", { requiredAcceptancePercent: 101 });
    expect(bad.statusCode).toBe(400);
  });
});

describe("policies: acceptance", () => {
  it("asks the audience, records the employee's acceptance from the portal, tracks it, and asks people who join later", async () => {
    const { org, client, user, approver } = await setup();
    const employee = await member(app, ctx.db, org.id, "employee");
    const [me, , gone] = await seedPeople(ctx.db, org.id, [
      { email: employee.user.email, fullName: "Erin Employee", department: "Engineering" },
      { fullName: "Sam Sales", department: "Sales" },
      { fullName: "Dora Departed", department: "Engineering", status: "left" },
    ]);
    const { policy } = await seedPolicy(
      ctx.db,
      org.id,
      { id: user.id, email: user.email, name: user.name },
      {
        publish: {
          approver: { id: approver.user.id, email: approver.user.email, name: approver.user.name },
          audience: { departments: ["Engineering"] },
        },
      },
    );
    const track = await client.get(`/api/v1/policies/${policy.id}/acceptance`);
    expect(track.json()).toMatchObject({ requested: 1, accepted: 0, percent: 0, requiredVersion: 1 });
    expect(track.json().items.map((i: { fullName: string }) => i.fullName)).toEqual(["Erin Employee"]);
    expect(gone).toBeDefined();

    // The employee's task, and their portal.
    const tasks = await collectPersonTasks(ctx.db, org.id, [me!.id], new Date());
    expect(tasks.get(me!.id)!.filter((k) => k.module === "policies")).toMatchObject([
      {
        module: "policies",
        title: "Accept the Acceptable Use Policy, version 1",
        state: "open",
        href: `/portal/policies/${policy.id}`,
      },
    ]);
    const mine = (await employee.client.get("/api/v1/portal/policies")).json();
    expect(mine.items).toMatchObject([{ policyId: policy.id, requiredVersion: 1, acceptedAt: null }]);
    expect((await employee.client.get(`/api/v1/portal/policies/${policy.id}`)).json().body).toContain("Acceptable Use");
    // The employee cannot read the organization's policy list.
    expect((await employee.client.get("/api/v1/policies")).statusCode).toBe(403);

    const accepted = await employee.client.post(`/api/v1/portal/policies/${policy.id}/accept`, undefined, {
      headers: { "user-agent": "Vitest browser" },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().acceptedAt).toBeTruthy();
    const [row] = await ctx.db.select().from(policyAcknowledgements).where(eq(policyAcknowledgements.personId, me!.id));
    expect(row).toMatchObject({ acceptedByUserId: employee.user.id, userAgent: "Vitest browser" });
    expect(row!.ip).toBeTruthy();
    const [entry] = await ctx.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.organizationId, org.id), eq(ledgerEntries.action, "policies.accepted")));
    expect(entry!.actorId).toBe(employee.user.id);
    expect(JSON.stringify(entry!.changes)).toContain("Vitest browser");
    expect((await client.get(`/api/v1/policies/${policy.id}/acceptance`)).json()).toMatchObject({ percent: 100 });

    // Someone else's request: the portal knows only your own.
    const stranger = await member(app, ctx.db, org.id, "employee");
    const notMine = await stranger.client.post(`/api/v1/portal/policies/${policy.id}/accept`);
    expect(notMine.json()).toMatchObject({ status: 404, code: "not_found" });

    // A new hire in Engineering is asked (due a week after their start); one in Sales is not.
    const [hire, sales] = await change(ctx.db, systemActor(org.id), async (c) => [
      await createPerson(
        c,
        personInput.parse({
          email: "hire@example.test",
          fullName: "New Hire",
          department: "Engineering",
          startDate: "2099-01-04",
        }),
      ),
      await createPerson(
        c,
        personInput.parse({ email: "sales@example.test", fullName: "New Sales", department: "Sales" }),
      ),
    ]);
    const after = (await client.get(`/api/v1/policies/${policy.id}/acceptance?state=outstanding`)).json();
    expect(after).toMatchObject({ requested: 2, accepted: 1, percent: 50 });
    expect(after.items).toMatchObject([{ personId: hire!.id, dueDate: "2099-01-11" }]);
    expect(sales).toBeDefined();

    const csv = await client.get(`/api/v1/policies/${policy.id}/acceptance.csv`);
    expect(csv.body.split("\r\n")[0]).toBe(
      "name,email,department,requested_version,requested_at,due_date,accepted_at,accepted_version,ip,user_agent",
    );
    expect(csv.body).toContain("Erin Employee");
    expect(csv.body).toContain("Vitest browser");
    const pdf = await client.get(`/api/v1/policies/${policy.id}/acceptance.pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("turns a program control that names the policy operating once it is published and accepted", async () => {
    const { org, user, approver, client } = await setup();
    const libraryId = loadContent().controlsByPolicy.get("acceptable-use")![0]!;
    const [program] = await ctx.db
      .insert(programs)
      .values({
        id: newId(),
        organizationId: org.id,
        name: "SOC 2",
        reportType: "type2",
        categories: ["security"],
        scope: {},
      })
      .returning();
    await ctx.db.insert(programControls).values({
      id: newId(),
      organizationId: org.id,
      programId: program!.id,
      key: libraryId,
      libraryId,
      name: "Acceptable use acknowledged",
      description: "Staff accept the acceptable use policy.",
      ownerRole: "compliance_manager",
      frequency: "annually",
      natureType: "preventive",
      natureMode: "manual",
      evidence: [],
      policies: ["acceptable-use"],
      criteria: ["CC1.1"],
    });
    const status = async () => {
      const [row] = await ctx.db.select().from(programControls).where(eq(programControls.programId, program!.id));
      const verdict = controlStatus({
        applicable: row!.applicable,
        manual: { status: row!.status as ManualStatus, reason: row!.statusReason, setAt: row!.statusSetAt },
        signals: row!.signals,
      });
      return { status: verdict.status, signals: row!.signals };
    };
    const [person] = await seedPeople(ctx.db, org.id, [{ email: user.email, fullName: "Owner Person" }]);
    const owner = { id: user.id, email: user.email, name: user.name };
    const { policy } = await seedPolicy(ctx.db, org.id, owner, {
      publish: { approver: { id: approver.user.id, email: approver.user.email, name: approver.user.name } },
    });
    const published = await status();
    expect(published.signals?.checks?.[0]).toMatchObject({ source: "policies", state: "not_met" });
    expect(published.status).not.toBe("operating");

    const res = await client.post(`/api/v1/portal/policies/${policy.id}/accept`);
    expect(res.statusCode, res.body).toBe(200);
    const accepted = await status();
    expect(accepted.signals?.checks?.[0]).toMatchObject({ state: "met" });
    expect(accepted.status).toBe("operating");
    expect(person).toBeDefined();
  });
});
