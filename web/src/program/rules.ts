/**
 * The server's own pure rules, shared with the web app so forms can say live what the server will say on save:
 * the advice about a report period and the priority of a remediation item. They live in src/core (no I/O).
 */

export {
  lengthText,
  periodVerdict,
  suggestWindow,
  windowDays,
  windowEndingOn,
} from "../../../src/core/audit-window.ts";
export { IMPACT_LABELS, LIKELIHOOD_LABELS, priorityOf, riskScore, SUGGESTED_DAYS } from "../../../src/core/priority.ts";
export { periodProblem, periodWarnings } from "../../../src/core/scoping.ts";
