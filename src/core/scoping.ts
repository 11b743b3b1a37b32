/** Scoping rules: what a report type needs, advice on the audit window, and which criteria the scope keeps. */
import { periodVerdict, type ReportPeriod } from "./audit-window.ts";
import type { ReadinessCriterionInput } from "./readiness.ts";

export type { ReportPeriod } from "./audit-window.ts";

/** Why the period cannot be saved as it is, or null when it can (the rules: src/core/audit-window.ts). */
export function periodProblem(p: ReportPeriod, today?: string): string | null {
  const v = periodVerdict(p, today);
  return v.level === "problem" ? v.messages.join(" ") : null;
}

/** Advice a person should see before committing to the period (empty when there is none). */
export function periodWarnings(p: ReportPeriod, today?: string): string[] {
  const v = periodVerdict(p, today);
  return v.level === "advice" ? v.messages : [];
}

export interface ScopableCriterion {
  id: string;
  category: string;
}

/**
 * The criteria of a program with their scope: security always counts; the others only when their category was
 * selected, otherwise they are "not relevant", with the reason.
 */
export function criteriaInScope(
  criteria: readonly ScopableCriterion[],
  selected: readonly string[],
  categoryNames: ReadonlyMap<string, string>,
): ReadinessCriterionInput[] {
  const chosen = new Set(["security", ...selected]);
  return criteria.map((c) =>
    chosen.has(c.category)
      ? { id: c.id, category: c.category, inScope: true }
      : {
          id: c.id,
          category: c.category,
          inScope: false,
          notRelevantReason: `${categoryNames.get(c.category) ?? c.category} is not among the categories selected for this report.`,
        },
  );
}
