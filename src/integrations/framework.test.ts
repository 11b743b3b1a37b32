import { describe, expect, it } from "vitest";
import { loadContent } from "../content/index.ts";
import { SEVERITIES } from "../core/sla.ts";
import { compileCustomTest, describeRule } from "./definitions.ts";
import { allowedLocalPath, localPathPolicy } from "./local-paths.ts";
import { allConnectors, catalogueTests } from "./registry.ts";
import { parseRetryAfter, withRetry } from "./retry.ts";
import { ThrottledError, TransientError } from "./types.ts";

describe("test catalogue", () => {
  it("names only controls of the library, with unique ids prefixed by their connector", () => {
    const library = loadContent().controlsById;
    const tests = catalogueTests();
    expect(tests.size).toBeGreaterThanOrEqual(10);
    for (const t of tests.values()) {
      expect(t.id.startsWith(`${t.connectorType === "people_csv" ? "people" : t.connectorType}.`), t.id).toBe(true);
      expect(t.controls.length, t.id).toBeGreaterThan(0);
      for (const c of t.controls) expect(library.has(c), `${t.id} names unknown control ${c}`).toBe(true);
      expect(SEVERITIES).toContain(t.severity);
      expect(t.remediation.length, t.id).toBeGreaterThan(20);
      const connector = allConnectors().find((c) => c.type === t.connectorType)!;
      expect(connector.resourceTypes).toContain(t.resourceType);
    }
  });
});

describe("retry policy", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = new Date("2027-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Fri, 01 Jan 2027 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it("retries throttling and transient errors with backoff, and nothing else", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      "page",
      async () => {
        calls++;
        if (calls === 1) throw new ThrottledError("429", 2000);
        if (calls === 2) throw new TransientError("reset");
        return "ok";
      },
      { sleep: async (ms) => void waits.push(ms), baseMs: 100, random: () => 1 },
    );
    expect(result).toBe("ok");
    expect(waits).toEqual([2000, 200]);
    let wrong = 0;
    await expect(
      withRetry("login", async () => {
        wrong++;
        throw new Error("bad password");
      }),
    ).rejects.toThrow("bad password");
    expect(wrong).toBe(1);
    await expect(
      withRetry("page", async () => Promise.reject(new TransientError("down")), { attempts: 3, sleep: async () => {} }),
    ).rejects.toThrow(/still failing after 3 attempts/);
  });
});

describe("custom test compilation", () => {
  it("explains pass, fail (with the values found) and not applicable", () => {
    const t = compileCustomTest({
      key: "prod-mfa",
      title: "Production users have MFA",
      description: "",
      resourceType: "user",
      severity: "high",
      rule: { all: [{ attr: "mfa", op: "eq", value: true }, { not: { attr: "tags.role", op: "eq", value: "bot" } }] },
      appliesWhen: { attr: "tags.env", op: "eq", value: "prod" },
      remediation: "",
      controls: ["ACC-03"],
      enabled: true,
    });
    const r = (attributes: Record<string, unknown>) => ({ type: "user", externalId: "u", name: "u", attributes });
    expect(t.evaluate(r({ tags: { env: "dev" } }), { config: {} }).status).toBe("not_applicable");
    expect(t.evaluate(r({ mfa: true, tags: { env: "prod" } }), { config: {} }).status).toBe("pass");
    expect(t.evaluate(r({ mfa: false, tags: { env: "prod" } }), { config: {} })).toEqual({
      status: "fail",
      reason: 'Does not meet the rule: mfa = true and (not tags.role = "bot") (found mfa = false, tags.role = absent).',
    });
    expect(
      describeRule({
        any: [
          { attr: "a", op: "in", value: [1, 2] },
          { attr: "b", op: "exists", value: false },
        ],
      }),
    ).toBe("a in [1,2] or b is absent");
  });
});

describe("local path policy", () => {
  it("reads the setting and confines paths to the allowed folders (after resolving links)", () => {
    expect(localPathPolicy(undefined, [])).toMatchObject({ kind: "none" });
    expect(localPathPolicy("none", [])).toMatchObject({ kind: "none" });
    expect(localPathPolicy("any", [])).toMatchObject({ kind: "any" });
    expect(localPathPolicy("/srv/a, /srv/b", [])).toMatchObject({ kind: "roots", roots: ["/srv/a", "/srv/b"] });
    expect(allowedLocalPath(localPathPolicy("/tmp", []), "/tmp", "files")).toBe("/tmp");
    expect(() => allowedLocalPath(localPathPolicy("/tmp", []), "/etc/hostname", "files")).toThrow(/cannot be read/);
    expect(() => allowedLocalPath(localPathPolicy("any", []), "relative/path", "files")).toThrow(/absolute/);
  });
});
