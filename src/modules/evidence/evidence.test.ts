import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { createTestContext, type TestContext } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { evidence, evidenceBlobs } from "../../db/schema/index.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { buildApp } from "../../server/app.ts";
import { seedControl, seedProgram } from "../programs/testing.ts";
import { multipart, type Part } from "./testing.ts";

const { ctx, app } = withTestApp();

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const evidenceDir = (c: TestContext) => path.join(c.config.dataDir, "evidence");
/** Every stored object of the installation (relative paths), e.g. ["blobs/<org>/<id>"]. */
function storedObjects(c: TestContext, under = ""): string[] {
  const root = path.join(evidenceDir(c), under);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(evidenceDir(c), path.join(d.parentPath, d.name)));
}
const orgObjects = (c: TestContext, orgId: string) => storedObjects(c, `blobs/${orgId}`);

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 0)]);
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]);

/** An organization with a signed-in owner and a program holding custom controls CUS-01 (quarterly), CUS-02. */
async function setup() {
  const o = await orgWithOwner(app, ctx.db);
  const program = await seedProgram(ctx.db, o.org.id, o.user.id, { adoptLibrary: false });
  await seedControl(ctx.db, o.org.id, o.user.id, program.id, { key: "CUS-01", frequency: "quarterly" });
  await seedControl(ctx.db, o.org.id, o.user.id, program.id, { key: "CUS-02", frequency: "annually" });
  return { ...o, program };
}

/** The message of a rejected database call, including the driver's cause. */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "(no error)";
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return `${e.message} ${e.cause?.message ?? ""}`;
  }
}

async function send(c: Awaited<ReturnType<typeof setup>>["client"], url: string, parts: Part[]) {
  const { payload, headers } = multipart(parts);
  return c.request("POST", url, payload, { headers });
}

