import type { ReportPeriod } from "../../../../../src/core/audit-window.ts";
import type { CategoryId, Program, ReportType, Scope } from "../../../api/models/program.ts";
import { periodVerdict } from "../../../program/rules.ts";

/** What the wizard edits: the program's period, categories and system description. */
export interface Draft {
  reportType: ReportType;
  asOfDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  categories: CategoryId[];
  scope: Scope;
}

export type SetDraft = (patch: Partial<Draft>) => void;
export type SetScope = (patch: Partial<Scope>) => void;

export const draftOf = (p: Program): Draft => ({
  reportType: p.reportType,
  asOfDate: p.asOfDate,
  windowStart: p.windowStart,
  windowEnd: p.windowEnd,
  categories: p.categories,
  scope: p.scope,
});

/** The PATCH body: empty list entries dropped, the unused period cleared. */
export function bodyOf(d: Draft) {
  const clean = (l: string[]) => l.map((s) => s.trim()).filter(Boolean);
  const s = d.scope;
  return {
    reportType: d.reportType,
    asOfDate: d.reportType === "type1" ? d.asOfDate : null,
    windowStart: d.reportType === "type2" ? d.windowStart : null,
    windowEnd: d.reportType === "type2" ? d.windowEnd : null,
    categories: d.categories,
    scope: {
      ...s,
      commitments: clean(s.commitments),
      systemRequirements: clean(s.systemRequirements),
      components: Object.fromEntries(Object.entries(s.components).map(([k, v]) => [k, clean(v)])),
      subserviceOrganizations: s.subserviceOrganizations
        .filter((o) => o.name.trim())
        .map((o) => ({ ...o, expectedControls: clean(o.expectedControls) })),
      userEntityControls: s.userEntityControls.filter((u) => u.description.trim()),
    },
  };
}

/** The steps the wizard reopens at (see STEPS in ScopeWizard.tsx). */
export const PERIOD_STEP = 1;
export const SYSTEM_STEP = 3;
export const REVIEW_STEP = 6;

/**
 * Where the wizard reopens: the beginning for a program nobody has scoped yet, otherwise the first step whose
 * answer is missing (the period, then the system description), or the review step when nothing required is missing.
 */
export function startStep(p: Pick<Program, "scopedAt" | "createdAt" | "updatedAt" | "scope"> & ReportPeriod): number {
  if (p.scopedAt) return REVIEW_STEP;
  if (new Date(p.updatedAt).getTime() === new Date(p.createdAt).getTime()) return 0;
  const missing = p.reportType === "type1" ? !p.asOfDate : !p.windowStart || !p.windowEnd;
  if (missing || periodVerdict(p).level === "problem") return PERIOD_STEP;
  if (!p.scope.services.trim()) return SYSTEM_STEP;
  return REVIEW_STEP;
}
