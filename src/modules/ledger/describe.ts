/**
 * Ledger entries in people's words: "Sam Lee marked R-2 done", "Sync of GitHub (acme) found 3 new resources". Pure:
 * the names and record references an entry points at by id come in as `Names` (loaded for a page by names.ts), so
 * the sentences are the same in the API, the CSV and the tests. Every action a module declares has a sentence here
 * (describe.test.ts walks the event definitions); an action from elsewhere reads "… recorded <kind> on <record>".
 */
import { REPORT_NAMES, type ReportType } from "../../core/vendors.ts";

export interface DescribableEntry {
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: { before: unknown; after: unknown };
}

/** What entries name by id, for one page of entries. */
export interface Names {
  /** User id → the person's name. */
  people: ReadonlyMap<string, string>;
  /** `recordKey(entityType, id)` → how people refer to it: R-2, ACC-03, GitHub (acme), "Q1 user export". */
  records: ReadonlyMap<string, string>;
  /** Test id → its title. */
  tests: ReadonlyMap<string, string>;
  /** Resource id → its name. */
  resources: ReadonlyMap<string, string>;
}

export const recordKey = (entityType: string, id: string) => `${entityType}:${id}`;
export const noNames: Names = { people: new Map(), records: new Map(), tests: new Map(), resources: new Map() };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v : undefined);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
/** A day as people write it: 1 Mar 2027 (UTC, like every time the ledger keeps). */
export function formatDay(v: unknown): string | undefined {
  const d = v instanceof Date ? v : typeof v === "string" ? new Date(v.length === 10 ? `${v}T00:00:00Z` : v) : null;
  return d && !Number.isNaN(d.getTime()) ? DAY.format(d) : undefined;
}

/** "1 item", "3 items". */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const listing = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
/** At most `max` names, then "and 4 more". */
const some = (items: readonly string[], max = 3) =>
  items.length > max ? `${items.slice(0, max).join(", ")} and ${items.length - max} more` : listing(items);

/** `dueDate` → "due date". */
const words = (field: string) =>
  field
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .toLowerCase();
const ROLES: Obj = {
  owner: "owner",
  admin: "admin",
  compliance_manager: "compliance manager",
  control_owner: "control owner",
  employee: "employee",
  auditor: "auditor",
};
const role = (v: unknown) => (str(v) ? String(ROLES[str(v)!] ?? words(str(v)!)) : "a member");
const STATUSES: Obj = {
  open: "open",
  in_progress: "in progress",
  done: "done",
  verified: "verified",
  implemented: "implemented",
  not_started: "not started",
  not_applicable: "not applicable",
};
/** Fields that move with a control's status: a status change says them in its own words. */
const STATUS_FIELDS = ["status", "statusReason", "statusSetBy", "statusSetAt"];
const status = (v: unknown) => (str(v) ? String(STATUSES[str(v)!] ?? words(str(v)!)) : "another status");

/** System actors label themselves ("sync: GitHub (acme)", "agent: build-01", a job's name): said as people would. */
export function systemName(label: string | null): string {
  if (!label) return "Assay";
  const [kind, ...rest] = label.split(": ");
  const what = rest.join(": ");
  if (kind === "sync" && what) return `Sync of ${what}`;
  if (kind === "agent" && what) return `The agent on ${what}`;
  if (kind === "cli" && what) return `The command line (${what})`;
  if (label.startsWith("agent enrollment")) return "Agent enrollment";
  return "Assay";
}

/** The person (or the system) who acted, by name. */
export function actorName(e: DescribableEntry, names: Names): string {
  if (e.actorType === "system") return systemName(e.actorLabel);
  return (e.actorId && names.people.get(e.actorId)) || e.actorLabel || "Someone";
}

const ENTITY_LABELS: Obj = {
  agent_enrollment_token: "agent enrollment token",
  alert_webhook: "alert webhook",
  access_review: "access review",
  access_review_account: "reviewed account",
  asset: "asset",
  asset_inventory_review: "inventory review",
  continuity_plan: "continuity plan",
  continuity_test: "continuity test",
  recovery_objective: "recovery objective",
  api_token: "API token",
  change_record: "change",
  change_import: "change import",
  change_settings: "change settings",
  connection: "connection",
  connection_sync: "sync",
  custom_test: "custom test",
  device: "device",
  evidence: "evidence",
  evidence_blob: "evidence file",
  invitation: "invitation",
  job: "job",
  ledger: "ledger",
  membership: "membership",
  organization: "organization",
  policy: "policy",
  policy_settings: "policy settings",
  program: "program",
  program_control: "control",
  remediation_item: "remediation item",
  test: "test",
  test_exception: "exception",
  user: "account",
};
/** An entity type in words ("program_control" → "control"). */
export const entityLabel = (t: string) => String(ENTITY_LABELS[t] ?? words(t));

/** Fields of the entry's own record that name it, when the tables no longer do (a deleted control keeps its key). */
const NAMING_FIELDS = ["ref", "key", "name", "title", "hostname", "email"] as const;

/** How people refer to the entry's record: R-2, ACC-03, GitHub (acme); null when it has none. */
export function recordLabel(e: DescribableEntry, names: Names): string | null {
  const before = obj(e.changes.before);
  const after = obj(e.changes.after);
  if (e.entityId) {
    const known = names.records.get(recordKey(e.entityType, e.entityId));
    if (known) return known;
    if (e.entityType === "user" || e.entityType === "membership") {
      const person = names.people.get(str(after.userId) ?? str(before.userId) ?? e.entityId);
      if (person) return person;
    }
  }
  for (const f of NAMING_FIELDS) {
    const v = str(after[f]) ?? str(before[f]);
    if (v) return v;
  }
  const testId = str(after.testId) ?? str(before.testId);
  if (testId) return names.tests.get(testId) ?? testId;
  return null;
}

