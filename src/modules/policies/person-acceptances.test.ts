import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { policyAcknowledgements } from "../../db/schema/index.ts";
import { seedPeople } from "../people/testing.ts";
import { pdfPageLines } from "../remediation/testing.ts";
import { seedPolicy } from "./testing.ts";

const { ctx, app } = withTestApp();

describe("GET /api/v1/policies/people/:personId/acceptances", () => {
  it("lists what one person accepted (version, when, from where) and what is outstanding or overdue, with a CSV", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const approver = await member(app, ctx.db, org.id, "compliance_manager");
    const employee = await member(app, ctx.db, org.id, "employee");
    const [me] = await seedPeople(ctx.db, org.id, [{ email: employee.user.email, fullName: "Erin Employee" }]);
    const owner = { id: user.id, email: user.email, name: user.name };
    const publish = { approver: { id: approver.user.id, email: approver.user.email, name: approver.user.name } };
    const aup = await seedPolicy(ctx.db, org.id, owner, { templateId: "acceptable-use", publish });
    const house = await seedPolicy(ctx.db, org.id, owner, { templateId: null, publish });
    const third = await seedPolicy(ctx.db, org.id, owner, { templateId: null, publish });

    const accept = await employee.client.post(`/api/v1/portal/policies/${aup.policy.id}/accept`, undefined, {
      headers: { "user-agent": "Vitest browser" },
    });
    expect(accept.statusCode, accept.body).toBe(200);
    // One request is past its due date.
    await ctx.db
      .update(policyAcknowledgements)
      .set({ dueDate: "2020-01-31" })
      .where(and(eq(policyAcknowledgements.personId, me!.id), eq(policyAcknowledgements.policyId, third.policy.id)));

    const res = await client.get(`/api/v1/policies/people/${me!.id}/acceptances`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      personId: me!.id,
      fullName: "Erin Employee",
      accepted: 1,
      outstanding: 2,
      overdue: 1,
    });
    expect(body.items.map((i: { policyId: string; state: string }) => [i.policyId, i.state])).toEqual([
      [third.policy.id, "overdue"],
      [house.policy.id, "outstanding"],
      [aup.policy.id, "accepted"],
    ]);
    const done = body.items[2];
    expect(done).toMatchObject({ requestedVersion: 1, acceptedVersion: 1, current: true, userAgent: "Vitest browser" });
    expect(done.acceptedAt).toBeTruthy();
    expect(done.ip).toBeTruthy();

    const csv = await client.get(`/api/v1/policies/people/${me!.id}/acceptances.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.trim().split("\r\n");
    expect(lines[0]).toBe(
      "policy,requested_version,required_now,state,requested_at,due_date,accepted_at,accepted_version,ip,user_agent",
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain("Vitest browser");

    const pdf = await client.get(`/api/v1/policies/people/${me!.id}/acceptances.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-disposition"]).toContain("erin-employee-policy-acceptances.pdf");
    const text = pdfPageLines(pdf.rawPayload).flat().join("\n");
    expect(text).toContain("Erin Employee: policy acceptances");
    expect(text).toContain("overdue");
    expect(text).toContain("Vitest browser");

    // A person never asked: an empty list, not an error.
    const [fresh] = await seedPeople(ctx.db, org.id, [{ status: "left" }]);
    expect((await client.get(`/api/v1/policies/people/${fresh!.id}/acceptances`)).json()).toMatchObject({
      accepted: 0,
      outstanding: 0,
      items: [],
    });
  });

  it("refuses employees, unknown ids, malformed ids and another organization's people", async () => {
    const a = await orgWithOwner(app, ctx.db);
    const b = await orgWithOwner(app, ctx.db);
    const [theirs] = await seedPeople(ctx.db, b.org.id, [{}]);
    const other = await a.client.get(`/api/v1/policies/people/${theirs!.id}/acceptances`);
    expect(other.statusCode).toBe(404);
    expect((await a.client.get(`/api/v1/policies/people/${theirs!.id}/acceptances.csv`)).statusCode).toBe(404);
    expect((await a.client.get(`/api/v1/policies/people/${crypto.randomUUID()}/acceptances`)).statusCode).toBe(404);
    expect((await a.client.get("/api/v1/policies/people/not-a-uuid/acceptances")).statusCode).toBe(400);
    const employee = await member(app, ctx.db, a.org.id, "employee");
    const [mine] = await seedPeople(ctx.db, a.org.id, [{}]);
    expect((await employee.client.get(`/api/v1/policies/people/${mine!.id}/acceptances`)).statusCode).toBe(403);
  });

  it("records one acceptance when the same person accepts from several tabs at once", async () => {
    const { org, user } = await orgWithOwner(app, ctx.db);
    const approver = await member(app, ctx.db, org.id, "compliance_manager");
    const employee = await member(app, ctx.db, org.id, "employee");
    const [me] = await seedPeople(ctx.db, org.id, [{ email: employee.user.email, fullName: "Tab Happy" }]);
    const publish = { approver: { id: approver.user.id, email: approver.user.email, name: approver.user.name } };
    const aup = await seedPolicy(ctx.db, org.id, { id: user.id, email: user.email, name: user.name }, { publish });
    const url = `/api/v1/portal/policies/${aup.policy.id}/accept`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => employee.client.post(url)));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    const rows = await ctx.db
      .select()
      .from(policyAcknowledgements)
      .where(and(eq(policyAcknowledgements.policyId, aup.policy.id), eq(policyAcknowledgements.personId, me!.id)));
    expect(rows).toHaveLength(1);
    // Every tab is told the same moment: the one acceptance that was recorded.
    expect(new Set(answers.map((r) => JSON.stringify(r.json().acceptedAt))).size).toBe(1);
    const accepted = (await ledgerOf(ctx.db, org.id)).filter(
      (e) => e.action === "policies.accepted" && e.entityId === aup.policy.id,
    );
    expect(accepted).toHaveLength(1);
  });
});
