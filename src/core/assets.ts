/**
 * The asset inventory's pure rules: the kinds, classifications and environments an asset has, which connector
 * resources are worth promoting into the inventory (and as what), and what the inventory says about AST-01, AST-02
 * and CNF-01. No I/O.
 */

export const ASSET_KINDS = ["system", "data_store", "endpoint", "saas_application", "network", "other"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const ENVIRONMENTS = ["production", "staging", "development", "corporate"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const ASSET_KIND_LABELS: Record<AssetKind, string> = {
  system: "System",
  data_store: "Data store",
  endpoint: "Endpoint",
  saas_application: "SaaS application",
  network: "Network",
  other: "Other",
};

/** Control keys the inventory speaks to. */
export const INVENTORY_CONTROL = "AST-01";
export const SOFTWARE_CONTROL = "AST-02";
export const CLASSIFICATION_CONTROL = "CNF-01";
export const ASSET_CONTROL_KEYS = [INVENTORY_CONTROL, SOFTWARE_CONTROL, CLASSIFICATION_CONTROL] as const;

/** How often the whole inventory is reviewed (AST-01). */
export const INVENTORY_REVIEW_MONTHS = 12;

/**
 * What a connector resource of this type is in the inventory, or null when it is not an asset (a user, a setting, a
 * database role, a security group: those belong to the tests, not to the inventory).
 */
const RESOURCE_KINDS: Readonly<Record<string, AssetKind>> = {
  device: "endpoint",
  host: "endpoint",
  system: "system",
  instance: "system",
  db_instance: "data_store",
  database_server: "data_store",
  database: "data_store",
  bucket: "data_store",
  repository: "system",
  aws_account: "saas_application",
  github_organization: "saas_application",
  google_workspace: "saas_application",
  okta_org: "saas_application",
  vpc: "network",
  network: "network",
};
export function assetKindForResource(type: string): AssetKind | null {
  return Object.hasOwn(RESOURCE_KINDS, type) ? RESOURCE_KINDS[type]! : null;
}
export const PROMOTABLE_RESOURCE_TYPES = Object.keys(RESOURCE_KINDS);

export interface AssetFacts {
  name: string;
  kind: AssetKind;
  inScope: boolean;
  ownerUserId: string | null;
  classification: Classification | null;
}

export interface AssetCheck {
  state: "met" | "not_met" | "lapsed";
  reason: string;
}

const some = (names: readonly string[]) =>
  names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Whole months from `from` to `to` have not yet reached `months` (the same day of the month counts as in time). */
export function withinMonths(from: Date, to: Date, months: number): boolean {
  const limit = new Date(from);
  limit.setUTCMonth(limit.getUTCMonth() + months);
  return to.getTime() <= limit.getTime();
}

/**
 * AST-01: every in-scope asset has an owner and a classification, and someone reviewed the whole inventory in the
 * last 12 months. Missing owners or classifications come first: a review does not fix them.
 */
export function inventoryCheck(assets: readonly AssetFacts[], lastReviewAt: Date | null, now: Date): AssetCheck {
  const inScope = assets.filter((a) => a.inScope);
  if (!inScope.length)
    return { state: "not_met", reason: "No asset is marked in scope: mark the systems your audit covers." };
  const noOwner = inScope.filter((a) => !a.ownerUserId).map((a) => a.name);
  const unclassified = inScope.filter((a) => !a.classification).map((a) => a.name);
  const gaps = [
    noOwner.length &&
      `${plural(noOwner.length, "in-scope asset has", "in-scope assets have")} no owner (${some(noOwner)})`,
    unclassified.length &&
      `${plural(unclassified.length, "in-scope asset has", "in-scope assets have")} no classification (${some(unclassified)})`,
  ].filter((g): g is string => !!g);
  if (gaps.length) return { state: "not_met", reason: `${gaps.join("; ")}.` };
  if (!lastReviewAt)
    return {
      state: "not_met",
      reason:
        "Every in-scope asset has an owner and a classification, but nobody has recorded a review of the inventory yet.",
    };
  if (!withinMonths(lastReviewAt, now, INVENTORY_REVIEW_MONTHS))
    return {
      state: "lapsed",
      reason: `The inventory was last reviewed on ${lastReviewAt.toISOString().slice(0, 10)}: review it at least every ${INVENTORY_REVIEW_MONTHS} months.`,
    };
  return {
    state: "met",
    reason: `${plural(inScope.length, "in-scope asset")}, each with an owner and a classification; inventory reviewed on ${lastReviewAt.toISOString().slice(0, 10)}.`,
  };
}

/** AST-02: the SaaS applications the company uses are listed, with owners. */
export function saasCheck(assets: readonly AssetFacts[]): AssetCheck {
  const saas = assets.filter((a) => a.kind === "saas_application");
  if (!saas.length)
    return {
      state: "not_met",
      reason:
        "No SaaS application is in the inventory: list the services the company uses (code hosting, identity, mail…).",
    };
  const noOwner = saas.filter((a) => !a.ownerUserId).map((a) => a.name);
  if (noOwner.length)
    return {
      state: "not_met",
      reason: `${plural(noOwner.length, "SaaS application has", "SaaS applications have")} no owner (${some(noOwner)}).`,
    };
  return { state: "met", reason: `${plural(saas.length, "SaaS application")} listed, each with an owner.` };
}

/** CNF-01: every in-scope data store carries a classification. */
export function classificationCheck(assets: readonly AssetFacts[]): AssetCheck {
  const stores = assets.filter((a) => a.inScope && a.kind === "data_store");
  if (!stores.length)
    return { state: "not_met", reason: "No data store is marked in scope: list where customer data is kept." };
  const unclassified = stores.filter((a) => !a.classification).map((a) => a.name);
  if (unclassified.length)
    return {
      state: "not_met",
      reason: `${plural(unclassified.length, "in-scope data store is", "in-scope data stores are")} not classified (${some(unclassified)}).`,
    };
  return { state: "met", reason: `Every in-scope data store (${stores.length}) is classified.` };
}
