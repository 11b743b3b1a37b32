/**
 * The web app hides what a role cannot do by reading the server's policy tables, generated from the module
 * manifests into web/src/api/permissions.ts. This checks the generated table is the manifests' (CI's api:check
 * catches a stale file too). (No browser needed; it lives with the journeys because it is about what the UI shows.)
 */
import { describe, expect, it } from "vitest";
import { MANIFESTS as MODULES } from "../src/modules/manifests.ts";
import { can, POLICIES } from "../web/src/permissions.ts";

describe("web permissions", () => {
  it("know every action of every server module, with the server's roles", () => {
    const server = MODULES.flatMap((m) => Object.entries(m.policy));
    expect(server.length).toBeGreaterThan(50);
    const missing = server.filter(([action]) => !(action in POLICIES)).map(([action]) => action);
    expect(missing, "run `npm run api:generate`").toEqual([]);
    expect(Object.keys(POLICIES).length).toBe(server.length);
    for (const [action, rule] of server)
      expect([...POLICIES[action as keyof typeof POLICIES].roles].sort(), action).toEqual([...rule.roles].sort());
  });

  it("answers per role", () => {
    expect(can("owner", "agent.manage_enrollment")).toBe(true);
    expect(can("viewer", "agent.manage_enrollment")).toBe(false);
    expect(can("employee", "programs.read")).toBe(false);
    expect(can(null, "programs.read")).toBe(false);
  });
});
