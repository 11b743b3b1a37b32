import { afterEach, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import type { PersonTask } from "../../core/person-tasks.ts";
import { installRoutines } from "../../kernel/routines.ts";
import { seedPeople } from "../people/testing.ts";

const { ctx, app } = withTestApp();

/** A provider standing in for a people module: tasks for the people it was told about. */
const handed = new Map<string, PersonTask[]>();
installRoutines([
  {
    personTasks: {
      name: "portal-test",
      async tasksFor(_db, _org, ids) {
        return new Map(ids.filter((id) => handed.has(id)).map((id) => [id, handed.get(id)!]));
      },
    },
  },
]);
afterEach(() => handed.clear());

const task = (over: Partial<PersonTask>): PersonTask => ({
  id: crypto.randomUUID(),
  module: "portal-test",
  kind: "policy",
  title: "Accept the Acceptable Use Policy",
  dueDate: "2027-01-31",
  state: "open",
  href: "/portal/policies/x",
  doneAt: null,
  ...over,
});

describe("employee portal", () => {
  it("shows an employee their own tasks from every module, overdue first, with their status", async () => {
    const { org } = await orgWithOwner(app, ctx.db);
    const employee = await member(app, ctx.db, org.id, "employee");
    const [me, colleague] = await seedPeople(ctx.db, org.id, [{ email: employee.user.email }, {}]);
    handed.set(me!.id, [
      task({ title: "Complete security training", kind: "training", dueDate: "2027-03-01" }),
      task({ title: "Accept the Code of Conduct", state: "overdue", dueDate: "2026-01-01" }),
      task({ title: "Enrol your laptop", state: "done", doneAt: "2026-12-01T10:00:00.000Z" }),
    ]);
    handed.set(colleague!.id, [task({ title: "Someone else's task" })]);

    const res = await employee.client.get("/api/v1/portal");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.person).toMatchObject({ id: me!.id, email: employee.user.email.toLowerCase() });
    // Every installed module asks too (training, an enrolled computer): the stand-in's tasks keep their order.
    const tasks = body.tasks as PersonTask[];
    expect(tasks.filter((t) => t.module === "portal-test").map((t) => t.title)).toEqual([
      "Accept the Code of Conduct",
      "Complete security training",
      "Enrol your laptop",
    ]);
    expect(tasks[0]!.title).toBe("Accept the Code of Conduct");
    expect(tasks.at(-1)!.state).toBe("done");
    expect(body.compliance).toMatchObject({
      state: "overdue",
      overdue: 1,
      open: tasks.filter((t) => t.state === "open").length,
      done: 1,
      reason: "1 task is overdue: Accept the Code of Conduct.",
    });
  });

  it("tells a member who is not in the directory that nothing is asked of them yet", async () => {
    const { org } = await orgWithOwner(app, ctx.db);
    const viewer = await member(app, ctx.db, org.id, "viewer");
    const res = await viewer.client.get("/api/v1/portal");
    expect(res.json()).toEqual({ person: null, compliance: null, tasks: [] });
  });

  it("never shows a person of another organization with the same email", async () => {
    const a = await orgWithOwner(app, ctx.db);
    const b = await orgWithOwner(app, ctx.db);
    const employee = await member(app, ctx.db, a.org.id, "employee");
    const [elsewhere] = await seedPeople(ctx.db, b.org.id, [{ email: employee.user.email }]);
    handed.set(elsewhere!.id, [task({ title: "Not yours" })]);
    expect((await employee.client.get("/api/v1/portal")).json()).toMatchObject({ person: null, tasks: [] });
  });
});
