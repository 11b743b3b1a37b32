import type { PolicyVersionSummary } from "../../api/models/org-policies.ts";

export const orgPolicyKeys = {
  list: ["policies", "list"] as const,
  detail: (id: string) => ["policies", id] as const,
  version: (id: string, versionId: string) => ["policies", id, "version", versionId] as const,
  diff: (id: string, from: number, to: number) => ["policies", id, "diff", from, to] as const,
  acceptance: (id: string, filters: unknown) => ["policies", id, "acceptance", filters] as const,
};

export const portalKeys = {
  list: ["portal", "policies"] as const,
  detail: (id: string) => ["portal", "policies", id] as const,
};

type Status = PolicyVersionSummary["status"];
export const STATUS_LABELS: Record<Status, string> = {
  draft: "Draft",
  in_review: "In review",
  approved: "Approved",
  published: "Published",
  superseded: "Superseded",
};
export const STATUS_COLORS: Record<Status, string> = {
  draft: "gray",
  in_review: "yellow",
  approved: "blue",
  published: "green",
  superseded: "gray",
};
