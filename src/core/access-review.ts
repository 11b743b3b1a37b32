/**
 * Pure rules of user access reviews, shared by the server and the web app: how a collected resource becomes an
 * account to review (its email, roles and state), when a sync proves a decision carried out, a campaign's progress
 * and whether it may close, and when the next recurring campaign is due.
 */
import { addMonths } from "./dates.ts";

export { addMonths };

/** Resource types that are accounts (monitoring connectors collect them). */
export const REVIEWABLE_RESOURCE_TYPES = ["user", "outside_collaborator", "database_role"] as const;
export type ReviewableResourceType = (typeof REVIEWABLE_RESOURCE_TYPES)[number];

export const ACCESS_RESOURCE_TYPE_LABELS: Record<string, string> = {
  user: "Users",
  outside_collaborator: "Outside collaborators",
  database_role: "Database roles",
  csv: "Uploaded list",
};

export type AccessDecision = "keep" | "revoke" | "change_role";
export const ACCESS_DECISION_LABELS: Record<AccessDecision, string> = {
  keep: "Keep",
  revoke: "Revoke",
  change_role: "Change role",
};

export type AccessCadence = "none" | "monthly" | "quarterly" | "semiannual" | "yearly";
export const ACCESS_CADENCE_MONTHS: Record<AccessCadence, number | null> = {
  none: null,
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  yearly: 12,
};
export const ACCESS_CADENCE_LABELS: Record<AccessCadence, string> = {
  none: "Once",
  monthly: "Monthly",
  quarterly: "Quarterly",
  semiannual: "Every six months",
  yearly: "Yearly",
};

type Attrs = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The account's email, when the connector knows one (Google, Okta, GitHub members with a public email). */
export function emailOf(attrs: Attrs, externalId: string): string | null {
  const e = str(attrs.email) ?? str(attrs.primary_email) ?? (externalId.includes("@") ? externalId : null);
  return e ? e.toLowerCase() : null;
}

/** The login or name people know the account by (GitHub login, role name), used to match the directory. */
export function loginOf(attrs: Attrs, name: string): string {
  return (str(attrs.login) ?? str(attrs.name) ?? name).toLowerCase();
}

/** The roles an account holds, in words a reviewer recognises. */
export function rolesOf(type: string, attrs: Attrs): string[] {
  if (type === "database_role") {
    const flags: [string, string][] = [
      ["superuser", "superuser"],
      ["create_role", "create role"],
      ["create_db", "create database"],
      ["replication", "replication"],
      ["bypass_rls", "bypass RLS"],
    ];
    const out = flags.filter(([k]) => attrs[k] === true).map(([, label]) => label);
    out.push(...strings(attrs.member_of));
    if (attrs.can_login === true) out.push("login");
    return out;
  }
  if (type === "outside_collaborator")
    return ["outside collaborator", ...strings(attrs.push_access_repositories).map((r) => `push: ${r}`)];
  const admin = strings(attrs.admin_roles);
  if (admin.length) return admin;
  if (str(attrs.role)) return [str(attrs.role)!];
  return attrs.is_admin === true ? ["admin"] : ["member"];
}

const DISABLED_STATES = new Set(["suspended", "archived", "deprovisioned", "deactivated", "disabled", "locked_out"]);

/** The account exists but cannot be used: suspended, archived, deprovisioned, or a database role without login. */
export function isDisabled(type: string, attrs: Attrs): boolean {
  if (attrs.offboarded === true || attrs.can_sign_in === false || attrs.suspended === true) return true;
  if (DISABLED_STATES.has((str(attrs.status) ?? "").toLowerCase())) return true;
  // A database role that can no longer log in is as good as revoked for the people who used it.
  return type === "database_role" && attrs.can_login === false;
}

/** The account's state in one word, for the snapshot. */
export function accountStatusOf(type: string, attrs: Attrs): string {
  const s = str(attrs.status);
  if (s) return s.toLowerCase();
  if (type === "database_role") return attrs.can_login === true ? "can log in" : "no login";
  return isDisabled(type, attrs) ? "disabled" : "active";
}

/**
 * What the latest sync says of a decided account: a revocation is proven when the account is gone or disabled, a
 * role change when the account now holds the new role. Null: the sync does not prove it (yet).
 */
