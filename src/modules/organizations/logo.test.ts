import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import type { TestClient } from "../../../test/client.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { seedPolicy } from "../policies/testing.ts";
import { testPng } from "./testing.ts";

const { ctx, app } = withTestApp();

const upload = (client: TestClient, bytes: Buffer, type = "image/png") =>
  client.request("POST", "/api/v1/organization/logo", bytes, { headers: { "content-type": type } });

describe("organization logo", () => {
  it("uploads a PNG, serves it to any member, records size and SHA-256 (no bytes) in the ledger, and removes it", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db, "Logo Co");
    const png = testPng(120, 40);
    const res = await upload(client, png);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ contentType: "image/png", size: png.length, width: 120, height: 40 });
    expect(res.json().sha256).toMatch(/^[0-9a-f]{64}$/);

    const viewer = await member(app, ctx.db, org.id, "employee");
    const got = await viewer.client.get("/api/v1/organization/logo");
    expect(got.statusCode).toBe(200);
    expect(got.headers["content-type"]).toBe("image/png");
    expect(Buffer.compare(got.rawPayload, png)).toBe(0);
    expect((await viewer.client.get("/api/v1/organization")).json().logo).toMatchObject({ width: 120, height: 40 });
    expect((await upload(viewer.client, png)).statusCode).toBe(403);

    // Replacing keeps one logo per organization.
    const wider = testPng(200, 50, [200, 30, 30]);
    expect((await upload(client, wider)).json().width).toBe(200);

    const ledger = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action.startsWith("organization.logo"));
    expect(ledger.map((e) => e.action)).toEqual(["organization.logo_changed", "organization.logo_changed"]);
    expect(ledger[1]!.changes.after).toMatchObject({ size: wider.length, width: 200 });
    expect(ledger[1]!.changes.before).toMatchObject({ size: png.length });
    expect(JSON.stringify(ledger)).not.toContain(png.toString("base64").slice(0, 40));

    expect((await client.delete("/api/v1/organization/logo")).statusCode).toBe(204);
    expect((await viewer.client.get("/api/v1/organization/logo")).statusCode).toBe(404);
    expect((await client.get("/api/v1/organization")).json().logo).toBeNull();
    const again = await client.delete("/api/v1/organization/logo");
    expect(again.statusCode).toBe(404);
    expect((await ledgerOf(ctx.db, org.id)).at(-1)!.action).toBe("organization.logo_removed");
  });

  it("refuses other formats, a mismatched type, oversize files and a PNG header followed by garbage; nothing is stored", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const gif = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
    const wrongType = await upload(client, gif, "image/png");
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json().code).toBe("unsupported_logo");

    const mismatch = await upload(client, testPng(), "image/jpeg");
    expect(mismatch.statusCode).toBe(415);
    expect(mismatch.json().detail).toContain("PNG");

    const pdf = await client.request("POST", "/api/v1/organization/logo", Buffer.from("%PDF-1.4\n"), {
      headers: { "content-type": "application/pdf" },
    });
    expect(pdf.statusCode).toBe(415);

    const big = Buffer.concat([testPng(), Buffer.alloc(600 * 1024)]);
    const tooBig = await upload(client, big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().code).toBe("logo_too_large");

    const header = testPng().subarray(0, 33); // signature + IHDR
    const garbage = Buffer.concat([header, Buffer.from("this is not image data at all, just text".repeat(20))]);
    const broken = await upload(client, garbage);
    expect(broken.statusCode).toBe(422);
    expect(broken.json().code).toBe("unreadable_logo");

    const jpegHead = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    expect([415, 422]).toContain((await upload(client, jpegHead, "image/jpeg")).statusCode);

    expect((await upload(client, Buffer.alloc(0))).statusCode).toBe(400);
    expect((await client.get("/api/v1/organization/logo")).statusCode).toBe(404);
  });

  it("keeps organizations apart: one's logo is never another's", async () => {
    const a = await orgWithOwner(app, ctx.db);
    const b = await orgWithOwner(app, ctx.db);
    expect((await upload(a.client, testPng())).statusCode).toBe(200);
    expect((await b.client.get("/api/v1/organization/logo")).statusCode).toBe(404);
    expect((await b.client.delete("/api/v1/organization/logo")).statusCode).toBe(404);
    expect((await a.client.get("/api/v1/organization/logo")).statusCode).toBe(200);
  });

  it("draws the logo on policy PDFs (an embedded image XObject), and not without one", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const { policy, version } = await seedPolicy(ctx.db, org.id, user);
    const url = `/api/v1/policies/${policy.id}/versions/${version.id}/pdf`;
    const plain = await client.get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.rawPayload.toString("latin1")).not.toContain("/Subtype /Image");

    await upload(client, testPng());
    const withLogo = (await client.get(url)).rawPayload.toString("latin1");
    expect(withLogo).toContain("/Subtype /Image");
    // Embedded once, however many pages show it.
    expect(withLogo.split("/Subtype /Image").length - 1).toBe(1);
    const acceptance = await client.get(`/api/v1/policies/${policy.id}/acceptance.pdf`);
    expect(acceptance.rawPayload.toString("latin1")).toContain("/Subtype /Image");
  });
});
