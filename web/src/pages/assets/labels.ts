import type { Asset } from "../../api/models/assets.ts";

export const ASSET_KINDS = ["system", "data_store", "endpoint", "saas_application", "network", "other"] as const;
export const KIND_LABELS: Record<Asset["kind"], string> = {
  system: "System",
  data_store: "Data store",
  endpoint: "Endpoint",
  saas_application: "SaaS application",
  network: "Network",
  other: "Other",
};
/** Plural headings for the system description. */
export const KIND_PLURALS: Record<Asset["kind"], string> = {
  system: "Systems",
  data_store: "Data stores",
  endpoint: "Endpoints",
  saas_application: "SaaS applications",
  network: "Networks",
  other: "Other assets",
};

export const CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
export const CLASSIFICATION_LABELS: Record<(typeof CLASSIFICATIONS)[number], string> = {
  public: "Public",
  internal: "Internal",
  confidential: "Confidential",
  restricted: "Restricted",
};
export const CLASSIFICATION_COLORS: Record<(typeof CLASSIFICATIONS)[number], string> = {
  public: "gray",
  internal: "blue",
  confidential: "orange",
  restricted: "red",
};

export const ENVIRONMENTS = ["production", "staging", "development", "corporate"] as const;
export const ENVIRONMENT_LABELS: Record<(typeof ENVIRONMENTS)[number], string> = {
  production: "Production",
  staging: "Staging",
  development: "Development",
  corporate: "Corporate",
};

export const assetKeys = {
  all: ["assets"] as const,
  list: (query: unknown) => ["assets", "list", query] as const,
  inScope: ["assets", "in-scope"] as const,
  checks: ["assets", "checks"] as const,
  reviews: ["assets", "reviews"] as const,
  one: (id: string) => ["assets", id] as const,
};

export const options = <K extends string>(keys: readonly K[], labels: Record<K, string>) =>
  keys.map((value) => ({ value, label: labels[value] }));