export function syncConfirms(
  decision: AccessDecision,
  newRole: string | null,
  current: { type: string; attributes: Attrs; missing: boolean } | null,
): boolean {
  if (decision === "keep") return false;
  if (decision === "revoke") return !current || current.missing || isDisabled(current.type, current.attributes);
  if (!current || current.missing || !newRole) return false;
  const want = newRole.trim().toLowerCase();
  return rolesOf(current.type, current.attributes).some((r) => r.toLowerCase() === want);
}

export interface AccountProgress {
  decision: AccessDecision | null;
  completedAt: string | Date | null;
  confirmedAt: string | Date | null;
}

export interface CampaignProgress {
  total: number;
  decided: number;
  pending: number;
  kept: number;
  revoked: number;
  changed: number;
  /** Revocations and role changes not yet marked done nor confirmed by a sync. */
  unfinished: number;
  /** 0–100: decisions made, then carried out. */
  percent: number;
}

export function campaignProgress(accounts: readonly AccountProgress[]): CampaignProgress {
  const count = (f: (a: AccountProgress) => boolean) => accounts.filter(f).length;
  const decided = count((a) => a.decision !== null);
  const actions = count((a) => a.decision === "revoke" || a.decision === "change_role");
  const unfinished = count(
    (a) => (a.decision === "revoke" || a.decision === "change_role") && !a.completedAt && !a.confirmedAt,
  );
  const work = accounts.length + actions;
  return {
    total: accounts.length,
    decided,
    pending: accounts.length - decided,
    kept: count((a) => a.decision === "keep"),
    revoked: count((a) => a.decision === "revoke"),
    changed: count((a) => a.decision === "change_role"),
    unfinished,
    percent: work ? Math.floor((100 * (decided + actions - unfinished)) / work) : 100,
  };
}

/**
 * Why the campaign cannot close yet, or null. Every account needs a decision; revocations and role changes must be
 * done or confirmed, unless the closer writes down why not (`note`).
 */
export function closeProblem(p: CampaignProgress, note: string | null | undefined): string | null {
  if (p.pending)
    return `${p.pending} ${p.pending === 1 ? "account has" : "accounts have"} no decision yet: every account needs one before the review closes.`;
  if (p.unfinished && !note?.trim())
    return `${p.unfinished} ${p.unfinished === 1 ? "revocation or role change is" : "revocations or role changes are"} not done yet. Mark them done, wait for the next sync to confirm them, or write why the review closes without them.`;
  return null;
}

/** The day the campaign after this one launches: one cadence after this one launched (null: it does not recur). */
export function nextLaunchOn(launchedOn: string, cadence: AccessCadence): string | null {
  const months = ACCESS_CADENCE_MONTHS[cadence];
  return months ? addMonths(launchedOn, months) : null;
}

/**
 * The access review check of one system: met when its last closed review is within the cadence (quarterly by
 * default), lapsed when it is older, not met when none ever closed.
 */
export function reviewCheck(
  system: string,
  lastClosedAt: Date | null,
  cadence: AccessCadence,
  now: Date,
): { state: "met" | "not_met" | "lapsed"; reason: string; since: string | null } {
  const months = ACCESS_CADENCE_MONTHS[cadence] ?? 3;
  const label = ACCESS_CADENCE_LABELS[cadence === "none" ? "quarterly" : cadence].toLowerCase();
  if (!lastClosedAt)
    return {
      state: "not_met",
      reason: `No access review of ${system} has been closed yet: finish the open review, or launch one.`,
      since: null,
    };
  const day = lastClosedAt.toISOString().slice(0, 10);
  const expires = addMonths(day, months);
  if (expires < now.toISOString().slice(0, 10))
    return {
      state: "lapsed",
      reason: `The last access review of ${system} closed on ${day}; reviews are due ${label}, so a new one was due by ${expires}.`,
      since: `${expires}T00:00:00.000Z`,
    };
  return {
    state: "met",
    reason: `The access review of ${system} closed on ${day} (reviewed ${label}; the next is due by ${expires}).`,
    since: lastClosedAt.toISOString(),
  };
}