describe("uploading files", () => {
  it("stores a file encrypted, content-addressed, with its period and controls, and records it in the ledger", async () => {
    const { org, client, program, user } = await setup();
    const content = "Access review Q1 2027\nall 42 accounts reviewed; 3 removed\n";
    const res = await send(client, "/api/v1/evidence", [
      { name: "title", value: "Q1 access review" },
      { name: "description", value: "Signed off by the CTO" },
      { name: "period", value: "2025-01-01..2025-03-31" },
      { name: "programId", value: program.id },
      { name: "controls", value: "CUS-01, CUS-02" },
      { name: "file", filename: "review.txt", content, contentType: "image/png" },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const [item] = res.json().items;
    expect(item).toMatchObject({
      title: "Q1 access review",
      description: "Signed off by the CTO",
      kind: "file",
      source: "manual",
      effectiveFrom: "2025-01-01",
      effectiveTo: "2025-03-31",
      version: 1,
      current: true,
      collectedBy: { id: user.id },
      file: { name: "review.txt", sha256: sha(content), size: Buffer.byteLength(content), mimeType: "text/plain" },
    });
    expect(item.controls.map((c: { key: string }) => c.key)).toEqual(["CUS-01", "CUS-02"]);

    // At rest: one object, encrypted (no plaintext in it), under the organization's folder; nothing temporary left.
    const objects = orgObjects(ctx, org.id);
    expect(objects).toHaveLength(1);
    const stored = fs.readFileSync(path.join(evidenceDir(ctx), objects[0]!));
    expect(stored.subarray(0, 7).toString()).toBe("ASSAYEV");
    expect(stored.includes(Buffer.from("accounts reviewed"))).toBe(false);
    expect(storedObjects(ctx, "tmp")).toEqual([]);

    const download = await client.get(`/api/v1/evidence/${item.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe(content);
    expect(download.headers).toMatchObject({
      "content-type": "text/plain; charset=utf-8",
      "x-content-type-options": "nosniff",
      etag: `"${sha(content)}"`,
    });
    expect(download.headers["content-disposition"]).toMatch(/^attachment; filename="review.txt"/);
    const inline = await client.get(`/api/v1/evidence/${item.id}/content?inline=1`);
    expect(inline.headers["content-disposition"]).toMatch(/^inline; /);

    const entry = (await ledgerOf(ctx.db, org.id)).find((e) => e.action === "evidence.submitted")!;
    expect(entry).toMatchObject({ entityType: "evidence", entityId: item.id });
    expect(entry.changes.after).toMatchObject({
      title: "Q1 access review",
      sha256: sha(content),
      size: Buffer.byteLength(content),
      mimeType: "text/plain",
      effectiveFrom: "2025-01-01",
      effectiveTo: "2025-03-31",
      deduplicated: false,
      controls: [
        { programId: program.id, control: "CUS-01" },
        { programId: program.id, control: "CUS-02" },
      ],
    });
    expect(JSON.stringify(entry.changes)).not.toContain("accounts reviewed");
  });

  it("takes several files at once and stores identical content once", async () => {
    const { org, client } = await setup();
    const a = "first file\n";
    const b = "second file\n";
    const res = await send(client, "/api/v1/evidence", [
      { name: "title", value: "Backups" },
      { name: "file", filename: "a.txt", content: a },
      { name: "file", filename: "b.txt", content: b },
      { name: "file", filename: "a-again.txt", content: a },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const items = res.json().items;
    expect(items.map((i: { title: string }) => i.title)).toEqual([
      "Backups: a.txt",
      "Backups: b.txt",
      "Backups: a-again.txt",
    ]);
    expect(items[0].file.sha256).toBe(items[2].file.sha256);
    const again = await send(client, "/api/v1/evidence", [{ name: "file", filename: "copy.txt", content: b }]);
    expect(again.statusCode).toBe(201);
    expect(again.json().items[0].title).toBe("copy.txt");

    const [blobs] = await ctx.db
      .select({ n: count() })
      .from(evidenceBlobs)
      .where(eq(evidenceBlobs.organizationId, org.id));
    expect(blobs!.n).toBe(2);
    expect(orgObjects(ctx, org.id)).toHaveLength(2);
    expect(storedObjects(ctx, "tmp")).toEqual([]);
    const dedupes = (await ledgerOf(ctx.db, org.id))
      .filter((e) => e.action === "evidence.submitted")
      .map((e) => (e.changes.after as { deduplicated: boolean }).deduplicated);
    expect(dedupes).toEqual([false, false, true, true]);
    // Same content in another organization is stored separately (blobs never cross organizations).
    const other = await setup();
    await send(other.client, "/api/v1/evidence", [{ name: "file", filename: "a.txt", content: a }]);
    expect(orgObjects(ctx, other.org.id)).toHaveLength(1);
  });

  it("accepts files larger than the JSON body limit (they stream)", async () => {
    const { client } = await setup();
    const big = Buffer.alloc(3 * 1024 * 1024, "x");
    const res = await send(client, "/api/v1/evidence", [{ name: "file", filename: "big.log", content: big }]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items[0].file).toMatchObject({ size: big.length, sha256: sha(big), mimeType: "text/plain" });
    const back = await client.get(`/api/v1/evidence/${res.json().items[0].id}/content`);
    expect(back.rawPayload.equals(big)).toBe(true);
  });
});

describe("types", () => {
  it("are detected from the content, never from the name or the claimed type", async () => {
    const { client } = await setup();
    const res = await send(client, "/api/v1/evidence", [
      { name: "file", filename: "report", content: PNG, contentType: "application/pdf" },
      { name: "file", filename: "notes.md", content: "just some notes\n", contentType: "image/png" },
      { name: "file", filename: "export.txt", content: "name,email,role\nAda,ada@example.test,admin\n" },
      { name: "file", filename: "scan", content: PDF },
      { name: "file", filename: "data.bin", content: '{"users": 3}' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const files = res.json().items.map((i: { file: { mimeType: string; previewable: boolean } }) => i.file);
    expect(files.map((f: { mimeType: string }) => f.mimeType)).toEqual([
      "image/png",
      "text/plain",
      "text/csv",
      "application/pdf",
      "application/json",
    ]);
    expect(files.every((f: { previewable: boolean }) => f.previewable)).toBe(true);
    const png = await client.get(`/api/v1/evidence/${res.json().items[0].id}/content?inline=true`);
    expect(png.headers["content-type"]).toBe("image/png");
    // The download name gets the real type's extension when the uploaded one does not fit.
    expect(png.headers["content-disposition"]).toMatch(/^inline; filename="report.png"/);
    const pdf = await client.get(`/api/v1/evidence/${res.json().items[3].id}/content?inline=1`);
    expect(pdf.headers["content-disposition"]).toMatch(/^inline; filename="scan.pdf"/);
    expect(pdf.headers["content-security-policy"]).toContain("default-src 'none'");
  });

  it("refuses programs whatever their name, storing nothing", async () => {
    const { org, client } = await setup();
    const before = await snapshotOrg(ctx.db, org.id);
    for (const [content, what] of [
      [ELF, /Linux program/],
      [EXE, /Windows program/],
    ] as const) {
      const res = await send(client, "/api/v1/evidence", [
        { name: "file", filename: "notes.txt", content },
        { name: "title", value: "Harmless" },
      ]);
      expect(res.statusCode).toBe(415);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json()).toMatchObject({ code: "file_type_refused" });
      expect(res.json().detail).toMatch(what);
    }
    // A good file before a refused one in the same request is not kept either.
    const mixed = await send(client, "/api/v1/evidence", [
      { name: "file", filename: "ok.txt", content: "fine\n" },
      { name: "file", filename: "setup.exe", content: EXE },
    ]);
    expect(mixed.statusCode).toBe(415);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    expect(orgObjects(ctx, org.id)).toEqual([]);
    expect(storedObjects(ctx, "tmp")).toEqual([]);
  });

  it("refuses a file whose content contradicts its name, saying what each says, storing nothing", async () => {
    const { org, client } = await setup();
    const before = await snapshotOrg(ctx.db, org.id);
    for (const [filename, content, detail] of [
      [
        "mfa-screenshot.pdf",
        PNG,
        /“mfa-screenshot.pdf” is a PNG image \(image\/png\), but its name says a PDF document \(\.pdf\)/,
      ],
      ["photo.png", "just some notes\n", /“photo.png” is plain text \(text\/plain\), but its name says a PNG image/],
      ["export.csv", PDF, /“export.csv” is a PDF document \(application\/pdf\), but its name says text \(\.csv\)/],
    ] as const) {
      const res = await send(client, "/api/v1/evidence", [
        { name: "file", filename: "fine.txt", content: "a good file in the same request\n" },
        { name: "file", filename, content },
      ]);
      expect(res.statusCode, res.body).toBe(415);
      expect(res.json()).toMatchObject({ code: "file_type_mismatch" });
      expect(res.json().detail).toMatch(detail);
    }
    // A correction is held to the same rule.
    const stmtless = await send(client, "/api/v1/evidence", [{ name: "file", filename: "v1.png", content: PNG }]);
    expect(stmtless.statusCode, stmtless.body).toBe(201);
    const afterFirst = await snapshotOrg(ctx.db, org.id);
    const version = await send(client, `/api/v1/evidence/${stmtless.json().items[0].id}/versions`, [
      { name: "reason", value: "Better scan" },
      { name: "file", filename: "v2.png", content: PDF },
    ]);
    expect(version.statusCode).toBe(415);
    expect(version.json().code).toBe("file_type_mismatch");
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(afterFirst);
    expect(afterFirst.evidence).toHaveLength(before.evidence!.length + 1);
    expect(storedObjects(ctx, "tmp")).toEqual([]);
    expect(orgObjects(ctx, org.id)).toHaveLength(1);
  });

  it("serves HTML and SVG only as attachments, with nosniff and a sandboxing CSP", async () => {
    const { client } = await setup();
    const res = await send(client, "/api/v1/evidence", [
      { name: "file", filename: "page.txt", content: "<!DOCTYPE html><html><script>alert(1)</script></html>" },
      {
        name: "file",
        filename: "logo.svg",
        content: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const [html, svg] = res.json().items;
    expect(html.file).toMatchObject({ mimeType: "text/html", previewable: false });
    expect(svg.file).toMatchObject({ mimeType: "image/svg+xml", previewable: false });
    for (const item of [html, svg]) {
      const d = await client.get(`/api/v1/evidence/${item.id}/content?inline=1`);
      expect(d.statusCode).toBe(200);
      expect(d.headers["content-disposition"]).toMatch(/^attachment; /);
      expect(d.headers["x-content-type-options"]).toBe("nosniff");
      expect(d.headers["content-security-policy"]).toMatch(/default-src 'none'.*sandbox/);
    }
    const d = await client.get(`/api/v1/evidence/${html.id}/content`);
    expect(d.headers["content-disposition"]).toMatch(/filename="page.txt.html"/);
  });
});

describe("bad uploads leave nothing behind", () => {
  let small: TestContext;
  let smallApp: ApiApp;
  beforeAll(async () => {
    small = await createTestContext({ config: { ASSAY_EVIDENCE_MAX_BYTES: 64 * 1024 } });
    smallApp = await buildApp(small, { logger: false });
  });
  afterAll(async () => {
    await smallApp.close();
    await small.close();
  });

  it("answers 413 above ASSAY_EVIDENCE_MAX_BYTES and stores nothing", async () => {
    const o = await orgWithOwner(smallApp, small.db);
    const before = await snapshotOrg(small.db, o.org.id);
    const { payload, headers } = multipart([
      { name: "file", filename: "fits.txt", content: "small\n" },
      { name: "file", filename: "huge.log", content: Buffer.alloc(64 * 1024 + 1, "a") },
    ]);
    const res = await o.client.request("POST", "/api/v1/evidence", payload, { headers });
    expect(res.statusCode).toBe(413);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ code: "file_too_large", maxBytes: 65536 });
    expect(res.json().detail).toMatch(/“huge.log” is larger than the 64 KB .* ASSAY_EVIDENCE_MAX_BYTES/);
    expect(await snapshotOrg(small.db, o.org.id)).toEqual(before);
    expect(orgObjects(small, o.org.id)).toEqual([]);
    expect(storedObjects(small, "tmp")).toEqual([]);
    // Exactly at the limit is fine.
    const exact = multipart([{ name: "file", filename: "exact.log", content: Buffer.alloc(64 * 1024, "b") }]);
    const ok = await o.client.request("POST", "/api/v1/evidence", exact.payload, { headers: exact.headers });
    expect(ok.statusCode).toBe(201);
  });

  it("answers 400 to a cut-off or malformed multipart body and stores nothing", async () => {
    const o = await orgWithOwner(smallApp, small.db);
    const before = await snapshotOrg(small.db, o.org.id);
    const { payload, headers } = multipart([
      { name: "title", value: "Cut" },
      { name: "file", filename: "cut.txt", content: Buffer.alloc(20_000, "c") },
    ]);
    const cut = await o.client.request("POST", "/api/v1/evidence", payload.subarray(0, payload.length - 5000), {
      headers,
    });
    expect(cut.statusCode).toBe(400);
    expect(cut.json()).toMatchObject({ code: "upload_incomplete" });
    const garbage = await o.client.request("POST", "/api/v1/evidence", Buffer.from("not multipart at all"), {
      headers,
    });
    expect(garbage.statusCode).toBe(400);
    const noFile = await o.client.request(
      "POST",
      "/api/v1/evidence",
      multipart([{ name: "title", value: "x" }]).payload,
      {
        headers: multipart([]).headers,
      },
    );
    expect(noFile.statusCode).toBe(400);
    const json = await o.client.post("/api/v1/evidence", { title: "x" });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe("multipart_required");
    const badField = await o.client.request(
      "POST",
      "/api/v1/evidence",
      ...(() => {
        const m = multipart([
          { name: "file", filename: "x.txt", content: "x\n" },
          { name: "colour", value: "red" },
        ]);
        return [m.payload, { headers: m.headers }] as const;
      })(),
    );
    expect(badField.statusCode).toBe(400);
    expect(badField.json().code).toBe("validation_failed");
    expect(await snapshotOrg(small.db, o.org.id)).toEqual(before);
    expect(orgObjects(small, o.org.id)).toEqual([]);
    expect(storedObjects(small, "tmp")).toEqual([]);
  });

  it("stores nothing when the client disconnects mid-upload", async () => {
    const o = await orgWithOwner(smallApp, small.db);
    const address = await smallApp.listen({ port: 0, host: "127.0.0.1" });
    const { payload, headers } = multipart([
      { name: "file", filename: "slow.txt", content: Buffer.alloc(60_000, "s") },
    ]);
    let streaming = 0;
    await new Promise<void>((resolve) => {
      const req = http.request(`${address}/api/v1/evidence`, {
        method: "POST",
        headers: {
          ...headers,
          "content-length": String(payload.length),
          cookie: `assay_session=${o.client.cookie}`,
          "x-csrf-token": o.client.csrf!,
        },
      });
      req.on("error", () => resolve());
      req.write(payload.subarray(0, 30_000), async () => {
        // Wait until the server is streaming the file into temporary storage, then hang up.
        for (let i = 0; i < 100 && !storedObjects(small, "tmp").length; i++)
          await new Promise((r) => setTimeout(r, 20));
        streaming = storedObjects(small, "tmp").length;
        req.destroy();
      });
      req.on("close", () => resolve());
    });
    expect(streaming).toBe(1);
    // The server notices the closed connection and cleans up.
    for (let i = 0; i < 50 && storedObjects(small, "tmp").length; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    expect(storedObjects(small, "tmp")).toEqual([]);
    expect(orgObjects(small, o.org.id)).toEqual([]);
    const [rows] = await small.db.select({ n: count() }).from(evidence).where(eq(evidence.organizationId, o.org.id));
    expect(rows!.n).toBe(0);
  });
});

describe("versions", () => {
  it("has no way to edit or delete evidence; a correction is a new version that supersedes the old", async () => {
    const { org, client, program } = await setup();
    const first = (
      await send(client, "/api/v1/evidence", [
        { name: "period", value: "2025-01-01..2025-03-31" },
        { name: "programId", value: program.id },
        { name: "controls", value: "CUS-01" },
        { name: "file", filename: "v1.txt", content: "version one\n" },
      ])
    ).json().items[0];
    for (const method of ["PATCH", "PUT", "DELETE"] as const) {
      const res = await client.request(method, `/api/v1/evidence/${first.id}`, method === "DELETE" ? undefined : {});
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe("route_not_found");
    }
    expect(await failure(ctx.db.execute(sql`UPDATE evidence SET title = 'tampered' WHERE id = ${first.id}`))).toMatch(
      /evidence is immutable: UPDATE/,
    );
    expect(await failure(ctx.db.execute(sql`DELETE FROM evidence WHERE id = ${first.id}`))).toMatch(/immutable/);

    const missingReason = await client.post(`/api/v1/evidence/${first.id}/versions`, { title: "x" });
    expect(missingReason.statusCode).toBe(400);
    const v2 = await client.post(`/api/v1/evidence/${first.id}/versions`, {
      reason: "The period was wrong",
      effectiveTo: "2025-02-28",
    });
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json()).toMatchObject({
      version: 2,
      replacesId: first.id,
      chainId: first.id,
      current: true,
      correctionReason: "The period was wrong",
      effectiveFrom: "2025-01-01",
      effectiveTo: "2025-02-28",
      file: { sha256: first.file.sha256, name: "v1.txt" },
    });
    expect(v2.json().controls.map((c: { key: string }) => c.key)).toEqual(["CUS-01"]);

    const old = (await client.get(`/api/v1/evidence/${first.id}`)).json();
    expect(old).toMatchObject({ current: false, supersededById: v2.json().id, title: first.title });
    expect(old.versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    const again = await client.post(`/api/v1/evidence/${first.id}/versions`, { reason: "again" });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("already_superseded");

    // A new file as version 3 (multipart).
    const v3 = await send(client, `/api/v1/evidence/${v2.json().id}/versions`, [
      { name: "reason", value: "Wrong file attached" },
      { name: "file", filename: "v3.txt", content: "version three\n" },
    ]);
    expect(v3.statusCode, v3.body).toBe(201);
    expect(v3.json()).toMatchObject({ version: 3, file: { name: "v3.txt", sha256: sha("version three\n") } });
    const two = await send(client, `/api/v1/evidence/${v3.json().id}/versions`, [
      { name: "reason", value: "Two files" },
      { name: "file", filename: "a.txt", content: "a\n" },
      { name: "file", filename: "b.txt", content: "b\n" },
    ]);
    expect(two.statusCode).toBe(400);
    expect(storedObjects(ctx, "tmp")).toEqual([]);

    const list = (await client.get("/api/v1/evidence")).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([v3.json().id]);
    const all = (await client.get("/api/v1/evidence?superseded=true")).json();
    expect(all.total).toBe(3);

    const actions = (await ledgerOf(ctx.db, org.id)).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith("evidence."))).toEqual([
      "evidence.submitted",
      "evidence.version_submitted",
      "evidence.superseded",
      "evidence.version_submitted",
      "evidence.superseded",
    ]);
  });

  it("lets only the submitter (or a manager) correct evidence", async () => {
    const { org, client } = await setup();
    const stmt = (
      await client.post("/api/v1/evidence/statements", { title: "No changes", statement: "None in March." })
    ).json();
    const co = await member(app, ctx.db, org.id, "control_owner");
    const refused = await co.client.post(`/api/v1/evidence/${stmt.id}/versions`, { reason: "mine now" });
    expect(refused.statusCode).toBe(403);
    const own = (await co.client.post("/api/v1/evidence/statements", { title: "Mine", statement: "I did it." })).json();
    expect((await co.client.post(`/api/v1/evidence/${own.id}/versions`, { reason: "typo" })).statusCode).toBe(201);
    expect((await client.post(`/api/v1/evidence/${stmt.id}/versions`, { reason: "manager fix" })).statusCode).toBe(201);
  });
});

describe("links, statements and controls", () => {
  it("submits links and statements, and links evidence to controls after submission", async () => {
    const { org, client, program } = await setup();
    const linkRes = await client.post("/api/v1/evidence/links", {
      url: "https://tickets.example.test/CHG-1234",
      effectiveFrom: "2025-02-01",
      effectiveTo: "2025-02-01",
    });
    expect(linkRes.statusCode, linkRes.body).toBe(201);
    expect(linkRes.json()).toMatchObject({
      kind: "link",
      title: "https://tickets.example.test/CHG-1234",
      url: "https://tickets.example.test/CHG-1234",
      file: null,
    });
    const bad = await client.post("/api/v1/evidence/links", { url: "javascript:alert(1)" });
    expect(bad.statusCode).toBe(400);
    const stmt = await client.post("/api/v1/evidence/statements", {
      title: "No production changes in March",
      statement: "Confirmed by the release log.",
      controls: ["CUS-02"],
    });
    expect(stmt.statusCode, stmt.body).toBe(201);
    expect(stmt.json().controls[0]).toMatchObject({ key: "CUS-02", programId: program.id });
    const noFile = await client.get(`/api/v1/evidence/${stmt.json().id}/content`);
    expect(noFile.statusCode).toBe(409);

    const id = linkRes.json().id;
    const linked = await client.post(`/api/v1/evidence/${id}/controls`, { controls: ["cus-01", "CUS-02"] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().controls.map((c: { key: string }) => c.key)).toEqual(["CUS-01", "CUS-02"]);
    const twice = await client.post(`/api/v1/evidence/${id}/controls`, { controls: ["CUS-01"] });
    expect(twice.json().controls).toHaveLength(2);
    const before = await snapshotOrg(ctx.db, org.id);
    const unknown = await client.post(`/api/v1/evidence/${id}/controls`, { controls: ["CUS-01", "NOPE-99"] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: "unknown_control", controls: ["NOPE-99"] });
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);

    const linkId = linked.json().controls[0].linkId;
    const removed = await client.delete(`/api/v1/evidence/${id}/controls/${linkId}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().controls.map((c: { key: string }) => c.key)).toEqual(["CUS-02"]);
    expect((await client.delete(`/api/v1/evidence/${id}/controls/${linkId}`)).statusCode).toBe(404);
    const actions = (await ledgerOf(ctx.db, org.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["evidence.linked", "evidence.unlinked"]));

    // With a second active program, controls need a programId.
    await seedProgram(ctx.db, org.id, (await ledgerOf(ctx.db, org.id))[0]!.actorId!, { adoptLibrary: false });
    const ambiguous = await client.post(`/api/v1/evidence/${id}/controls`, { controls: ["CUS-01"] });
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json().code).toBe("program_required");
  });

  it("answers 404 for another organization's evidence, links and programs", async () => {
    const a = await setup();
    const b = await setup();
    const file = (
      await send(a.client, "/api/v1/evidence", [{ name: "file", filename: "a.txt", content: "a\n" }])
    ).json().items[0];
    for (const url of [`/api/v1/evidence/${file.id}`, `/api/v1/evidence/${file.id}/content`]) {
      const res = await b.client.get(url);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe("not_found");
    }
    const own = (await b.client.post("/api/v1/evidence/statements", { title: "B", statement: "b" })).json();
    const crossProgram = await b.client.post(`/api/v1/evidence/${own.id}/controls`, {
      programId: a.program.id,
      controls: ["CUS-01"],
    });
    expect(crossProgram.statusCode).toBe(404);
    const list = (await b.client.get("/api/v1/evidence")).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([own.id]);
  });
});

describe("the evidence library", () => {
  it("filters by text, control, program, kind, source, period and staleness, with pages", async () => {
    const { client, program } = await setup();
    const now = new Date();
    const yearAgo = new Date(now.getTime() - 400 * 86_400_000).toISOString();
    const recent = new Date(now.getTime() - 2 * 86_400_000).toISOString();
    const post = (body: Record<string, unknown>) => client.post("/api/v1/evidence/statements", body);
    const old = (
      await post({
        title: "Old tabletop",
        statement: "Held",
        collectedAt: yearAgo,
        effectiveFrom: "2025-01-01",
        effectiveTo: "2025-03-31",
        controls: ["CUS-01"],
      })
    ).json();
    const fresh = (
      await post({ title: "Recent review", statement: "Done", collectedAt: recent, controls: ["CUS-01", "CUS-02"] })
    ).json();
    const unlinked = (
      await post({ title: "Loose note", statement: "Nothing linked", description: "tabletop prep" })
    ).json();
    const link = (await client.post("/api/v1/evidence/links", { url: "https://wiki.example.test/runbook" })).json();

    const ids = async (q: string) =>
      ((await client.get(`/api/v1/evidence${q}`)).json().items as { id: string }[]).map((i) => i.id);
    expect(await ids("?q=tabletop")).toEqual([unlinked.id, old.id]);
    expect(await ids("?control=CUS-01")).toEqual([fresh.id, old.id]);
    expect(await ids(`?control=cus-02&program=${program.id}`)).toEqual([fresh.id]);
    expect(await ids(`?program=${program.id}`)).toEqual([fresh.id, old.id]);
    expect(await ids("?kind=link")).toEqual([link.id]);
    expect(await ids("?source=integration")).toEqual([]);
    expect(await ids("?from=2025-03-01&to=2025-04-30")).toEqual([old.id]);
    expect(await ids("?stale=true")).toEqual([old.id]);
    expect((await ids("?stale=false")).sort()).toEqual([fresh.id, unlinked.id, link.id].sort());
    const oldItem = (await client.get(`/api/v1/evidence/${old.id}`)).json();
    expect(oldItem).toMatchObject({ stale: true, staleAt: "2025-07-14T00:00:00.000Z" });
    expect(oldItem.controls[0]).toMatchObject({ key: "CUS-01", frequency: "quarterly", stale: true });
    const page = (await client.get("/api/v1/evidence?pageSize=2&page=2")).json();
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(2);
    const badRange = await client.get("/api/v1/evidence?from=2025-02-01&to=2025-01-01");
    expect(badRange.statusCode).toBe(400);
    const future = await post({
      title: "x",
      statement: "y",
      collectedAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(future.json().code).toBe("invalid_collected_at");
    const backwards = await post({
      title: "x",
      statement: "y",
      effectiveFrom: "2025-02-01",
      effectiveTo: "2025-01-01",
    });
    expect(backwards.json().code).toBe("invalid_period");
  });
});

describe("stored blobs", () => {
  it("fail the download with a clear error when a stored chunk was changed", async () => {
    const { org, client } = await setup();
    const small = (
      await send(client, "/api/v1/evidence", [{ name: "file", filename: "s.txt", content: "small\n" }])
    ).json().items[0];
    const [blob] = await ctx.db
      .select()
      .from(evidenceBlobs)
      .where(and(eq(evidenceBlobs.organizationId, org.id), eq(evidenceBlobs.sha256, small.file.sha256)));
    const file = path.join(evidenceDir(ctx), blob!.storageKey);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 20]! ^= 0x01;
    fs.chmodSync(file, 0o600);
    fs.writeFileSync(file, bytes);
    const res = await client.get(`/api/v1/evidence/${small.id}/content`);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: "evidence_corrupted" });
    expect(res.json().detail).toMatch(/failed its integrity check at chunk 0/);
    expect(res.json().detail).toContain(small.file.sha256);

    // Damage further in (a later chunk): the download stops before the end, never delivering the changed bytes.
    const big = Buffer.alloc(300 * 1024, "z");
    const item = (await send(client, "/api/v1/evidence", [{ name: "file", filename: "big.txt", content: big }])).json()
      .items[0];
    const [b2] = await ctx.db
      .select()
      .from(evidenceBlobs)
      .where(eq(evidenceBlobs.sha256, sha(big)));
    const f2 = path.join(evidenceDir(ctx), b2!.storageKey);
    const raw = fs.readFileSync(f2);
    raw[43 + 2 * (65536 + 16) + 100]! ^= 0xff;
    fs.writeFileSync(f2, raw);
    const partial = await client.get(`/api/v1/evidence/${item.id}/content`).catch((err: Error) => err);
    if (partial instanceof Error) expect(partial.message).toMatch(/integrity|premature|aborted/i);
    else expect(partial.rawPayload.length).toBeLessThan(big.length);
  });
});

