import { describe, expect, it } from "vitest";
import { withTestApp } from "../../test/app.ts";
import { TestClient } from "../../test/client.ts";
import { orgWithOwner } from "../../test/people.ts";
import { snapshotOrg } from "../../test/snapshot.ts";
import { multipart, type Part } from "../modules/evidence/testing.ts";
import { unzipBundle, zipBundle } from "../modules/program-code/bundle.ts";
import { withField } from "../modules/program-code/testing.ts";
import { seedProgram } from "../modules/programs/testing.ts";

const { ctx, app } = withTestApp();

const NUL = "\u0000";
const LONE_SURROGATE = "\ud800";

const program = (extra: Record<string, unknown> = {}) => ({
  name: "SOC 2 Type I",
  reportType: "type1",
  asOfDate: "2027-03-31",
  ...extra,
});

/** The 400 every bad-bytes refusal answers: the zod validation shape, naming the field. */
function expectRefused(res: { statusCode: number; body: string; json(): unknown }, path: string) {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json() as { code: string; detail: string; errors: { path: string; message: string }[] };
  expect(body.code).toBe("validation_failed");
  expect(body.errors).toContainEqual({ path, message: expect.stringMatching(/character/) });
  expect(body.detail).toContain(path);
  // The problem never echoes the bad bytes back.
  expect(res.body).not.toMatch(/\\u0000|\\ud800/i);
}

/** Runs `send` and checks that it changed nothing the organization owns (rows and ledger). */
async function writesNothing(orgId: string, send: () => Promise<void>) {
  const before = await snapshotOrg(ctx.db, orgId);
  await send();
  expect(await snapshotOrg(ctx.db, orgId)).toEqual(before);
}

describe("text the database cannot store is refused at the edge", () => {
  it("a NUL in a body field answers 400 naming the field, and writes nothing", async () => {
    const o = await orgWithOwner(app, ctx.db);
    await writesNothing(o.org.id, async () => {
      expectRefused(await o.client.post("/api/v1/programs", program({ name: `SOC${NUL}2` })), "body.name");
    });
  });

  it("a NUL in a nested field (inside an array inside an object) names the full path", async () => {
    const o = await orgWithOwner(app, ctx.db);
    await writesNothing(o.org.id, async () => {
      const res = await o.client.post("/api/v1/programs", program({ scope: { commitments: ["ok", `bad${NUL}`] } }));
      expectRefused(res, "body.scope.commitments.1");
    });
  });

  it("a NUL in a field name is refused too", async () => {
    const o = await orgWithOwner(app, ctx.db);
    await writesNothing(o.org.id, async () => {
      const res = await o.client.post("/api/v1/programs", { ...program(), [`x${NUL}`]: 1 });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].path).toMatch(/^body\.x/);
    });
  });

  it("a NUL in a query value answers 400 naming the parameter", async () => {
    const o = await orgWithOwner(app, ctx.db);
    expectRefused(await o.client.get("/api/v1/members?q=ali%00ce"), "querystring.q");
    expectRefused(await o.client.get("/api/v1/ledger?actor=%00"), "querystring.actor");
  });

  it("a NUL in a path segment answers 400 naming the parameter (before any lookup)", async () => {
    expectRefused(await new TestClient(app).get("/api/v1/invitations/lookup/abc%00def"), "params.token");
  });

  it("a NUL in a multipart file name or field answers 400 naming it, and stores nothing", async () => {
    const o = await orgWithOwner(app, ctx.db);
    const send = (parts: Part[]) => {
      const { payload, headers } = multipart(parts);
      return o.client.request("POST", "/api/v1/evidence", payload, { headers });
    };
    await writesNothing(o.org.id, async () => {
      expectRefused(
        await send([{ name: "file", filename: `report${NUL}.txt`, content: "evidence\n" }]),
        "body.file.filename",
      );
      expectRefused(
        await send([
          { name: "title", value: `Q1${NUL}review` },
          { name: "file", filename: "report.txt", content: "evidence\n" },
        ]),
        "body.title",
      );
    });
  });

  it("a lone UTF-16 surrogate in a JSON string answers 400 naming the field, on text and JSON columns alike", async () => {
    const o = await orgWithOwner(app, ctx.db);
    const p = await seedProgram(ctx.db, o.org.id, o.user.id, { adoptLibrary: false });
    await writesNothing(o.org.id, async () => {
      // Stored in a text column, PostgreSQL would silently get U+FFFD instead of what was sent.
      expectRefused(await o.client.post("/api/v1/programs", program({ name: `SOC${LONE_SURROGATE}` })), "body.name");
      // Stored in a jsonb column, PostgreSQL refuses the \ud800 escape (22P02): a 500 before.
      expectRefused(
        await o.client.patch(`/api/v1/programs/${p.id}`, { scope: { services: `SaaS ${LONE_SURROGATE}` } }),
        "body.scope.services",
      );
    });
  });

  it("keeps every well-formed character, including astral ones and other control characters", async () => {
    const o = await orgWithOwner(app, ctx.db);
    const name = "SOC 2 \u{1F512} tab\there é ☃";
    const res = await o.client.post("/api/v1/programs", program({ name }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().name).toBe(name);
  });

  it("a NUL or surrogate inside an imported program folder (YAML escapes, raw bytes) answers 400 naming the file", async () => {
    const o = await orgWithOwner(app, ctx.db);
    const p = await seedProgram(ctx.db, o.org.id, o.user.id, { adoptLibrary: false });
    const folder = unzipBundle((await o.client.get(`/api/v1/programs/${p.id}/code`)).rawPayload);
    const program = folder.get("program.yaml")!;
    const upload = (changes: Record<string, string>) =>
      o.client.post(
        "/api/v1/programs/code/import",
        Buffer.from(zipBundle(new Map([...folder, ...Object.entries(changes)]))),
        { headers: { "content-type": "application/zip" } },
      );
    await writesNothing(o.org.id, async () => {
      for (const changes of [
        // YAML's own escapes decode to characters no JSON body could carry past the edge check
        { "program.yaml": withField(program, "name", '"SOC\\0 2"') },
        { "program.yaml": withField(program, "name", '"SOC \\ud800"') },
        // raw bytes inside a zipped file
        { "program.yaml": withField(program, "name", `SOC${NUL}2`) },
      ]) {
        const res = await upload(changes);
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().code).toBe("invalid_program_code");
        expect(res.body).toContain("program.yaml");
        expect(res.body).toMatch(/NUL|surrogate/);
      }
    });
  });
});
