/** Scoping rules: what a report type needs, advice on the audit window, and which criteria the scope keeps. */
import { daysBetween as days } from "./dates.ts";
import type { ReadinessCriterionInput } from "./readiness.ts";

export interface ReportPeriod {
  reportType: "type1" | "type2";
  asOfDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
}

/** Why the period cannot be saved as it is, or null when it can. Dates are ISO plain dates. */
export function periodProblem(p: ReportPeriod): string | null {
  if (p.reportType === "type1") return null;
  if (p.windowStart && p.windowEnd && days(p.windowStart, p.windowEnd) < 1)
    return "The audit window must end after it starts.";
  return null;
}

/** Advice a person should see before committing to the period (empty when there is none). */
export function periodWarnings(p: ReportPeriod): string[] {
  if (p.reportType === "type1")
    return p.asOfDate ? [] : ["Pick the “as of” date: a Type I report describes the controls on one day."];
  if (!p.windowStart || !p.windowEnd)
    return ["Pick the audit window: a Type II report covers a period, usually 6 to 12 months."];
  const length = days(p.windowStart, p.windowEnd);
  if (length < 90)
    return [
      `The window is ${length} days. Auditors rarely accept a Type II window under 3 months, and customers expect 6–12 months: consider a longer window.`,
    ];
  if (length > 366)
    return [`The window is ${length} days. Type II reports cover at most 12 months; split it into yearly windows.`];
  if (length < 180)
    return [
      `The window is ${length} days: acceptable for a first report, but customers usually expect 6–12 months from the next one on.`,
    ];
  return [];
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