/** What a describer has at hand. */
export interface Said {
  e: DescribableEntry;
  who: string;
  before: Obj;
  after: Obj;
  /** The entry's record as people name it, or "the <entity type>". */
  record: string;
  /** The record's name, if it has one. */
  named: string | null;
  person: (id: unknown, fallback?: unknown) => string;
  test: (id: unknown) => string;
  resource: (id: unknown) => string;
  /** The fields an update changed. */
  fields: string[];
  /** The fields an update changed, in words: "title and due date" (`except` left out). */
  changed: (except?: readonly string[]) => string;
}
type Describer = (s: Said) => string;

/** ` "Q1 user export"` after a noun, or nothing when there is no name. */
const ASSET_KIND_WORDS: Obj = {
  system: "system",
  data_store: "data store",
  endpoint: "endpoint",
  saas_application: "SaaS application",
  network: "network",
  other: "asset",
};
const assetKind = (v: unknown) => (str(v) ? ` as a ${String(ASSET_KIND_WORDS[str(v)!] ?? words(str(v)!))}` : "");
const duration = (v: unknown) => {
  const m = num(v);
  if (!m) return "none";
  const h = Math.floor(m / 60);
  return h ? `${h} h${m % 60 ? ` ${m % 60} min` : ""}` : `${m} min`;
};
const objectives = (after: Obj) => `RTO ${duration(after.rtoMinutes)}, RPO ${duration(after.rpoMinutes)}`;
const quoted = (v: unknown) => (str(v) ? ` “${str(v)}”` : "");
/** `: the reason` when there is one. */
/** ` R-2` (or ` to ana@acme.test`) after a noun, or nothing when there is no name. */
const plain = (v: unknown, lead?: string) => (str(v) ? ` ${lead ? `${lead} ` : ""}${str(v)}` : "");
const colon = (v: unknown) => (str(v) ? `: ${str(v)}` : "");
const until = (v: unknown) => (formatDay(v) ? ` until ${formatDay(v)}` : "");
const controlsOf = (v: unknown) =>
  (list(v).length ? "" : "controls") +
  some(list(v).map((l) => (typeof l === "string" ? l : (str(obj(l).control) ?? str(obj(l).key) ?? "a control"))));
/** "for Branch protection on acme/api": an exception's test and resource. */
const exceptionOf = (s: Said) => {
  const x = { ...s.before, ...s.after };
  const ref = str(x.ref) ? `${str(x.ref)} ` : "";
  const on = x.resourceId ? ` on ${s.resource(x.resourceId)}` : " on all resources";
  return `exception ${ref}for ${s.test(x.testId)}${on}`;
};
/** The other person a change is about, or "their" when people act on themselves. */
const whose = (s: Said, userId: unknown) =>
  userId && userId === s.e.actorId ? "their" : `${s.person(userId ?? s.e.entityId)}'s`;

const SIGN_IN_METHODS: Obj = {
  password: " with a password",
  totp: " with an authenticator code",
  recovery_code: " with a recovery code",
  sso: " with single sign-on",
  "password+totp": " with a password and an authenticator code",
  "password+recovery_code": " with a password and a recovery code",
};

const syncOf = (s: Said) => (s.named ? `Sync of ${s.named}` : s.e.actorType === "system" ? s.who : "A sync");

function syncOutcome(s: Said): string {
  const c = obj(s.after.counts);
  const parts = [
    num(c.new) && `${num(c.new)} new`,
    num(c.changed) && `${num(c.changed)} changed`,
    num(c.reappeared) && `${num(c.reappeared)} back again`,
    num(c.missing) && `${num(c.missing)} gone`,
  ].filter((p): p is string => !!p);
  const resources = num(c.resources);
  const found = parts.length
    ? `${listing(parts)} ${num(c.new) + num(c.changed) + num(c.reappeared) + num(c.missing) === 1 ? "resource" : "resources"}`
    : `no changes in ${count(resources, "resource")}`;
  const failing = num(c.failing) ? `; ${count(num(c.failing), "new failing result")}` : "";
  const warnings = num(s.after.warnings) ? ` (${count(num(s.after.warnings), "warning")})` : "";
  return `found ${found}${failing}${warnings}`;
}

/** One entry's incident as people name it: INC-7. */
const incidentRef = (s: Said) => {
  const n = num(s.after.number) || num(s.before.number);
  return n ? `INC-${n}` : "an incident";
};
const INCIDENT_STEPS: Readonly<Record<string, string>> = {
  triaged: "triaged",
  contained: "contained",
  resolved: "resolved",
  postmortem_done: "post-mortem done",
};

