import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type ConnectorDefinition, lazyConnector } from "./lazy.ts";
import { collectAll, testEnvironment } from "./testing.ts";
import type { Connector, ResourceInput } from "./types.ts";

const definition: ConnectorDefinition = {
  type: "fake",
  title: "Fake",
  description: "A connector loaded on first use.",
  category: "cloud",
  configSchema: z.object({}),
  secretSchema: z.object({}),
  resourceTypes: ["thing"],
  tests: [],
};

function fakeLoader() {
  const state = { loads: 0, fail: false, closed: false };
  const connector: Connector = {
    ...definition,
    async testConnection() {
      return { ok: true, message: "reached" };
    },
    async *collect() {
      try {
        yield [{ type: "thing", externalId: "1", name: "one", attributes: {} }];
        yield [{ type: "thing", externalId: "2", name: "two", attributes: {} }];
      } finally {
        state.closed = true;
      }
    },
  };
  const load = async () => {
    state.loads++;
    if (state.fail) throw new Error("Cannot find package '@vendor/sdk'");
    return connector;
  };
  return { state, load };
}

describe("lazy connectors", () => {
  it("answer with their definition before loading, and load once on the first test or sync", async () => {
    const { state, load } = fakeLoader();
    const c = lazyConnector(definition, load);
    expect([c.type, c.title, c.category, c.resourceTypes]).toEqual(["fake", "Fake", "cloud", ["thing"]]);
    expect(state.loads).toBe(0);
    expect(await c.testConnection({}, {}, testEnvironment())).toEqual({ ok: true, message: "reached" });
    const { resources } = await collectAll(c, {});
    expect(resources.map((r: ResourceInput) => r.externalId)).toEqual(["1", "2"]);
    expect(state.loads).toBe(1);
  });

  it("hands an early stop of the sync to the loaded connector (its cleanup runs)", async () => {
    const { state, load } = fakeLoader();
    const c = lazyConnector(definition, load);
    const batches = c.collect({} as Parameters<Connector["collect"]>[0]);
    expect((await batches.next()).value).toHaveLength(1);
    await batches.return();
    expect(state.closed).toBe(true);
  });

  it("reports a failed load to the caller and tries again on the next call", async () => {
    const { state, load } = fakeLoader();
    const c = lazyConnector(definition, load);
    state.fail = true;
    await expect(c.testConnection({}, {}, testEnvironment())).rejects.toThrow("@vendor/sdk");
    state.fail = false;
    expect((await c.testConnection({}, {}, testEnvironment())).ok).toBe(true);
    expect(state.loads).toBe(2);
  });

  it("keep vendor SDKs out of a process until one of their connections is used", async () => {
    // A fresh process: which packages the registry and the catalogue resolve, then what a GitHub test loads.
    const registry = path.join(path.dirname(fileURLToPath(import.meta.url)), "registry.ts");
    const testing = path.join(path.dirname(fileURLToPath(import.meta.url)), "testing.ts");
    const script = `
      import { registerHooks } from "node:module";
      const seen = new Set();
      registerHooks({ resolve(specifier, context, next) { seen.add(specifier); return next(specifier, context); } });
      const sdks = () => [...seen].filter((s) => /^@(aws-sdk|octokit|googleapis|okta)\\//.test(s)).sort();
      const { allConnectors, catalogueTests, connectorOf } = await import(${JSON.stringify(registry)});
      const types = allConnectors().map((c) => c.type);
      const tests = catalogueTests().size;
      const atStart = sdks();
      const github = connectorOf("github");
      const { testEnvironment } = await import(${JSON.stringify(testing)});
      const answer = await github.testConnection(
        github.configSchema.parse({ organization: "acme", apiUrl: "https://127.0.0.1:9" }),
        { token: "t0ken" },
        testEnvironment({ outboundAllow: "127.0.0.1" }),
      );
      console.log(JSON.stringify({ types, tests, atStart, ok: answer.ok, afterTest: sdks() }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      timeout: 60_000,
    });
    const out = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(out.types).toEqual(["postgres", "git", "people_csv", "linux_agent", "github", "aws", "google", "okta"]);
    expect(out.tests).toBeGreaterThanOrEqual(10);
    expect(out.atStart).toEqual([]);
    expect(out.ok).toBe(false); // nothing listens on port 9
    expect(out.afterTest).toContain("@octokit/rest"); // and its own packages, but no other vendor's
    expect(out.afterTest.filter((s: string) => !s.startsWith("@octokit/"))).toEqual([]);
  }, 90_000);
});
