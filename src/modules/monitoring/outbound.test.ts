/**
 * Connectors cannot make the server read its own files or reach its own database, the private network or the cloud
 * metadata service, unless the installation allows it (ASSAY_CONNECTOR_LOCAL_PATHS, ASSAY_OUTBOUND_ALLOW), and
 * their errors do not tell an existing file from a missing one, or an open port from a closed one.
 * Against the machine's PostgreSQL (127.0.0.1:5432), as the other monitoring tests.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { orgWithOwner } from "../../../test/people.ts";

const M = "/api/v1/monitoring";
const CSV = "name,email\nAda Lovelace,ada@example.test\n";

describe(`connector destinations on ${dbKind}: the defaults`, () => {
  const { ctx, app } = withTestApp();
  let trap: http.Server;
  let connections = 0;
  let trapPort = 0;
  beforeAll(async () => {
    trap = http.createServer((_req, res) => res.end("ok")).on("connection", () => connections++);
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    trapPort = (trap.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => trap.close(() => resolve())));

  const test = async (type: string, config: Record<string, unknown>) => {
    const { client } = await orgWithOwner(app, ctx.db);
    const res = await client.post(`${M}/test-connection`, { type, config });
    expect(res.statusCode).toBe(200);
    return res.json() as { ok: boolean; error?: string; guidance?: string };
  };

  it("refuses the server's own PostgreSQL, and an open port answers like a closed one", async () => {
    const own = await test("postgres", { host: "127.0.0.1", port: 5432, user: "postgres" });
    expect(own).toEqual({
      ok: false,
      error:
        "127.0.0.1 is a loopback address (this server itself), which this server does not contact unless the installation allows it.",
      guidance: expect.stringContaining("ASSAY_OUTBOUND_ALLOW=127.0.0.1"),
    });
    expect(await test("postgres", { host: "127.0.0.1", port: 1, user: "postgres" })).toEqual(own);
    expect(await test("postgres", { host: "localhost", user: "postgres" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^localhost \((127\.0\.0\.1|::1)\) is a loopback address/),
    });
    expect(await test("postgres", { host: "169.254.169.254", user: "postgres" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/cloud metadata address/),
      guidance: expect.stringMatching(/names each one in ASSAY_OUTBOUND_ALLOW/),
    });
  });

  it("refuses git remotes on loopback addresses, and never connects to them", async () => {
    for (const url of [
      `https://127.0.0.1:${trapPort}/acme/repo.git`,
      `http://localhost:${trapPort}/acme/repo.git`,
      `ssh://git@127.0.0.1:${trapPort}/acme/repo.git`,
      "git@localhost:acme/repo.git",
    ]) {
      const r = await test("git", { url });
      expect(r, url).toMatchObject({ ok: false, error: expect.stringMatching(/is a loopback address/) });
      expect(r.guidance, url).toMatch(/ASSAY_OUTBOUND_ALLOW/);
    }
    expect(connections).toBe(0);
  });

  it("reads no local paths, and says which setting allows them", async () => {
    const git = await test("git", { path: "/etc" });
    expect(git).toMatchObject({ ok: false, error: "This server does not read repositories from local paths." });
    expect(git.guidance).toMatch(/ASSAY_CONNECTOR_LOCAL_PATHS/);
    expect(await test("git", { url: "file:///etc" })).toEqual(git);
    const existing = await test("people_csv", { path: "/etc/hostname" });
    expect(existing).toMatchObject({ ok: false, guidance: expect.stringMatching(/ASSAY_CONNECTOR_LOCAL_PATHS/) });
    expect(await test("people_csv", { path: "/etc/no-such-file.csv" })).toEqual(existing);
  });
});

describe(`local paths on ${dbKind} with ASSAY_CONNECTOR_LOCAL_PATHS=any`, () => {
  const { ctx, app } = withTestApp({ config: { ASSAY_CONNECTOR_LOCAL_PATHS: "any" } });
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), "assay-people-"));
  afterAll(() => fs.rmSync(outside, { recursive: true, force: true }));

  const test = async (type: string, config: Record<string, unknown>) => {
    const { client } = await orgWithOwner(app, ctx.db);
    return (await client.post(`${M}/test-connection`, { type, config })).json();
  };

  it("never reads the data folder or /proc, and a missing file looks like a refused one", async () => {
    fs.writeFileSync(path.join(outside, "people.csv"), CSV);
    expect(await test("people_csv", { path: path.join(outside, "people.csv") })).toEqual({
      ok: true,
      message: "Read 1 people.",
    });

    // A valid CSV inside the data folder (keys, database, evidence) is refused all the same.
    const inData = path.join(ctx.config.dataDir, "exports", "people.csv");
    fs.mkdirSync(path.dirname(inData), { recursive: true });
    fs.writeFileSync(inData, CSV);
    const refused = await test("people_csv", { path: inData });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^The path cannot be read/) });
    expect(refused.guidance).toMatch(/ASSAY_CONNECTOR_LOCAL_PATHS/);
    for (const probe of [
      path.join(ctx.config.dataDir, "exports", "missing.csv"),
      path.join(outside, "missing.csv"),
      path.join(outside, "people.csv", ".."),
      "/proc/self/environ",
      "/dev/zero",
      `${ctx.config.dataDir}/../${path.basename(ctx.config.dataDir)}/exports/people.csv`,
    ])
      expect(await test("people_csv", { path: probe }), probe).toEqual(refused);
    expect((await test("git", { path: ctx.config.dataDir })).error).toMatch(/^The path cannot be read/);
  });
});

describe(`connector destinations on ${dbKind} with ASSAY_OUTBOUND_ALLOW=127.0.0.1`, () => {
  const { ctx, app } = withTestApp({ config: { ASSAY_OUTBOUND_ALLOW: "127.0.0.1" } });

  it("connects to the allowed database, and then tells a closed port apart (the operator's own network)", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const good = await client.post(`${M}/test-connection`, {
      type: "postgres",
      config: { host: "127.0.0.1", user: "postgres" },
    });
    expect(good.json()).toMatchObject({ ok: true, message: expect.stringMatching(/^Connected to PostgreSQL/) });
    const closed = await client.post(`${M}/test-connection`, {
      type: "postgres",
      config: { host: "127.0.0.1", port: 1, user: "postgres" },
    });
    expect(closed.json().error).toMatch(/Nothing accepts connections on 127.0.0.1:1/);
  });
});
