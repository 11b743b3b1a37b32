import type { Risk } from "../../api/models/risks.ts";

export const RISK_TYPES = [
  "operational",
  "security",
  "compliance",
  "fraud",
  "significant_change",
  "vendor",
  "other",
] as const satisfies readonly Risk["type"][];
export const TYPE_LABELS: Record<Risk["type"], string> = {
  operational: "Operational",
  security: "Security",
  compliance: "Compliance",
  fraud: "Fraud",
  significant_change: "Significant change",
  vendor: "Vendor",
  other: "Other",
};

export const LEVELS = ["critical", "high", "medium", "low"] as const satisfies readonly Risk["level"][];
export const LEVEL_LABELS: Record<Risk["level"], string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};
export const LEVEL_COLORS: Record<Risk["level"], string> = {
  low: "teal",
  medium: "yellow",
  high: "orange",
  critical: "red",
};

export const TREATMENTS = ["mitigate", "accept", "transfer", "avoid"] as const satisfies readonly NonNullable<
  Risk["treatment"]
>[];
export const TREATMENT_LABELS: Record<NonNullable<Risk["treatment"]>, string> = {
  mitigate: "Mitigate",
  accept: "Accept",
  transfer: "Transfer",
  avoid: "Avoid",
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
