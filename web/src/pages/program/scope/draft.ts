import type { CategoryId, Program, ReportType, Scope } from "../../../api/models/program.ts";

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
