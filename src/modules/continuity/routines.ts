/** AVL-03 (restores tested per system with an RPO), AVL-04 (a plan, reviewed) and AVL-05 (the plan exercised). */
import {
  CONTINUITY_CONTROL_KEYS,
  EXERCISE_CONTROL,
  exerciseCheck,
  PLAN_CONTROL,
  planCheck,
  RESTORE_CONTROL,
  restoreCheck,
} from "../../core/continuity.ts";
import type { ControlCheck } from "../../core/control-status.ts";
import type { Db } from "../../db/client.ts";
import type { ControlCheckProvider } from "../../kernel/routines.ts";
import { allTestDays, coveredSystems, listObjectives, listPlans } from "./queries.ts";

const SOURCE = "continuity";

/** What the continuity register tells each of its controls now; `used`: whether it holds anything yet. */
export async function continuityChecks(db: Db, organizationId: string, now: Date) {
  const [{ items: plans }, { items: objectives }, covered, tests] = await Promise.all([
    listPlans(db, organizationId, now),
    listObjectives(db, organizationId),
    coveredSystems(db, organizationId),
    allTestDays(db, organizationId),
  ]);
  const withRpo = objectives
    .filter((o) => o.rpoMinutes !== null)
    .map((o) => ({ assetId: o.assetId, name: o.assetName }));
  const restore = restoreCheck(withRpo, covered, now) ?? {
    state: "not_met" as const,
    reason: "No system has a recovery point objective yet: set RTO and RPO for the systems that must be restored.",
  };
  return {
    used: plans.length > 0 || objectives.length > 0 || tests.length > 0,
    items: [
      { key: RESTORE_CONTROL, label: "Restores tested for every system with an RPO", ...restore },
      { key: PLAN_CONTROL, label: "Continuity plan reviewed in the last 12 months", ...planCheck(plans, now) },
      {
        key: EXERCISE_CONTROL,
        label: "Failover drill or continuity exercise in the last 12 months",
        ...exerciseCheck(tests, now),
      },
    ],
  };
}

export const controlChecks: ControlCheckProvider = {
  name: SOURCE,
  async collect(db, organizationId, now, keys) {
    const out = new Map<string, ControlCheck[]>();
    if (keys && !CONTINUITY_CONTROL_KEYS.some((k) => keys.includes(k))) return out;
    const checks = await continuityChecks(db, organizationId, now);
    // Before the first plan, objective or test the register says nothing about these controls.
    if (!checks.used) return out;
    for (const { key, label, state, reason } of checks.items)
      out.set(key, [{ source: SOURCE, label, state, reason, since: null }]);
    return out;
  },
};
