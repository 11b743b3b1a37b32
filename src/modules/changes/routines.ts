/** CHG-02 (independent review), CHG-03 (checks passed) and CHG-06 (emergency changes approved after the fact). */
import {
  CHANGE_CHECK_WINDOW_DAYS,
  changeFlags,
  checksCheck,
  emergencyCheck,
  emergencyState,
  reviewCheck,
} from "../../core/changes.ts";
import type { ControlCheck } from "../../core/control-status.ts";
import type { ControlCheckProvider } from "../../kernel/routines.ts";
import { recentChanges } from "./queries.ts";
import { emergencyApprovalDaysOf } from "./settings.ts";

const SOURCE = "changes";
export const REVIEW_CONTROL = "CHG-02";
export const CHECKS_CONTROL = "CHG-03";
export const EMERGENCY_CONTROL = "CHG-06";
const KEYS = [REVIEW_CONTROL, CHECKS_CONTROL, EMERGENCY_CONTROL];

export const controlChecks: ControlCheckProvider = {
  name: SOURCE,
  async collect(db, organizationId, now, keys) {
    const out = new Map<string, ControlCheck[]>();
    if (keys && !KEYS.some((k) => keys.includes(k))) return out;
    const [rows, days] = await Promise.all([
      recentChanges(db, organizationId, now),
      emergencyApprovalDaysOf(db, organizationId),
    ]);
    const flags = rows.map((r) => changeFlags(r, now, days));
    const add = (key: string, label: string, verdict: { state: "met" | "not_met"; reason: string } | null) => {
      if (verdict) out.set(key, [{ source: SOURCE, label, ...verdict, since: null }]);
    };
    add(
      REVIEW_CONTROL,
      `Changes of the last ${CHANGE_CHECK_WINDOW_DAYS} days independently reviewed`,
      reviewCheck(rows.length, flags.filter((f) => f.unreviewed).length),
    );
    add(
      CHECKS_CONTROL,
      "Checks passed on merged changes",
      checksCheck(rows.filter((r) => r.checksPassed !== null).length, flags.filter((f) => f.checksFailed).length),
    );
    add(
      EMERGENCY_CONTROL,
      "Emergency changes approved after the fact",
      emergencyCheck(
        rows.map((r) => emergencyState(r, now, days)),
        days,
      ),
    );
    return out;
  },
};
