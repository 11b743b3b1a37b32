import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerEntries } from "../../db/schema/index.ts";
import { audienceIds, personOfUser } from "./public.ts";
import { seedPeople } from "./testing.ts";

const { ctx, app } = withTestApp();

describe("people directory", () => {
  it("adds a person by hand, links them to the member with that email, and records it in the ledger", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const employee = await member(
      app,
      ctx.db,
      org.id,
      "employee",
      `Grace-${crypto.randomUUID().slice(0, 6)}@Example.test`,
    );
    const created = await client.post("/api/v1/people", {
      email: employee.user.email.toUpperCase(),
      fullName: "Grace Hopper",
      department: "Engineering",
      startDate: "2027-01-04",
    });
    expect(created.statusCode).toBe(201);
    const person = created.json();
    expect(person).toMatchObject({
      email: employee.user.email.toLowerCase(),
      kind: "employee",
      status: "active",
      source: "manual",
      userId: employee.user.id,
    });
    expect((await personOfUser(ctx.db, org.id, employee.user.id))?.id).toBe(person.id);
    const entries = await ctx.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.organizationId, org.id), eq(ledgerEntries.entityId, person.id)));
    expect(entries.map((e) => e.action)).toEqual(["people.created"]);
  });

  it("refuses a duplicate email, an unknown manager, an end before the start, and writes nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const [ada] = await seedPeople(ctx.db, org.id, [{ email: "ada@example.test", fullName: "Ada Lovelace" }]);
    const dup = await client.post("/api/v1/people", { email: "ADA@example.test", fullName: "Another Ada" });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: "duplicate_person", detail: expect.stringContaining("Ada Lovelace") });
    const manager = await client.post("/api/v1/people", {
      email: "bob@example.test",
      fullName: "Bob",
      managerId: crypto.randomUUID(),
    });
    expect(manager.json()).toMatchObject({ status: 400, code: "unknown_manager" });
    const dates = await client.patch(`/api/v1/people/${ada!.id}`, { startDate: "2027-02-01", endDate: "2027-01-01" });
    expect(dates.json()).toMatchObject({ status: 400, code: "end_before_start" });
    const self = await client.patch(`/api/v1/people/${ada!.id}`, { managerId: ada!.id });
    expect(self.json()).toMatchObject({ status: 400, code: "invalid_manager" });
    const list = await client.get("/api/v1/people");
    expect(list.json().items.map((p: { email: string }) => p.email)).toEqual(["ada@example.test"]);
  });

  it("searches and filters, and chooses audiences without people who left", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    await seedPeople(ctx.db, org.id, [
      { fullName: "Alan Turing", department: "Research" },
      { fullName: "Barbara Liskov", department: "Engineering" },
      { fullName: "Carl Contractor", kind: "contractor", department: "Engineering" },
      { fullName: "Dora Departed", department: "Engineering", status: "left" },
    ]);
    const q = await client.get("/api/v1/people?q=liskov");
    expect(q.json().items.map((p: { fullName: string }) => p.fullName)).toEqual(["Barbara Liskov"]);
    const eng = await client.get("/api/v1/people?department=Engineering&pageSize=2");
    expect(eng.json()).toMatchObject({ total: 3, pageSize: 2 });
    expect(eng.json().items).toHaveLength(2);
    expect(await audienceIds(ctx.db, org.id)).toHaveLength(3);
    expect(await audienceIds(ctx.db, org.id, { kinds: ["contractor"] })).toHaveLength(1);
    expect(await audienceIds(ctx.db, org.id, { departments: ["Engineering"], kinds: ["employee"] })).toHaveLength(1);
  });
});
