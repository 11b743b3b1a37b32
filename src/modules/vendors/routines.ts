/** VND-01, VND-02, VND-04 and VND-07 as routine checks, judged by core/vendors.ts over the register's facts. */
import type { ControlCheck } from "../../core/control-status.ts";
import { utcDay } from "../../core/dates.ts";
import {
  CONTROLS,
  dueDiligenceCheck,
  inventoryCheck,
  reviewCheck,
  subprocessorCheck,
  type VendorCheck,
} from "../../core/vendors.ts";
import type { ControlCheckProvider } from "../../kernel/routines.ts";
import { declaredNoSubprocessors, vendorFacts } from "./queries.ts";

const SOURCE = "vendors";
const LABELS: Record<string, string> = {
  [CONTROLS.inventory]: "Active vendors have an owner and a criticality",
  [CONTROLS.dueDiligence]: "High and critical vendors have current due diligence",
  [CONTROLS.review]: "Active vendors reviewed by their review date",
  [CONTROLS.subprocessors]: "Subprocessor list maintained",
};

export const controlChecks: ControlCheckProvider = {
  name: SOURCE,
  async collect(db, organizationId, now, keys) {
    const out = new Map<string, ControlCheck[]>();
    const wanted = Object.values(CONTROLS).filter((k) => !keys || keys.includes(k));
    if (!wanted.length) return out;
    const [facts, none] = await Promise.all([
      vendorFacts(db, organizationId),
      declaredNoSubprocessors(db, organizationId),
    ]);
    const today = utcDay(now);
    const judged: Record<string, VendorCheck | null> = {
      [CONTROLS.inventory]: inventoryCheck(facts),
      [CONTROLS.dueDiligence]: dueDiligenceCheck(facts, today),
      [CONTROLS.review]: reviewCheck(facts, today),
      [CONTROLS.subprocessors]: subprocessorCheck(facts, none),
    };
    for (const key of wanted) {
      const check = judged[key];
      if (check) out.set(key, [{ source: SOURCE, label: LABELS[key]!, ...check, since: null }]);
    }
    return out;
  },
};
