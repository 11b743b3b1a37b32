export const SEVERITIES = ["critical", "high", "medium", "low", "unknown", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  unknown: "Unrated",
  info: "Info",
};
export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: "red",
  high: "orange",
  medium: "yellow",
  low: "blue",
  unknown: "gray",
  info: "gray",
};

export const vulnerabilityKeys = {
  all: ["vulnerabilities"] as const,
  list: (query: unknown) => ["vulnerabilities", "list", query] as const,
  dashboard: ["vulnerabilities", "dashboard"] as const,
  imports: ["vulnerabilities", "imports"] as const,
  sources: ["vulnerabilities", "sources"] as const,
};