/** One sentence per ledger action (the action names are the event names of the modules' events.ts). */
export const DESCRIBERS: Readonly<Record<string, Describer>> = {
  // account, sign-in
  "user.updated": (s) => `${s.who} changed ${whose(s, s.e.entityId)} name${plain(quoted(s.after.name).trim(), "to")}`,
  "user.password_changed": (s) => `${s.who} changed ${whose(s, s.e.entityId)} password`,
  "user.mfa_enabled": (s) => `${s.who} turned on multi-factor authentication with an authenticator app`,
  "user.mfa_recovery_codes_regenerated": (s) => `${s.who} generated new multi-factor recovery codes`,
  "user.mfa_disabled": (s) => `${s.who} turned off multi-factor authentication`,
  "user.password_reset": (s) => `${s.person(s.e.entityId, s.who)} reset their password through an emailed link`,
  "auth.signed_in": (s) => `${s.who} signed in${String(SIGN_IN_METHODS[str(s.after.method) ?? ""] ?? "")}`,
  "auth.signed_out_everywhere": (s) => `${s.who} signed out on every device`,

  // organization, people
  "organization.created": (s) => `${s.who} created the organization${plain(s.named)}`,
  "organization.updated": (s) => `${s.who} changed the organization's ${s.changed()}`,
  "organization.security_updated": (s) => `${s.who} changed the security settings: ${s.changed()}`,
  "organization.logo_changed": (s) =>
    `${s.who} ${s.before.sha256 ? "replaced" : "uploaded"} the organization's logo (${str(s.after.contentType) ?? "image"}, ${Math.ceil(Number(s.after.size ?? 0) / 1024)} KB)`,
  "organization.logo_removed": (s) => `${s.who} removed the organization's logo`,
  "member.added": (s) =>
    `${s.person(s.after.userId, s.after.name ?? s.after.email)} joined the organization as ${role(s.after.role)}`,
  "member.role_changed": (s) =>
    `${s.who} changed ${s.person(s.after.userId, s.after.email)}'s role from ${role(s.before.role)} to ${role(s.after.role)}`,
  "member.removed": (s) =>
    `${s.who} removed ${s.person(s.before.userId, s.before.name ?? s.before.email)} from the organization`,
  "invitation.created": (s) => `${s.who} invited ${str(s.after.email) ?? "someone"} as ${role(s.after.role)}`,
  "invitation.resent": (s) => `${s.who} sent the invitation${plain(s.named, "to")} again`,
  "invitation.revoked": (s) => `${s.who} withdrew the invitation${plain(s.named, "to")}`,
  "invitation.accepted": (s) => `${s.who} accepted the invitation${plain(s.named, "to")} as ${role(s.after.role)}`,
  "token.created": (s) =>
    `${s.who} created the API token${quoted(s.after.name)} (${s.after.scope === "write" ? "read and write" : "read only"})`,
  "token.revoked": (s) =>
    `${s.who} revoked the API token${quoted(s.named)}${str(s.after.reason) ? ` (${words(str(s.after.reason)!)})` : ""}`,
  "alerts.preferences_updated": (s) => `${s.who} changed ${whose(s, s.e.entityId)} alert preferences`,
  "alerts.webhook_created": (s) =>
    `${s.who} added the alert webhook${quoted(s.named)}${str(s.after.host) ? ` to ${s.after.host}` : ""}`,
  "alerts.webhook_updated": (s) => `${s.who} changed the ${s.changed()} of the alert webhook${quoted(s.named)}`,
  "alerts.webhook_deleted": (s) => `${s.who} removed the alert webhook${quoted(s.named)}`,
  "job.retried": (s) => `${s.who} retried the failed job${plain(s.named)}`,
  "people.created": (s) => `${s.who} added ${str(s.after.fullName) ?? "a person"} to the people directory`,
  "people.updated": (s) =>
    s.after.status === "left"
      ? `${s.who} recorded that ${str(s.after.fullName) ?? s.named ?? "a person"} left${formatDay(s.after.endDate) ? ` on ${formatDay(s.after.endDate)}` : ""}`
      : `${s.who} changed the ${s.changed()} of ${str(s.after.fullName) ?? s.named ?? "a person in the directory"}`,
  "people.checklist_started": (s) =>
    `${s.who} started the ${str(s.after.checklist) ?? "checklist"} of ${str(s.after.fullName) ?? "a person"} (${count(list(s.after.items).length, "step")})`,
  "people.checklist_item_completed": (s) =>
    `${s.who} completed${quoted(s.after.title)} for ${str(s.after.fullName) ?? "a person"}${num(s.after.lateMinutes) ? `, ${count(Math.ceil(num(s.after.lateMinutes) / 60), "hour")} past the offboarding deadline` : ""}`,
  "people.background_check_recorded": (s) =>
    `${s.who} recorded a background check of ${str(s.after.fullName) ?? "a person"}${formatDay(s.after.checkedOn) ? ` on ${formatDay(s.after.checkedOn)}` : ""}${str(s.after.outcome) ? ` (${words(str(s.after.outcome)!)})` : ""}`,
  "people.settings_changed": (s) => `${s.who} changed the people settings: ${s.changed()}`,

  // programs, controls, remediation
  "program.created": (s) => `${s.who} created the program${plain(s.named)}`,
  "program.updated": (s) => `${s.who} changed the ${s.changed()} of the program${plain(s.named)}`,
  "program.archived": (s) => `${s.who} archived the program${plain(s.named)}`,
  "program.restored": (s) => `${s.who} restored the program${plain(s.named)}`,
  "program.controls_adopted": (s) =>
    `${s.who} adopted ${count(list(s.after.controls).length, "control")} into ${s.record}`,
  "program.code_imported": (s) => {
    const n = (k: string) => obj(obj(s.after)[k]);
    const c = n("controls");
    const r = n("remediation");
    const moved = [
      num(c.added) + num(c.changed) + num(c.removed) &&
        `${num(c.added)} added, ${num(c.changed)} changed, ${num(c.removed)} removed controls`,
      num(r.added) + num(r.changed) + num(r.removed) &&
        `${num(r.added)} added, ${num(r.changed)} changed, ${num(r.removed)} removed remediation items`,
    ].filter((p): p is string => !!p);
    return `${s.who} ${s.after.created ? "created" : "updated"} the program${plain(s.named)} from code${moved.length ? `: ${moved.join("; ")}` : ""}`;
  },
  "assessment.answered": (s) => {
    const created = list(s.after.remediationCreated).map(String);
    return `${s.who} answered ${count(list(s.after.answers).length, "self-assessment question")} in ${s.record}${created.length ? `, opening ${some(created)}` : ""}`;
  },
  "assessment.imported": (s) =>
    `${s.who} imported ${count(list(s.after.answered).length, "self-assessment answer")} into ${s.record}`,
  "control.created": (s) => `${s.who} added the control${plain(s.named)}${quoted(s.after.name)}`,
  "control.updated": (s) => {
    if (!s.fields.includes("status")) return `${s.who} changed the ${s.changed()} of ${s.record}`;
    const also = s.fields.filter((f) => !STATUS_FIELDS.includes(f));
    return `${s.who} set ${s.record} to ${status(s.after.status)}${also.length ? ` and changed its ${s.changed(STATUS_FIELDS)}` : ""}`;
  },
  "control.deleted": (s) => `${s.who} removed the control${plain(s.named)}`,
  "remediation.created": (s) => `${s.who} opened ${s.record}${quoted(s.after.title)}`,
  "remediation.updated": (s) => `${s.who} changed the ${s.changed()} of ${s.record}`,
  "remediation.status_changed": (s) =>
    s.after.status === "in_progress"
      ? `${s.who} started work on ${s.record}`
      : `${s.who} marked ${s.record} ${status(s.after.status)}`,
  "remediation.reopened": (s) => `${s.who} reopened ${s.record}`,
  "remediation.verified": (s) => `${s.who} verified the fix of ${s.record}`,
  "remediation.steps_changed": (s) => `${s.who} changed the steps of ${s.record}`,
  "remediation.commented": (s) => `${s.who} commented on ${s.record}`,

  // access reviews
  "access_reviews.launched": (s) =>
    `${s.who} launched the access review ${s.record} of ${str(s.after.system) ?? "a system"} (${count(num(s.after.accounts), "account")}, ${num(s.after.flagged)} flagged)`,
  "access_reviews.closed": (s) => `${s.who} closed the access review ${s.record}`,
  "access_reviews.reported": (s) => `${s.who} attached the report of the access review ${s.record} as evidence`,
  "access_reviews.decided": (s) =>
    `${s.who} decided to ${s.after.decision === "change_role" ? `change the role of “${str(s.after.account) ?? "an account"}” to ${str(s.after.newRole) ?? "another role"}` : `${s.after.decision === "revoke" ? "revoke" : "keep"} “${str(s.after.account) ?? "an account"}”`} in an access review`,
  "access_reviews.completed": (s) => `${s.who} marked the change to “${str(s.after.account) ?? "an account"}” done`,
  "access_reviews.confirmed": (s) =>
    `${s.who} saw a sync confirm the change to “${str(s.after.account) ?? "an account"}”`,
  "access_reviews.reassigned": (s) =>
    `${s.who} gave “${str(s.after.account) ?? "an account"}” to ${s.person(s.after.reviewerUserId)} to review`,
  // registers
  "registers.controls_linked": (s) =>
    `${s.who} linked a ${(str(s.after.register) ?? "record").replaceAll("_", " ")} to ${list(s.after.controls).join(", ") || "no control"}`,
  "registers.view_saved": (s) =>
    `${s.who} saved the view “${str(s.after.name) ?? "view"}” of ${str(s.after.scope) ?? "a list"}`,
  "registers.view_deleted": (s) =>
    `${s.who} removed the saved view “${str(s.before.name) ?? "view"}” of ${str(s.before.scope) ?? "a list"}`,
  // vulnerabilities
  "vulnerabilities.imported": (s) =>
    `${s.who} ${s.after.format === "github" ? "synced the security alerts of" : "imported the scanner report"} “${str(s.after.fileName) ?? "a report"}”: ${num(s.after.created)} new, ${num(s.after.reopened)} reopened, ${num(s.after.resolved)} resolved`,
  "vulnerabilities.risk_accepted": (s) =>
    `${s.who} accepted the risk of ${str(s.after.ruleId) ?? "a finding"}${s.after.package ? ` in ${str(s.after.package)}` : ""} until ${str(s.after.until) ?? "a later day"}${colon(s.after.reason)}`,
  "vulnerabilities.acceptance_withdrawn": (s) =>
    `${s.who} withdrew the accepted risk of ${str(s.before.ruleId) ?? "a finding"}${s.before.package ? ` in ${str(s.before.package)}` : ""}`,
  "vulnerabilities.sla_changed": (s) =>
    `${s.who} set the vulnerability SLAs to ${["critical", "high", "medium", "low"].map((k) => `${k} ${s.after[k] === null ? "none" : `${num(s.after[k])} days`}`).join(", ")} (${num(s.after.openFindingsMoved)} open findings' fix-by dates moved)`,
  // changes
  "changes.created": (s) =>
    `${s.who} recorded the ${s.after.emergency ? "emergency " : ""}change${quoted(s.after.title)}`,
  "changes.updated": (s) => `${s.who} changed the ${s.changed()} of the change${quoted(s.named)}`,
  "changes.deleted": (s) => `${s.who} removed the change${quoted(s.named)}`,
  "changes.emergency_approved": (s) =>
    `${s.who} approved the emergency change${quoted(s.named)} after the fact${colon(s.after.emergencyJustification)}`,
  "changes.synced": (s) =>
    `${s.who} synced changes from ${s.record} (${formatDay(s.after.from) ?? "?"} to ${formatDay(s.after.to) ?? "?"}): ${num(s.after.created)} new, ${num(s.after.updated)} updated`,
  "changes.settings_changed": (s) =>
    `${s.who} set the after-the-fact approval window for emergency changes to ${num(s.after.emergencyApprovalDays)} days (was ${num(s.before.emergencyApprovalDays)})`,
  "changes.imported": (s) =>
    `${s.who} imported changes from a file: ${num(s.after.create)} new, ${num(s.after.update)} updated`,
  // asset inventory
  "assets.created": (s) => `${s.who} added${quoted(s.named)} to the asset inventory${assetKind(s.after.kind)}`,
  "assets.updated": (s) => `${s.who} changed the ${s.changed(["name"])} of the asset${quoted(s.named)}`,
  "assets.deleted": (s) => `${s.who} removed the asset${quoted(s.named)} from the inventory`,
  "assets.retired": (s) =>
    `${s.who} revoked the agent device behind the asset${quoted(s.named)}: no longer seen, and out of scope`,
  "assets.imported": (s) =>
    `${s.who} imported assets from a file: ${num(s.after.created)} added, ${num(s.after.updated)} updated`,
  "assets.promoted": (s) =>
    `${s.who} added ${count(num(s.after.created), "resource")} of ${listing(list(s.after.connections).map(String)) || "a connection"} to the asset inventory`,
  "assets.inventory_reviewed": (s) =>
    `${s.who} reviewed the asset inventory (${count(num(s.after.assetCount), "asset")})${colon(s.after.note)}`,
  // business continuity
  "continuity.plan_created": (s) => `${s.who} added the continuity plan${quoted(s.named)}`,
  "continuity.plan_updated": (s) =>
    `${s.who} changed the ${s.changed(["name"])} of the continuity plan${quoted(s.named)}`,
  "continuity.plan_reviewed": (s) =>
    `${s.who} recorded a review of the continuity plan${quoted(s.named)}${formatDay(s.after.lastReviewedOn) ? ` on ${formatDay(s.after.lastReviewedOn)}` : ""}`,
  "continuity.plan_deleted": (s) => `${s.who} removed the continuity plan${quoted(s.named)}`,
  "continuity.objective_set": (s) =>
    `${s.who} set the recovery objectives of${quoted(s.named) || " a system"}: ${objectives(s.after)}`,
  "continuity.objective_deleted": (s) => `${s.who} removed the recovery objectives of${quoted(s.named) || " a system"}`,
  "continuity.test_recorded": (s) =>
    `${s.who} recorded a ${words(str(s.after.kind) ?? "continuity test")} on ${formatDay(s.after.performedOn) ?? "a day"} (${str(s.after.result) ?? "no result"}${s.after.outcome === "missed" ? ", objectives missed" : s.after.outcome === "met" ? ", objectives met" : ""})${list(s.after.systems).length ? ` covering ${some(list(s.after.systems).map(String))}` : ""}`,
  "continuity.test_updated": (s) =>
    `${s.who} corrected the ${s.changed(["kind", "performedOn"])} of the ${words(str(s.after.kind) ?? "continuity test")} of ${formatDay(s.after.performedOn) ?? "a day"}${s.after.outcome === "missed" ? ": objectives now missed" : s.after.outcome === "met" ? ": objectives now met" : ""}`,
  "continuity.objectives_imported": (s) =>
    `${s.who} imported recovery objectives from a file: ${num(s.after.create)} new, ${num(s.after.update)} replaced`,
  "continuity.tests_imported": (s) =>
    `${s.who} imported ${count(num(s.after.count), "continuity test")} from a file${str(s.after.from) ? ` (${formatDay(s.after.from)} to ${formatDay(s.after.to)})` : ""}`,
  "continuity.test_deleted": (s) =>
    `${s.who} removed the ${words(str(s.before.kind) ?? "continuity test")} of ${formatDay(s.before.performedOn) ?? "a day"}`,
  // incidents
  "incidents.created": (s) =>
    `${s.who} logged ${incidentRef(s)}${quoted(s.after.title)} (${str(s.after.severity) ?? "no severity"})`,
  "incidents.updated": (s) => `${s.who} changed the ${s.changed(["number"])} of ${incidentRef(s)}`,
  "incidents.transitioned": (s) =>
    s.after.status === "not_incident"
      ? `${s.who} closed ${incidentRef(s)} as not an incident${colon(s.after.reason)}`
      : `${s.who} moved ${incidentRef(s)} to ${INCIDENT_STEPS[str(s.after.status) ?? ""] ?? status(s.after.status)}${
          list(s.after.skipped).length
            ? ` (skipping ${listing(list(s.after.skipped).map((x) => INCIDENT_STEPS[String(x)] ?? String(x)))})`
            : ""
        }`,
  "incidents.timeline_added": (s) => `${s.who} added a timeline entry to ${incidentRef(s)}${quoted(s.after.text)}`,
  "incidents.timeline_deleted": (s) => `${s.who} deleted a timeline entry of ${incidentRef(s)}${quoted(s.before.text)}`,
  "incidents.deleted": (s) => `${s.who} deleted ${incidentRef(s)}${quoted(s.before.title)}, logged by mistake`,
  "incidents.obligation_added": (s) =>
    `${s.who} added a duty to notify ${words(str(s.after.audience) ?? "someone")}${str(s.after.recipient) ? ` (${str(s.after.recipient)})` : ""} within ${num(s.after.hours)} hours to ${incidentRef(s)}`,
  "incidents.obligation_updated": (s) =>
    s.after.notifiedAt
      ? `${s.who} recorded that ${words(str(s.after.audience) ?? "someone")} were notified about ${incidentRef(s)}`
      : `${s.who} changed the ${s.changed(["number", "obligationId", "audience"])} of a notification duty of ${incidentRef(s)}`,
  "incidents.obligation_removed": (s) =>
    `${s.who} removed the duty to notify ${words(str(s.before.audience) ?? "someone")} from ${incidentRef(s)}`,
  "incidents.obligation_reminded": (s) =>
    `${s.who} reminded the commander of ${incidentRef(s)} that a notification is ${s.after.stage === "overdue" ? "overdue" : "due soon"}`,
  "incidents.remediation_linked": (s) =>
    list(s.after.created).length
      ? `${s.who} opened remediation item ${some(list(s.after.created).map(String))} for ${incidentRef(s)}`
      : `${s.who} linked ${list(s.after.items).length ? `remediation items ${some(list(s.after.items).map(String))}` : "no remediation items"} to ${incidentRef(s)}`,
  "incidents.imported": (s) =>
    `${s.who} imported ${count(num(s.after.count), "past incident")}${str(s.after.first) ? ` (${str(s.after.first)}${s.after.last !== s.after.first ? ` to ${str(s.after.last)}` : ""})` : ""}`,
  "incidents.tabletop_recorded": (s) =>
    `${s.who} recorded a tabletop exercise held on ${formatDay(s.after.heldOn) ?? "an unknown day"}${quoted(s.after.scenario)}`,
  "incidents.tabletop_updated": (s) =>
    `${s.who} changed the ${s.changed(s.before.heldOn === s.after.heldOn ? ["heldOn"] : [])} of the tabletop exercise of ${formatDay(s.after.heldOn) ?? "an unknown day"}`,
  "incidents.tabletop_deleted": (s) =>
    `${s.who} deleted the tabletop exercise of ${formatDay(s.before.heldOn) ?? "an unknown day"}${quoted(s.before.scenario)}`,
  // vendors
  "vendors.created": (s) => `${s.who} added the vendor${quoted(s.named)}`,
  "vendors.updated": (s) => `${s.who} changed the ${s.changed()} of the vendor${quoted(s.named)}`,
  "vendors.reviewed": (s) =>
    `${s.who} reviewed the vendor${quoted(s.named)}${plain(formatDay(s.after.nextReviewDate), "; next review on")}`,
  "vendors.imported": (s) => `${s.who} imported vendors: ${num(s.after.create)} new, ${num(s.after.update)} updated`,
  "vendors.subprocessors_declared": (s) =>
    s.after.noSubprocessors
      ? `${s.who} stated that the organization uses no subprocessors`
      : `${s.who} withdrew the statement that the organization uses no subprocessors`,
  "vendors.report_recorded": (s) =>
    `${s.who} recorded the ${REPORT_NAMES[str(s.after.reportType) as ReportType] ?? "assurance report"} “${str(s.after.fileName) ?? "a report"}” of${quoted(s.after.vendor)}`,
  "vendors.report_updated": (s) =>
    `${s.who} changed the ${s.changed()} of the report “${str(s.after.fileName) ?? str(s.before.fileName) ?? "a report"}”`,
  "vendors.report_reviewed": (s) =>
    `${s.who} reviewed the report “${str(s.after.fileName) ?? "a report"}” of${quoted(s.after.vendor)}`,
  "vendors.bridge_letter_added": (s) =>
    `${s.who} added a bridge letter covering until ${formatDay(s.after.coveredUntil) ?? "?"} to the report of${quoted(s.after.vendor)}`,
  "vendors.questionnaire_template_created": (s) => `${s.who} created the questionnaire template${quoted(s.named)}`,
  "vendors.questionnaire_template_updated": (s) => `${s.who} changed the questionnaire template${quoted(s.named)}`,
  "vendors.questionnaire_sent": (s) =>
    `${s.who} sent the questionnaire “${str(s.after.templateName) ?? "questionnaire"}” to ${str(s.after.contactEmail) ?? "a contact"} of${quoted(s.after.vendor)}`,
  "vendors.questionnaire_answered": (s) =>
    `${str(s.after.contactEmail) ?? "The vendor's contact"} answered the questionnaire of${quoted(s.after.vendor)} (score ${s.after.score ?? "none"})`,
  "vendors.questionnaire_reviewed": (s) => `${s.who} reviewed the questionnaire answers of${quoted(s.after.vendor)}`,
  // risks
  "risks.created": (s) =>
    s.after.libraryId
      ? `${s.who} added the risk${quoted(s.named)} from the starter library`
      : `${s.who} added the risk${quoted(s.named)}`,
  "risks.updated": (s) => `${s.who} changed the ${s.changed(["title"])} of the risk${quoted(s.named)}`,
  "risks.deleted": (s) => `${s.who} deleted the risk${quoted(s.named)}`,
  "risks.imported": (s) => `${s.who} imported ${count(num(s.after.created), "risk")} from a file`,
  "risks.scales_changed": (s) => `${s.who} changed the ${s.changed()} of the risk scales`,
  "risks.assessment_started": (s) => `${s.who} started the risk assessment${quoted(s.named)}`,
  "risks.assessment_updated": (s) => `${s.who} changed the ${s.changed()} of the risk assessment${quoted(s.named)}`,
  "risks.assessment_completed": (s) =>
    `${s.who} completed the risk assessment${quoted(s.named)}, freezing ${count(num(s.after.risks), "risk")} (${count(num(s.after.fraudRisks), "fraud risk")})`,
  "risks.assessment_signed_off": (s) => `${s.who} signed off the completed risk assessment${quoted(s.named)}`,
  // policies
  "policies.created": (s) =>
    s.after.templateId
      ? `${s.who} adopted the ${s.record} from its template (version ${str(s.after.templateVersion) ?? "?"})`
      : `${s.who} imported the policy${plain(s.named)}`,
  "policies.updated": (s) => `${s.who} changed the ${s.changed()} of the ${s.record}`,
  "policies.draft_saved": (s) =>
    `${s.who} saved a draft of the ${s.record}, version ${num(s.after.number)}${colon(s.after.changeSummary)}`,
  "policies.submitted": (s) =>
    `${s.who} sent version ${num(s.after.number)} of the ${s.record} for review by ${count(list(s.after.approvers).length, "approver")}`,
  "policies.approved": (s) =>
    `${s.who} approved version ${num(s.after.number)} of the ${s.record}${s.after.approved ? " (every approver has)" : ""}`,
  "policies.changes_requested": (s) =>
    `${s.who} sent version ${num(s.after.number)} of the ${s.record} back to draft${colon(s.after.comment)}`,
  "policies.published": (s) =>
    `${s.who} published version ${num(s.after.number)} of the ${s.record} (${s.after.significance === "minor" ? "minor" : "major"}), asking ${count(num(s.after.requested), "person", "people")} to accept it`,
  "policies.reviewed": (s) =>
    `${s.who} reviewed the ${s.record}${formatDay(s.after.nextReviewDate) ? `; next review ${formatDay(s.after.nextReviewDate)}` : ""}`,
  "policies.accepted": (s) =>
    `${s.who} accepted version ${num(s.after.version)} of the ${s.record}${plain(s.after.ip, "from")}`,
  "policies.requested": (s) =>
    `${s.who} asked ${count(num(s.after.count), "new person", "new people")} to accept the ${s.record}`,
  "policies.settings_updated": (s) => `${s.who} changed the ${s.changed()} of the policy settings`,

  // evidence
  "evidence.submitted": (s) =>
    `${s.who} submitted the evidence${quoted(s.named)}${list(s.after.controls).length ? ` for ${controlsOf(s.after.controls)}` : ""}`,
  "evidence.version_submitted": (s) => `${s.who} submitted a new version of the evidence${quoted(s.named)}`,
  "evidence.superseded": (s) =>
    `${s.who} replaced the evidence${quoted(s.named)} with a corrected version${colon(s.after.reason)}`,
  "evidence.linked": (s) => `${s.who} linked the evidence${quoted(s.named)} to ${controlsOf(s.after.controls)}`,
  "evidence.unlinked": (s) => `${s.who} unlinked the evidence${quoted(s.named)} from ${controlsOf(s.before.controls)}`,
  "evidence.blob_reencrypted": (s) => `${s.who} sealed an evidence file with the current encryption key`,

  // monitoring
  "monitoring.connection_created": (s) => `${s.who} connected ${s.record}`,
  "monitoring.connection_updated": (s) => `${s.who} changed the ${s.changed()} of the connection${plain(s.named)}`,
  "monitoring.connection_deleted": (s) => `${s.who} removed the connection${plain(s.named)}`,
  "monitoring.sync_requested": (s) => `${s.who} started a sync of ${s.record}`,
  "monitoring.sync_finished": (s) => `${syncOf(s)} ${syncOutcome(s)}`,
  "monitoring.sync_failed": (s) => `${syncOf(s)} failed${colon(s.after.error)}`,
  "monitoring.results_recorded": (s) => {
    const r = obj(s.after.resources);
    const i = obj(s.after.intervals);
    const opened = Object.values(obj(i.opened)).reduce<number>((n, v) => n + num(v), 0);
    const changes = [
      num(r.new) && `${num(r.new)} new`,
      num(r.changed) && `${num(r.changed)} changed`,
      num(r.reappeared) && `${num(r.reappeared)} back again`,
    ].filter((p): p is string => !!p);
    const results = [opened && `${opened} opened`, num(i.closed) && `${num(i.closed)} closed`].filter(
      (p): p is string => !!p,
    );
    return `${s.who} recorded ${count(num(r.seen), "resource")}${changes.length ? ` (${listing(changes)})` : ""}${results.length ? `; test results ${listing(results)}` : ""}`;
  },
  "monitoring.test_enabled": (s) => `${s.who} turned on the test${quoted(s.named)}`,
  "monitoring.test_disabled": (s) => `${s.who} turned off the test${quoted(s.named)}`,
  "monitoring.custom_test_created": (s) => `${s.who} created the custom test${quoted(s.named)}`,
  "monitoring.custom_test_updated": (s) => `${s.who} changed the ${s.changed()} of the custom test${quoted(s.named)}`,
  "monitoring.custom_test_deleted": (s) => `${s.who} removed the custom test${quoted(s.named)}`,
  "monitoring.exception_requested": (s) => `${s.who} asked for an ${exceptionOf(s)}${until(s.after.expiresAt)}`,
  "monitoring.exception_approved": (s) => `${s.who} approved the ${exceptionOf(s)}${until(s.after.expiresAt)}`,
  "monitoring.exception_rejected": (s) => `${s.who} rejected the ${exceptionOf(s)}`,
  "monitoring.exception_revoked": (s) => `${s.who} revoked the ${exceptionOf(s)}${colon(s.after.revokeReason)}`,
  "alerts.exception_expiring": (s) =>
    `${s.who} told ${count(num(s.after.recipients), "person", "people")} that the ${exceptionOf(s)} ends on ${formatDay(s.after.expiresAt) ?? "its expiry day"}`,
  "alerts.exception_expired": (s) =>
    `${s.who} told ${count(num(s.after.recipients), "person", "people")} that the ${exceptionOf(s)} has ended`,

  // endpoint agent
  "agent.enrollment_token_created": (s) => `${s.who} created the agent enrollment token${quoted(s.named)}`,
  "agent.enrollment_token_revoked": (s) => `${s.who} revoked the agent enrollment token${quoted(s.named)}`,
  "agent.device_enrolled": (s) => `The device${plain(s.named)} enrolled its agent`,
  "agent.device_revoked": (s) => `${s.who} revoked the device${plain(s.named)}`,
  "agent.device_assigned": (s) => `${s.who} changed whose device${plain(s.named)} is`,
  "agent.report_received": (s) => `The agent on ${s.named ?? "a device"} sent a report`,

  // security awareness training
  "training.attempt_submitted": (s) =>
    `${s.who} ${s.after.passed === true ? "passed" : s.after.passed === false ? "did not pass" : "submitted"} the training quiz${num(s.after.score) || s.after.score === 0 ? ` with ${num(s.after.score)}%` : ""}${plain(s.after.person, "for")}`,
  "training.completed": (s) =>
    `${s.who} recorded that ${str(s.after.person) ?? "a person"} completed the training${quoted(s.after.course)}${formatDay(s.after.validUntil) ? ` (valid${until(s.after.validUntil)})` : ""}`,
  "training.external_recorded": (s) =>
    `${s.who} recorded external training${quoted(s.after.courseTitle)}${plain(s.after.provider, "from")}${plain(s.after.person, "for")}`,
  "training.external_decided": (s) =>
    `${s.who} ${s.after.status === "accepted" ? "accepted" : s.after.status === "rejected" ? "rejected" : "decided on"} the external training${quoted(s.after.courseTitle)}${plain(s.after.person, "of")}${colon(s.after.decisionNote)}`,
  "training.settings_changed": (s) => `${s.who} changed the ${s.changed()} of the training settings`,

  // the ledger itself
  "ledger.keyed": (s) =>
    `${s.who} sealed the ${count(num(s.after.unsignedThroughSeq), "entry", "entries")} written before entries were signed`,
};

