import { describe, expect, it } from "vitest";
import { withTestApp } from "../../test/app.ts";
import { TestClient } from "../../test/client.ts";
import { orgWithOwner } from "../../test/people.ts";
import { itemBody, remediationUrl, sampleItem, seedItems, seedProgram } from "../modules/remediation/testing.ts";

const { ctx, app } = withTestApp();

/** docs/api.md: unknown query parameters are refused everywhere, with a 400 that names them. */
function expectRefused(res: { statusCode: number; json: () => unknown }, name = "bogus") {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { code: string; detail: string; errors: { path: string; message: string }[] };
  expect(body.code).toBe("validation_failed");
  expect(body.errors).toContainEqual({ path: `querystring.${name}`, message: `Unrecognized key: "${name}"` });
  expect(body.detail).toContain(name);
}

describe("unknown query parameters", () => {
  it("are refused on lists, details and exports, with or without declared query parameters", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const program = await seedProgram(ctx.db, org.id);
    const [item] = await seedItems(ctx.db, org.id, program.id, [sampleItem()]);
    const urls = [
      remediationUrl(program.id, "?bogus=1"), // a list with filters
      remediationUrl(program.id, `/${item!.id}?bogus=1`), // a detail without query parameters
      `/api/v1/programs/${program.id}?bogus=1`,
      remediationUrl(program.id, ".csv?status=open&bogus=1"), // an export with filters
      `/api/v1/programs/${program.id}/code?bogus=1`, // the zip export, without query parameters
      "/api/v1/ledger/export.csv?bogus=1",
      "/api/v1/auth/session?bogus=1", // signed in, no organization action
    ];
    for (const url of urls) expectRefused(await client.get(url));
    // The documented parameters still work.
    expect((await client.get(remediationUrl(program.id, ".csv?status=open"))).statusCode).toBe(200);
    expect((await client.get(remediationUrl(program.id, `/${item!.id}`))).statusCode).toBe(200);
  });

  it("are refused on public routes and on writes, before anything is written", async () => {
    expectRefused(await new TestClient(app).get("/api/v1/setup/status?bogus=1"));
    const { org, client } = await orgWithOwner(app, ctx.db);
    const program = await seedProgram(ctx.db, org.id);
    expectRefused(await client.post(remediationUrl(program.id, "?bogus=1"), itemBody()));
    const list = await client.get(remediationUrl(program.id));
    expect(list.json().total).toBe(0);
  });
});
