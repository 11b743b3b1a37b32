import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import type { PersonTask } from "../../core/person-tasks.ts";
import { seedPolicy } from "../policies/testing.ts";
import { seedPeople } from "./testing.ts";

const { ctx, app } = withTestApp();

describe("whose work a task is", () => {
  it("counts a background check in a person's status but keeps it out of their own portal", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const employee = await member(app, ctx.db, org.id, "employee");
    const [erin] = await seedPeople(ctx.db, org.id, [
      { email: employee.user.email, fullName: "Erin Employee", startDate: "2020-01-01" },
    ]);
    const page = (await client.get(`/api/v1/people/${erin!.id}/routines`)).json();
    const background = (page.tasks as PersonTask[]).filter((t) => t.kind === "background_check");
    expect(background).toHaveLength(1);
    expect(background[0]).toMatchObject({ onBehalf: true, state: "overdue" });
    expect(page.compliance.state).toBe("overdue");

    const portal = (await employee.client.get("/api/v1/portal")).json();
    expect(portal.person.id).toBe(erin!.id);
    expect((portal.tasks as PersonTask[]).map((t) => t.kind)).not.toContain("background_check");
    expect(portal.tasks.length).toBeGreaterThan(0); // training still asks them
  });

  it("asks nothing more of someone who left than their offboarding steps", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const approver = await member(app, ctx.db, org.id, "compliance_manager");
    const [leo] = await seedPeople(ctx.db, org.id, [{ fullName: "Leo Leaving", startDate: "2020-01-01" }]);
    await seedPolicy(ctx.db, org.id, user, {
      publish: { approver: { id: approver.user.id, email: approver.user.email, name: approver.user.name } },
    });
    const before = (await client.get(`/api/v1/people/${leo!.id}/routines`)).json();
    const modules = (r: { tasks: PersonTask[] }) => [...new Set(r.tasks.map((t) => t.module))].sort();
    expect(modules(before)).toEqual(expect.arrayContaining(["policies", "training"]));

    const left = await client.patch(`/api/v1/people/${leo!.id}`, { status: "left", endDate: "2026-03-02" });
    expect(left.statusCode, left.body).toBe(200);
    const after = (await client.get(`/api/v1/people/${leo!.id}/routines`)).json();
    expect(modules(after).filter((m) => m !== "people")).toEqual([]);
    expect(after.checklists.some((i: { checklist: string }) => i.checklist === "offboarding")).toBe(true);
    // Their status is about offboarding now, not the policy they never accepted.
    expect(after.compliance.reason).not.toContain("Accept the");
  });
});