/** A kind of entry in words, for filter menus and grouped rows: "remediation.status_changed" → "Remediation: status changed". */
const DOMAINS: Obj = {
  user: "Account",
  auth: "Sign-in",
  agent: "Endpoint agent",
  alerts: "Alerts",
  evidence: "Evidence",
  invitation: "Invitations",
  job: "Jobs",
  member: "Members",
  monitoring: "Monitoring",
  organization: "Organization",
  program: "Programs",
  control: "Controls",
  assessment: "Self-assessment",
  remediation: "Remediation",
  token: "API tokens",
  training: "Training",
  ledger: "Ledger",
};
const KINDS: Obj = {
  "user.mfa_enabled": "Account: MFA turned on",
  "user.mfa_disabled": "Account: MFA turned off",
  "user.mfa_recovery_codes_regenerated": "Account: new MFA recovery codes",
  "evidence.blob_reencrypted": "Evidence: file sealed with the current key",
  "ledger.keyed": "Ledger: sealed at upgrade",
};
export function kindLabel(action: string): string {
  if (KINDS[action]) return String(KINDS[action]);
  const dot = action.indexOf(".");
  if (dot < 0) return words(action);
  const domain = action.slice(0, dot);
  const what = words(action.slice(dot + 1));
  return `${String(DOMAINS[domain] ?? words(domain).replace(/^./, (c) => c.toUpperCase()))}: ${what}`;
}

