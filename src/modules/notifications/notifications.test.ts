import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { member, orgWithOwner, seedApiToken, withoutCsrf } from "../../../test/people.ts";
import { systemActor } from "../../core/actor.ts";
import { memberships, notifications } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { notify } from "./notify.ts";

const { ctx, app } = withTestApp();

const send = (organizationId: string, userId: string, title: string, createdAt?: Date) =>
  change(ctx.db, systemActor(organizationId, "test"), async (c) => {
    const { id } = await notify(c, {
      organizationId,
      userId,
      kind: "test.event",
      title,
      body: `About ${title}`,
      link: "/activity",
    });
    if (createdAt) await c.tx.update(notifications).set({ createdAt }).where(eq(notifications.id, id));
    return id;
  });
const titles = (res: { json(): { items: { title: string }[] } }) => res.json().items.map((n) => n.title);

describe("GET /api/v1/notifications", () => {
  it("shows only my notifications in the current organization, unread first, then newest", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const colleague = await member(app, ctx.db, org.id, "employee");
    const now = Date.now();
    await send(org.id, user.id, "old", new Date(now - 3000));
    const readOne = await send(org.id, user.id, "read but newest", new Date(now));
    await send(org.id, user.id, "middle", new Date(now - 2000));
    await send(org.id, colleague.user.id, "not mine");
    // The same person in another organization: that inbox stays there.
    const other = await orgWithOwner(app, ctx.db);
    await ctx.db
      .insert(memberships)
      .values({ id: crypto.randomUUID(), organizationId: other.org.id, userId: user.id, role: "viewer" });
    await send(other.org.id, user.id, "other organization");
    expect((await client.post(`/api/v1/notifications/${readOne}/read`)).statusCode).toBe(200);

    const all = await client.get("/api/v1/notifications");
    expect(all.statusCode).toBe(200);
    expect(titles(all)).toEqual(["middle", "old", "read but newest"]);
    expect(all.json()).toMatchObject({ total: 3, unread: 2, page: 1, pageSize: 25 });
    expect(all.json().items[0]).toMatchObject({
      kind: "test.event",
      body: "About middle",
      link: "/activity",
      readAt: null,
    });
    expect(titles(await client.get("/api/v1/notifications?unread=true"))).toEqual(["middle", "old"]);
    expect(titles(await client.get("/api/v1/notifications?unread=false"))).toEqual(["read but newest"]);
    const page = (await client.get("/api/v1/notifications?pageSize=2&page=2")).json();
    expect(page).toMatchObject({ total: 3, unread: 2 });
    expect(page.items.map((n: { title: string }) => n.title)).toEqual(["read but newest"]);
    expect(titles(await colleague.client.get("/api/v1/notifications"))).toEqual(["not mine"]);
    expect((await client.get("/api/v1/notifications?unread=yes")).statusCode).toBe(400);
  });
});

describe("POST /api/v1/notifications/:id/read and /read-all", () => {
  it("marks my notifications read once, never anyone else's", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const colleague = await member(app, ctx.db, org.id, "viewer");
    const mine = await send(org.id, user.id, "mine");
    const theirs = await send(org.id, colleague.user.id, "theirs");

    const first = await client.post(`/api/v1/notifications/${mine}/read`);
    expect(first.statusCode).toBe(200);
    const readAt = first.json().readAt;
    expect(Date.parse(readAt)).toBeGreaterThan(0);
    expect((await client.post(`/api/v1/notifications/${mine}/read`)).json().readAt).toBe(readAt);

    const notMine = await client.post(`/api/v1/notifications/${theirs}/read`);
    expect(notMine.statusCode).toBe(404);
    expect(notMine.json().detail).toBe("Notification was not found.");
    expect((await client.post("/api/v1/notifications/nope/read")).statusCode).toBe(400);
    expect((await withoutCsrf(client).post(`/api/v1/notifications/${mine}/read`)).statusCode).toBe(403);
    const [still] = await ctx.db.select().from(notifications).where(eq(notifications.id, theirs));
    expect(still!.readAt).toBeNull();

    await send(org.id, user.id, "second");
    await send(org.id, user.id, "third");
    const all = await client.post("/api/v1/notifications/read-all");
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ updated: 2 });
    expect((await client.get("/api/v1/notifications")).json().unread).toBe(0);
    expect((await colleague.client.get("/api/v1/notifications")).json().unread).toBe(1);
    expect((await client.post("/api/v1/notifications/read-all", { all: true })).statusCode).toBe(400);
  });

  it("works with API tokens: read scope reads, write scope marks", async () => {
    const { org, user } = await orgWithOwner(app, ctx.db);
    const id = await send(org.id, user.id, "by token");
    const bearer = async (scope: "read" | "write") =>
      Object.assign(new TestClient(app), { bearer: (await seedApiToken(ctx.db, user.id, org.id, { scope })).secret });
    const reader = await bearer("read");
    expect(titles(await reader.get("/api/v1/notifications"))).toEqual(["by token"]);
    expect((await reader.post(`/api/v1/notifications/${id}/read`)).statusCode).toBe(403);
    expect((await (await bearer("write")).post(`/api/v1/notifications/${id}/read`)).statusCode).toBe(200);
  });
});