describe("employees", () => {
  it("see and download the evidence they submitted themselves, not a colleague's, nor another organization's", async () => {
    const { org, client } = await setup();
    const employee = await member(app, ctx.db, org.id, "employee");
    const colleague = await member(app, ctx.db, org.id, "employee");
    const content = "Security awareness training completed on 2026-03-02\n";
    const upload = await send(employee.client, "/api/v1/evidence", [
      { name: "file", filename: "training.txt", content },
    ]);
    expect(upload.statusCode, upload.body).toBe(201);
    const mine = upload.json().items[0];
    const myStatement = (
      await employee.client.post("/api/v1/evidence/statements", { title: "Policy read", statement: "I read it." })
    ).json();
    const managers = (
      await client.post("/api/v1/evidence/statements", { title: "Board minutes", statement: "Reviewed." })
    ).json();
    const colleagues = (
      await colleague.client.post("/api/v1/evidence/statements", { title: "Colleague's", statement: "Done." })
    ).json();
    const elsewhere = await setup();
    const foreign = (
      await send(elsewhere.client, "/api/v1/evidence", [{ name: "file", filename: "b.txt", content: "b\n" }])
    ).json().items[0];

    const ids = (res: { json(): { items: { id: string }[] } }) =>
      res
        .json()
        .items.map((i) => i.id)
        .sort();
    const list = await employee.client.get("/api/v1/evidence");
    expect(list.statusCode, list.body).toBe(200);
    expect(ids(list)).toEqual([mine.id, myStatement.id].sort());
    expect(list.json().total).toBe(2);
    // Filters narrow what they may see; none widens it.
    expect(ids(await employee.client.get("/api/v1/evidence?q=Board&superseded=true"))).toEqual([]);
    expect(ids(await client.get("/api/v1/evidence"))).toEqual(
      [mine.id, myStatement.id, managers.id, colleagues.id].sort(),
    );

    const detail = await employee.client.get(`/api/v1/evidence/${mine.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      id: mine.id,
      collectedBy: { id: employee.user.id },
      versions: [{ version: 1 }],
    });
    const download = await employee.client.get(`/api/v1/evidence/${mine.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe(content);

    for (const id of [managers.id, colleagues.id])
      for (const url of [`/api/v1/evidence/${id}`, `/api/v1/evidence/${id}/content`]) {
        const res = await employee.client.get(url);
        expect(res.statusCode, url).toBe(403);
        expect(res.json()).toMatchObject({ code: "forbidden" });
        expect(res.json().detail).toMatch(/evidence you submitted yourself/);
      }
    for (const url of [`/api/v1/evidence/${foreign.id}`, `/api/v1/evidence/${foreign.id}/content`]) {
      const res = await employee.client.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe("not_found");
    }
  });
});

/** A UTC calendar day `offset` days from today (YYYY-MM-DD). */
const dayFromToday = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("refused submissions write nothing", () => {
  it("refuses a period that ends in the future, naming the field; today is fine", async () => {
    const { org, client, program } = await setup();
    const future = dayFromToday(2); // past tomorrow even where the day has already changed (UTC+14)
    const before = await snapshotOrg(ctx.db, org.id);
    const refusals = [
      await send(client, "/api/v1/evidence", [
        { name: "period", value: `${dayFromToday(-30)}..${future}` },
        { name: "programId", value: program.id },
        { name: "controls", value: "CUS-01" },
        { name: "file", filename: "q.txt", content: "quarter so far\n" },
      ]),
      await client.post("/api/v1/evidence/links", { url: "https://tickets.example.test/1", effectiveTo: future }),
      await client.post("/api/v1/evidence/statements", { title: "Later", statement: "x", effectiveTo: future }),
    ];
    for (const res of refusals) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({
        code: "period_in_future",
        errors: [{ path: "body.effectiveTo", message: expect.stringContaining(future) }],
      });
      expect(res.json().detail).toMatch(/period covered cannot end in the future \(effectiveTo is/);
    }
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    expect(orgObjects(ctx, org.id)).toEqual([]);
    expect(storedObjects(ctx, "tmp")).toEqual([]);

    const today = await client.post("/api/v1/evidence/statements", {
      title: "Month so far",
      statement: "No incidents.",
      effectiveFrom: dayFromToday(-5),
      effectiveTo: dayFromToday(0),
    });
    expect(today.statusCode, today.body).toBe(201);
    const afterToday = await snapshotOrg(ctx.db, org.id);
    const correction = await client.post(`/api/v1/evidence/${today.json().id}/versions`, {
      reason: "Extend it",
      effectiveTo: future,
    });
    expect(correction.statusCode).toBe(400);
    expect(correction.json().code).toBe("period_in_future");
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(afterToday);
  });

  it("refuses a correction identical to the version it corrects (409 naming the version)", async () => {
    const { org, client } = await setup();
    const v1 = (
      await send(client, "/api/v1/evidence", [{ name: "file", filename: "r.txt", content: "first\n" }])
    ).json().items[0];
    const v2 = await send(client, `/api/v1/evidence/${v1.id}/versions`, [
      { name: "reason", value: "Wrong export" },
      { name: "file", filename: "r.txt", content: "second\n" },
    ]);
    expect(v2.statusCode, v2.body).toBe(201);
    const link = (await client.post("/api/v1/evidence/links", { url: "https://tickets.example.test/7" })).json();
    const stmt = (await client.post("/api/v1/evidence/statements", { title: "S", statement: "Same words." })).json();
    const before = await snapshotOrg(ctx.db, org.id);
    const objects = orgObjects(ctx, org.id);

    const same = await send(client, `/api/v1/evidence/${v2.json().id}/versions`, [
      { name: "reason", value: "Corrected" },
      { name: "file", filename: "r-fixed.txt", content: "second\n" },
    ]);
    expect(same.statusCode, same.body).toBe(409);
    expect(same.json().code).toBe("identical_version");
    expect(same.json().detail).toMatch(/“r-fixed.txt” is identical to version 2 \(same SHA-256/);
    const sameUrl = await client.post(`/api/v1/evidence/${link.id}/versions`, {
      reason: "Fix",
      url: "https://tickets.example.test/7",
    });
    expect(sameUrl.statusCode).toBe(409);
    expect(sameUrl.json().detail).toMatch(/same as version 1/);
    const sameText = await client.post(`/api/v1/evidence/${stmt.id}/versions`, {
      reason: "Fix",
      statement: "Same words.",
    });
    expect(sameText.statusCode).toBe(409);
    expect(sameText.json().detail).toMatch(/identical to version 1/);

    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    expect(orgObjects(ctx, org.id)).toEqual(objects);
    expect(storedObjects(ctx, "tmp")).toEqual([]);
    // Correcting only the period (the content is kept) is still a correction.
    const period = await client.post(`/api/v1/evidence/${v2.json().id}/versions`, {
      reason: "The period was wrong",
      effectiveTo: dayFromToday(-1),
    });
    expect(period.statusCode, period.body).toBe(201);
    expect(period.json()).toMatchObject({ version: 3 });
  });
});