function said(e: DescribableEntry, names: Names): Said {
  const before = obj(e.changes.before);
  const after = obj(e.changes.after);
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter(
    (k) => k !== "ref" && JSON.stringify(after[k]) !== JSON.stringify(before[k]),
  );
  const named = recordLabel(e, names);
  const person = (id: unknown, fallback?: unknown) =>
    (typeof id === "string" && names.people.get(id)) || str(fallback) || "someone";
  return {
    e,
    who: actorName(e, names),
    before,
    after,
    record: named ?? `the ${entityLabel(e.entityType)}`,
    named,
    person,
    test: (id) => (typeof id === "string" ? (names.tests.get(id) ?? id) : "a test"),
    resource: (id) => (typeof id === "string" && names.resources.get(id)) || "a resource",
    fields,
    changed: (except = []) => {
      const shown = fields.filter((f) => !except.includes(f));
      return shown.length ? some(shown.map(words), 4) : "details";
    },
  };
}

/** The entry as a sentence a reviewer can skim. */
export function describeEntry(e: DescribableEntry, names: Names): string {
  const s = said(e, names);
  const describe = DESCRIBERS[e.action];
  if (describe) return describe(s);
  return `${s.who} recorded ${kindLabel(e.action).toLowerCase()} on ${s.record}`;
}
