import type { Risk } from "../../api/models/risks.ts";

export {
  RISK_LEVEL_LABELS as LEVEL_LABELS,
  RISK_TREATMENT_LABELS as TREATMENT_LABELS,
  RISK_TREATMENTS as TREATMENTS,
  RISK_TYPE_LABELS as TYPE_LABELS,
  RISK_TYPES,
} from "../../../../src/core/risks.ts";

/** Most severe first, as the filters list them. */
export const LEVELS = ["critical", "high", "medium", "low"] as const satisfies readonly Risk["level"][];
export const LEVEL_COLORS: Record<Risk["level"], string> = {
  low: "teal",
  medium: "yellow",
  high: "orange",
  critical: "red",
};

export const riskKeys = {
  all: ["risks"] as const,
  list: (query: unknown) => ["risks", "list", query] as const,
  one: (id: string) => ["risks", "one", id] as const,
  heatMap: ["risks", "heatmap"] as const,
  settings: ["risks", "settings"] as const,
  library: ["risks", "library"] as const,
  assessments: ["risks", "assessments"] as const,
};
