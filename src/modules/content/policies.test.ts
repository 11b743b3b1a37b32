import { beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { compareNatural, loadContent } from "../../content/index.ts";

/** Policy template API: the list with derived controls, and one template rendered for the signed-in organization. */

const { ctx, app } = withTestApp();
let a: Awaited<ReturnType<typeof orgWithOwner>>;

beforeAll(async () => {
  a = await orgWithOwner(app, ctx.db, "Globex & Partners <Ltd>");
});

describe("policy templates API", () => {
  it("lists every policy with the controls that reference it", async () => {
    const res = await a.client.get("/api/v1/content/policies");
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; title: string; purpose: string; controls: { id: string }[] }[];
    expect(items.length).toBe(loadContent().policies.length);
    expect(items.length).toBeGreaterThanOrEqual(25);
    for (const item of items) expect(item.controls.length, item.id).toBeGreaterThan(0);
    const backup = items.find((p) => p.id === "backup")!;
    expect(backup).toMatchObject({ title: "Backup Policy", purpose: expect.stringContaining("backed up") });
    expect(backup.controls).toEqual(
      expect.arrayContaining([
        { id: "AVL-02", name: "Automated backups" },
        { id: "AVL-03", name: "Backup restore testing" },
      ]),
    );
    const derived = loadContent().controls.filter((c) => c.policies.includes("backup"));
    expect(backup.controls.map((c) => c.id)).toEqual(derived.map((c) => c.id).sort(compareNatural));
  });

  it("renders one policy with the organization's name and the other defaults", async () => {
    const { client } = await member(app, ctx.db, a.org.id, "viewer");
    const res = await client.get("/api/v1/content/policies/access-control");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: "access-control", title: "Access Control Policy", version: "1.0" });
    expect(body.markdown.startsWith("# Access Control Policy\n")).toBe(true);
    expect(body.markdown).toContain("| Company | Globex & Partners <Ltd> |");
    expect(body.markdown).toContain("Head of Security");
    expect(body.markdown).not.toMatch(/\{\{|\}\}/);
    expect(body.variables).toMatchObject({ company_name: "Globex & Partners <Ltd>", review_cadence: "annually" });
    expect(body.controls.map((c: { id: string }) => c.id)).toContain("ACC-08");
  });

  it("answers 404 for an unknown policy and 401 without a session", async () => {
    const missing = await a.client.get("/api/v1/content/policies/no-such-policy");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toContain("no-such-policy");
    expect((await new TestClient(app).get("/api/v1/content/policies")).statusCode).toBe(401);
  });
});
