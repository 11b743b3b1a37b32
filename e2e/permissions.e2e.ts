/**
 * The web app hides what a role cannot do with a mirror of the server's policy tables (web/src/permissions.ts).
 * This keeps the mirror honest: every mirrored action exists on the server with exactly the same roles, and the
 * program modules the web app covers are mirrored completely. (No browser needed; it lives with the journeys
 * because it is about what the UI shows.)
 */
import { describe, expect, it } from "vitest";
import { MODULES } from "../src/server/modules.ts";
import { PERMISSIONS } from "../web/src/permissions.ts";

const MIRRORED_MODULES = ["content", "programs", "remediation", "notifications", "program-code"];

describe("web permission mirror", () => {
  const server = new Map(MODULES.flatMap((m) => Object.entries(m.policy)));

  it("gives every mirrored action the server's roles", () => {
    const wrong = Object.entries(PERMISSIONS)
      .filter(([action, roles]) => {
        const rule = server.get(action);
        return !rule || [...rule.roles].sort().join() !== [...roles].sort().join();
      })
      .map(([action]) => action);
    expect(wrong, "update web/src/permissions.ts from src/modules/*/policy.ts").toEqual([]);
  });

  it("mirrors every action of the program modules", () => {
    const unknown = MIRRORED_MODULES.filter((name) => !MODULES.some((m) => m.name === name));
    expect(unknown, "a mirrored module was renamed or removed in src/server/modules.ts").toEqual([]);
    const missing = MODULES.filter((m) => MIRRORED_MODULES.includes(m.name))
      .flatMap((m) => Object.keys(m.policy))
      .filter((a) => !(a in PERMISSIONS));
    expect(missing, "add these actions to web/src/permissions.ts").toEqual([]);
  });
});
