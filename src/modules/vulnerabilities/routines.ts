/** OPS-06 (scans imported at least monthly) and OPS-07 (findings fixed within their SLA) as routine checks. */
import type { ControlCheck } from "../../core/control-status.ts";
import { remediationCheck, scanningCheck } from "../../core/vulnerabilities.ts";
import type { ControlCheckProvider } from "../../kernel/routines.ts";
import { REMEDIATION_CONTROL, SCANNING_CONTROL } from "./import.ts";
import { lastImportAt, openCounts } from "./queries.ts";

const SOURCE = "vulnerabilities";

export const controlChecks: ControlCheckProvider = {
  name: SOURCE,
  async collect(db, organizationId, now, keys) {
    const out = new Map<string, ControlCheck[]>();
    if (keys && !keys.includes(SCANNING_CONTROL) && !keys.includes(REMEDIATION_CONTROL)) return out;
    const last = await lastImportAt(db, organizationId);
    // Before the first report the register says nothing about either control.
    const scanning = scanningCheck(last, now);
    if (!last || !scanning) return out;
    out.set(SCANNING_CONTROL, [
      { source: SOURCE, label: "Scanner reports imported at least monthly", ...scanning, since: last.toISOString() },
    ]);
    const { open, overdue, acceptedLate } = await openCounts(db, organizationId, now);
    const total = Object.values(open).reduce((n, v) => n + v, 0);
    out.set(REMEDIATION_CONTROL, [
      {
        source: SOURCE,
        label: "Open findings within their fix-by date",
        ...remediationCheck(total, overdue, acceptedLate),
        since: null,
      },
    ]);
    return out;
  },
};
