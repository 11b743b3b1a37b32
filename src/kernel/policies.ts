import type { Actor } from "../core/actor.ts";
import type { Action, ActionRule, PolicyTable } from "../core/roles.ts";

export type { Action };

/**
 * Every module's policy.ts, merged. Adding a module = adding its table here; the role × action matrix
 * test reads this same object.
 */
const modulePolicies: PolicyTable[] = [];

export const POLICY: Record<string, ActionRule> = {};

export function registerPolicy(table: PolicyTable) {
  for (const [action, rule] of Object.entries(table)) {
    if (POLICY[action]) throw new Error(`Action ${action} is declared twice`);
    POLICY[action] = rule;
  }
  modulePolicies.push(table);
}

/** May this actor perform this action? Tokens are further capped by their scope. */
export function can(actor: Actor, action: Action): boolean {
  const rule = POLICY[action];
  if (!rule) throw new Error(`Unknown action ${action}: declare it in a module policy.ts`);
  if (actor.kind === "system") return true;
  if (!rule.roles.includes(actor.role)) return false;
  if (actor.kind === "token" && rule.write && actor.scope !== "write") return false;
  return true;
}
