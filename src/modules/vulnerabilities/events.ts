/** The vulnerability register: one ledger entry per imported report (not one per finding), and each decision. */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };

export const vulnerabilitiesImported = defineEvent<Recorded>()("vulnerabilities.imported", {
  ledger: (p) => ({ entityType: "vulnerability_import", entityId: p.id, after: p.after }),
});

const finding = (p: Recorded) => ({ entityType: "vulnerability", entityId: p.id, before: p.before, after: p.after });
/** A finding's risk was accepted until a day (after: until, reason, ruleId, package). */
export const riskAccepted = defineEvent<Recorded>()("vulnerabilities.risk_accepted", { ledger: finding });
/** An acceptance was withdrawn before its end. */
export const acceptanceWithdrawn = defineEvent<Recorded>()("vulnerabilities.acceptance_withdrawn", { ledger: finding });
/** The organization's SLAs changed (before/after: days per severity) and open findings' fix-by dates with them. */
export const slaChanged = defineEvent<Recorded>()("vulnerabilities.sla_changed", {
  ledger: (p) => ({ entityType: "vulnerability_settings", entityId: p.id, before: p.before, after: p.after }),
});
