/**
 * Webhooks cannot make the server reach itself, the private network or the cloud metadata service (server-side
 * request forgery), neither when saved nor when sent, and their errors do not tell an open port from a closed one.
 * Every "forbidden" destination here is a real listener on this machine that records whether anything reached it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { freePort } from "../../../test/net.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { newId } from "../../core/id.ts";
import { alertWebhooks } from "../../db/schema/index.ts";

/** An HTTP server that answers 200 (or redirects) and counts every connection made to it. */
async function listener(host: string, answer: (res: http.ServerResponse) => void = (res) => res.end("ok")) {
  let connections = 0;
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => answer(res));
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Listener = Awaited<ReturnType<typeof listener>>;

describe(`webhook destinations on ${dbKind} (default: public addresses only)`, () => {
  const { ctx, app } = withTestApp({ config: { ASSAY_WEBHOOK_ALLOW_PRIVATE_HTTP: true } });
  let trap: Listener;
  let trap6: Listener;
  beforeAll(async () => {
    trap = await listener("127.0.0.1");
    trap6 = await listener("::1");
  });
  afterAll(async () => {
    await trap.close();
    await trap6.close();
  });

  it("refuses to save a webhook to loopback, private, link-local or metadata addresses, or a name resolving there", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const cases: [string, RegExp][] = [
      [`http://127.0.0.1:${trap.port}/hook`, /^127\.0\.0\.1 is a loopback address/],
      [`http://localhost:${trap.port}/hook`, /^localhost \((127\.0\.0\.1|::1)\) is a loopback address/],
      [`http://[::1]:${trap6.port}/hook`, /^::1 is a loopback address/],
      [`http://[::ffff:127.0.0.1]:${trap.port}/hook`, /^::ffff:7f00:1 is a loopback address/],
      [`http://2130706433:${trap.port}/hook`, /^127\.0\.0\.1 is a loopback address/],
      ["http://10.1.2.3/hook", /^10\.1\.2\.3 is a private-network address/],
      ["https://192.168.0.10/hook", /^192\.168\.0\.10 is a private-network address/],
      ["http://169.254.169.254/latest/meta-data/", /^169\.254\.169\.254 is a cloud metadata address/],
      ["https://[fd00:ec2::254]/latest/meta-data/", /^fd00:ec2::254 is a cloud metadata address/],
      ["http://0.0.0.0:9/hook", /^0\.0\.0\.0 is an unspecified address/],
    ];
    for (const [url, message] of cases) {
      const res = await client.post("/api/v1/alerts/webhooks", { name: "x", url, kinds: ["sync.failed"] });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code, url).toBe("webhook_destination_refused");
      expect(res.json().detail, url).toMatch(message);
      expect(res.json().detail, url).toMatch(/ASSAY_OUTBOUND_ALLOW/);
    }
    expect(await ctx.db.select().from(alertWebhooks).where(eq(alertWebhooks.organizationId, org.id))).toEqual([]);
    expect(trap.connections() + trap6.connections()).toBe(0);
  });

  it("gives the same refusal for an open and a closed port, when saving and when sending", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const open = `http://127.0.0.1:${trap.port}/services/open-secret`;
    const closed = `http://127.0.0.1:${await freePort()}/services/closed-secret`;
    const save = async (url: string) => {
      const res = await client.post("/api/v1/alerts/webhooks", { name: "probe", url, kinds: ["sync.failed"] });
      const { requestId: _, ...problem } = res.json();
      return { status: res.statusCode, ...problem };
    };
    expect(await save(open)).toEqual(await save(closed));

    // Webhooks saved before this check (or whose name resolves elsewhere now) are checked again when sent.
    const stored = async (url: string) => {
      const id = newId();
      await ctx.db.insert(alertWebhooks).values({
        id,
        organizationId: org.id,
        name: "stored",
        urlSealed: ctx.keys.encrypt(url),
        urlHost: new URL(url).host,
        kinds: ["sync.failed"],
        enabled: true,
        createdBy: null,
      });
      return (await client.post(`/api/v1/alerts/webhooks/${id}/test`)).json();
    };
    const toOpen = await stored(open);
    const toClosed = await stored(closed);
    expect(toOpen).toEqual({
      ok: false,
      status: null,
      error: expect.stringMatching(/^Not sent: 127\.0\.0\.1 is a loopback address.*ASSAY_OUTBOUND_ALLOW/),
    });
    expect(toClosed).toEqual(toOpen);
    expect(JSON.stringify(toOpen)).not.toContain("secret");
    expect(trap.connections()).toBe(0);
  });
});

describe(`webhook redirects on ${dbKind}`, () => {
  // Only the receiver's own address is allowed: 127.0.0.2 (all of 127/8 is this machine's loopback), while the
  // redirect leads to a listener on 127.0.0.1, which stays refused.
  const { ctx, app } = withTestApp({
    config: { ASSAY_WEBHOOK_ALLOW_PRIVATE_HTTP: true, ASSAY_OUTBOUND_ALLOW: "127.0.0.2" },
  });
  let trap: Listener;
  let redirector: Listener;
  beforeAll(async () => {
    trap = await listener("127.0.0.1");
    redirector = await listener("127.0.0.2", (res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${trap.port}/stolen` });
      res.end();
    });
  });
  afterAll(async () => {
    await trap.close();
    await redirector.close();
  });

  it("delivers to an allowed receiver but never follows its redirect to a refused address", async () => {
    // The trap is really there: without the guard, following the redirect would reach it.
    expect((await fetch(`http://127.0.0.1:${trap.port}/check`)).status).toBe(200);
    const before = trap.connections();

    const { client } = await orgWithOwner(app, ctx.db);
    const created = await client.post("/api/v1/alerts/webhooks", {
      name: "Redirecting",
      url: `http://127.0.0.2:${redirector.port}/hook`,
      kinds: ["sync.failed"],
    });
    expect(created.statusCode).toBe(201);
    const sent = (await client.post(`/api/v1/alerts/webhooks/${created.json().id}/test`)).json();
    expect(redirector.requests).toEqual(["POST /hook"]);
    expect(sent).toMatchObject({ ok: false, status: 302, error: expect.stringMatching(/redirects are not followed/) });
    expect(trap.connections()).toBe(before);
    expect(trap.requests).toEqual(["GET /check"]);

    // And a webhook straight at the other loopback address stays refused.
    const direct = await client.post("/api/v1/alerts/webhooks", {
      name: "Direct",
      url: `http://127.0.0.1:${trap.port}/hook`,
      kinds: ["sync.failed"],
    });
    expect(direct.json().code).toBe("webhook_destination_refused");
  });
});
