import { REMEDIATION_STATUS_LABELS, type RemediationStatus } from "./schema.ts";

/** An item's ledger entries in people's words: field labels instead of column names, names instead of user ids. */

export const FIELD_LABELS: Record<string, string> = {
  title: "title",
  gap: "gap",
  rootCause: "root cause",
  riskDescription: "what could happen",
  likelihood: "likelihood",
  impact: "impact",
  priority: "priority",
  action: "corrective action",
  ownerUserId: "owner",
  dueDate: "due date",
  monitoring: "monitoring",
  resources: "resources",
  verifierUserId: "verifier",
  criteria: "criteria",
  controls: "controls",
  evidence: "evidence",
  status: "status",
  completedAt: "completion date",
  verifiedAt: "verification date",
  verifiedBy: "verified by",
  doneNote: "what was done",
  verificationNote: "how it was checked",
};

/** Fields whose value is a user id: shown as the person's name. */
const PERSON_FIELDS = new Set(["ownerUserId", "verifierUserId", "verifiedBy"]);
/** Fields short enough to show "before → after" for. */
const SHOWN_VALUES = new Set(["ownerUserId", "verifierUserId", "dueDate", "likelihood", "impact", "priority"]);

const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/** The user ids an entry mentions (to look their names up). */
export function peopleIn(changes: { before: unknown; after: unknown }): string[] {
  return [obj(changes.before), obj(changes.after)].flatMap((side) =>
    [...PERSON_FIELDS].map((f) => side[f]).filter((v): v is string => typeof v === "string"),
  );
}

export function describeEntry(
  action: string,
  changes: { before: unknown; after: unknown },
  names: ReadonlyMap<string, string>,
): { title: string; detail: string | null } {
  const before = obj(changes.before);
  const after = obj(changes.after);
  const note = typeof after.note === "string" && after.note.trim() ? after.note : null;
  const value = (field: string, v: unknown) => {
    if (v === null || v === undefined || v === "") return field === "ownerUserId" ? "unassigned" : "none";
    if (PERSON_FIELDS.has(field) && typeof v === "string") return names.get(v) ?? "a former member";
    return String(v);
  };
  switch (action) {
    case "remediation.created":
      return { title: "Created", detail: null };
    case "remediation.status_changed": {
      const status = REMEDIATION_STATUS_LABELS[after.status as RemediationStatus] ?? String(after.status);
      return { title: `Moved to ${status.toLowerCase()}`, detail: note };
    }
    case "remediation.reopened":
      return { title: "Reopened", detail: note };
    case "remediation.verified":
      return { title: "Verified", detail: note };
    case "remediation.updated": {
      const fields = Object.keys(after).filter((k) => k !== "ref");
      if (!fields.length) return { title: "Edited", detail: null };
      const parts = fields.map((f) => {
        const label = FIELD_LABELS[f] ?? f.replace(/([A-Z])/g, " $1").toLowerCase();
        return SHOWN_VALUES.has(f) ? `${label} (${value(f, before[f])} → ${value(f, after[f])})` : label;
      });
      const text = parts.join(", ");
      return { title: "Edited", detail: `Changed ${text}` };
    }
    case "remediation.steps_changed": {
      const steps = (side: Record<string, unknown>) => (Array.isArray(side.steps) ? side.steps.length : 0);
      const n = steps(after);
      const was = steps(before);
      return {
        title: "Steps changed",
        detail: n === was ? `${n} step${n === 1 ? "" : "s"}` : `${was} → ${n} steps`,
      };
    }
    case "remediation.commented":
      return { title: "Commented", detail: typeof after.body === "string" ? after.body : null };
    default:
      return { title: action.replace(/^remediation\./, "").replaceAll("_", " "), detail: null };
  }
}
