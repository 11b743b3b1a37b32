import { describe, expect, it } from "vitest";
import { withTestApp } from "../../test/app.ts";
import { orgWithOwner } from "../../test/people.ts";
import { snapshotOrg } from "../../test/snapshot.ts";
import { TEXT_LIMITS, tooLongMessage } from "../core/text-limits.ts";

const { ctx, app } = withTestApp();

const program = (services: string) => ({
  name: "SOC 2 Type I",
  reportType: "type1",
  asOfDate: "2027-03-31",
  adoptLibrary: false,
  scope: { services },
});

describe("text over a field's limit", () => {
  it("is refused with a 400 naming the field and its limit, and nothing is written", async () => {
    const o = await orgWithOwner(app, ctx.db);
    const before = await snapshotOrg(ctx.db, o.org.id);
    const res = await o.client.post("/api/v1/programs", program("x".repeat(TEXT_LIMITS.long + 1)));
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.code).toBe("validation_failed");
    expect(body.errors).toEqual([{ path: "body.scope.services", message: "Keep this to at most 4,000 characters." }]);
    expect(body.detail).toBe(`body.scope.services: ${tooLongMessage(TEXT_LIMITS.long)}`);
    expect(await snapshotOrg(ctx.db, o.org.id)).toEqual(before);
  });

  it("is kept whole, never cut, at exactly the limit the web app counts against", async () => {
    const o = await orgWithOwner(app, ctx.db);
    const services = `${"word ".repeat(TEXT_LIMITS.long / 5 - 1)}last.`;
    expect(services.length).toBe(TEXT_LIMITS.long);
    const res = await o.client.post("/api/v1/programs", program(services));
    expect(res.statusCode, res.body).toBe(201);
    const stored = (await o.client.get(`/api/v1/programs/${res.json().id}`)).json();
    expect(stored.scope.services).toBe(services);
  });
});
