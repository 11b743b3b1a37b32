import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { seedIdentityConnection, seedPeople } from "./testing.ts";

const { ctx, app } = withTestApp();

describe("directory sync from an identity connection", () => {
  it("previews, then adds new accounts, marks suspended ones as left and never touches people entered by hand", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    await seedPeople(ctx.db, org.id, [{ email: "hand@example.test", fullName: "Hand Entered" }]);
    const conn = await seedIdentityConnection(ctx.db, org.id, "okta", [
      { email: "ana@example.test", first_name: "Ana", last_name: "Active", offboarded: false },
      {
        email: "sus@example.test",
        first_name: "Sue",
        last_name: "Suspended",
        offboarded: true,
        status_changed: "2026-02-03T10:00:00Z",
      },
      { email: "hand@example.test", first_name: "Hand", last_name: "Changed", offboarded: true },
      { login: "not-an-email" },
    ]);
    const sources = (await client.get("/api/v1/people/sync")).json();
    expect(sources.items).toEqual([expect.objectContaining({ id: conn.id, type: "okta", users: 4 })]);
    const preview = (await client.post(`/api/v1/people/sync/${conn.id}/preview`)).json();
    expect(preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, skip: 2 });
    expect((await client.get("/api/v1/people")).json().total).toBe(1);

    // Sue was in the directory from an earlier import: the sync marks her as left with the date Okta gives.
    await client.post("/api/v1/people/import", { csv: "email,name\nsus@example.test,Sue Suspended\n" });
    const applied = (await client.post(`/api/v1/people/sync/${conn.id}/apply`)).json();
    expect(applied.counts).toEqual({ create: 1, update: 1, unchanged: 0, skip: 1 });
    const list = (await client.get("/api/v1/people")).json().items as {
      email: string;
      status: string;
      endDate: string | null;
      source: string;
      fullName: string;
    }[];
    expect(list.find((p) => p.email === "ana@example.test")).toMatchObject({
      source: "okta",
      status: "active",
      fullName: "Ana Active",
    });
    expect(list.find((p) => p.email === "sus@example.test")).toMatchObject({ status: "left", endDate: "2026-02-03" });
    expect(list.find((p) => p.email === "hand@example.test")).toMatchObject({
      status: "active",
      fullName: "Hand Entered",
    });
    const again = (await client.post(`/api/v1/people/sync/${conn.id}/preview`)).json();
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 2 });
  });

  it("refuses a connection that is not an identity provider, and another organization's", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const csv = await seedIdentityConnection(ctx.db, org.id, "people_csv", []);
    expect((await client.post(`/api/v1/people/sync/${csv.id}/preview`)).json()).toMatchObject({
      status: 400,
      code: "not_an_identity_connection",
    });
    const other = await orgWithOwner(app, ctx.db);
    const theirs = await seedIdentityConnection(ctx.db, other.org.id, "google", []);
    expect((await client.post(`/api/v1/people/sync/${theirs.id}/apply`)).statusCode).toBe(404);
  });
});
