import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundRefused, outboundPolicy } from "./net-guard.ts";
import { outboundFetch, outboundHttpsAgent } from "./outbound-http.ts";

/** Real listeners on loopback: `trap` must never be reached; `redirector` (on 127.0.0.2) sends clients to it. */
let trap: http.Server;
let redirector: http.Server;
let trapConnections = 0;
const portOf = (s: http.Server) => (s.address() as AddressInfo).port;
const listen = (s: http.Server, host: string) => new Promise<void>((resolve) => s.listen(0, host, resolve));
const close = (s: http.Server) => new Promise<void>((resolve) => s.close(() => resolve()));

beforeAll(async () => {
  trap = http.createServer((_req, res) => res.end("trapped")).on("connection", () => trapConnections++);
  await listen(trap, "127.0.0.1");
  redirector = http.createServer((_req, res) => {
    res.writeHead(302, { location: `http://localhost:${portOf(trap)}/inside` });
    res.end();
  });
  await listen(redirector, "127.0.0.2");
});
afterAll(async () => {
  await close(trap);
  await close(redirector);
});

const causeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { cause?: unknown }).cause ?? err;
  }
  return null;
};

describe("outbound fetch", () => {
  it("refuses loopback by address and by name before connecting", async () => {
    const fetch = outboundFetch(outboundPolicy(""));
    for (const url of [
      `http://127.0.0.1:${portOf(trap)}/`,
      `http://localhost:${portOf(trap)}/`,
      `http://[::ffff:127.0.0.1]:${portOf(trap)}/`,
    ])
      expect(await causeOf(fetch(url)), url).toBeInstanceOf(OutboundRefused);
    expect(trapConnections).toBe(0);
  });

  it("follows a redirect only through the guard: an allowed server cannot send the request inside", async () => {
    const before = trapConnections;
    const fetch = outboundFetch(outboundPolicy("127.0.0.2"));
    const cause = await causeOf(fetch(`http://127.0.0.2:${portOf(redirector)}/`, { redirect: "follow" }));
    expect(cause).toBeInstanceOf(OutboundRefused);
    expect((cause as Error).message).toMatch(/^localhost \((127\.0\.0\.1|::1)\) is a loopback address/);
    expect(trapConnections).toBe(before);
    // The allowed server itself was reached.
    const manual = await fetch(`http://127.0.0.2:${portOf(redirector)}/`, { redirect: "manual" });
    expect(manual.status).toBe(302);
  });

  it("reaches an allowed destination", async () => {
    const fetch = outboundFetch(outboundPolicy("127.0.0.1"));
    expect(await (await fetch(`http://127.0.0.1:${portOf(trap)}/`)).text()).toBe("trapped");
    expect(trapConnections).toBeGreaterThan(0);
  });
});

describe("outbound https agent (node-fetch based clients)", () => {
  it("refuses loopback by address and by name", async () => {
    const agent = outboundHttpsAgent(outboundPolicy(""));
    const before = trapConnections;
    for (const host of ["127.0.0.1", "localhost"]) {
      const err = await new Promise<unknown>((resolve) => {
        https.get({ host, port: portOf(trap), path: "/", agent }, () => resolve(null)).on("error", resolve);
      });
      expect(err, host).toBeInstanceOf(OutboundRefused);
    }
    expect(trapConnections).toBe(before);
    agent.destroy();
  });
});
