/**
 * The kinds of alert people can tune (docs/alerts.md, docs/notifications.md). Each has a default: in the app, and by
 * email either right away (failures someone must act on now) or in the daily digest (things with a deadline). A
 * person's row in notification_preferences overrides the default for one kind; notifications of other kinds
 * (remediation.verified, remediation.reopened) always go to the inbox and never by email through this path.
 * Monitoring kinds may also go to webhooks; the work kinds are about one person's own work, so they always show in
 * the app (only the email choice is theirs) and never go to a webhook.
 */

export const EMAIL_MODES = ["immediate", "digest", "off"] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

export interface AlertKind {
  kind: string;
  label: string;
  description: string;
  /** Who receives it, in words (shown on the preferences page). */
  recipients: string;
  defaults: { inApp: boolean; email: EmailMode };
  /** monitoring: the installation's alerts (webhooks may subscribe) · work: someone's own assignments and deadlines. */
  group: "monitoring" | "work";
}

export const ALERT_KINDS = [
  {
    kind: "test.failing",
    label: "A test starts failing",
    description: "A monitoring test now fails on resources where it passed before (one alert per test and sync).",
    recipients: "Owners of the controls the test supports, owners, admins and compliance managers",
    defaults: { inApp: true, email: "immediate" },
    group: "monitoring",
  },
  {
    kind: "sync.failed",
    label: "A sync fails",
    description:
      "A connection could not be synced, with the error and what to do. Once per failure streak: the next alert comes after a sync succeeds again.",
    recipients: "Owners, admins and whoever created the connection",
    defaults: { inApp: true, email: "immediate" },
    group: "monitoring",
  },
  {
    kind: "evidence.due_soon",
    label: "Evidence due soon",
    description: "Evidence for a control you own goes stale soon: upload new evidence before it does.",
    recipients: "The control's owner",
    defaults: { inApp: true, email: "digest" },
    group: "monitoring",
  },
  {
    kind: "evidence.stale",
    label: "Evidence stale",
    description: "Evidence for a control you own is past its time; the control needs attention until it is renewed.",
    recipients: "The control's owner",
    defaults: { inApp: true, email: "digest" },
    group: "monitoring",
  },
  {
    kind: "exception.expiring",
    label: "Exception expiring",
    description: "An approved exception ends within 7 days; after that the failure counts again.",
    recipients: "Whoever asked for the exception and its approver",
    defaults: { inApp: true, email: "digest" },
    group: "monitoring",
  },
  {
    kind: "exception.expired",
    label: "Exception expired",
    description: "An approved exception has ended; the failure it covered counts again.",
    recipients: "Whoever asked for the exception and its approver",
    defaults: { inApp: true, email: "digest" },
    group: "monitoring",
  },
  {
    kind: "remediation.assigned",
    label: "Remediation work assigned to you",
    description: "Someone made you the owner of a remediation item, or of a step of one.",
    recipients: "The new owner (never whoever made the change)",
    defaults: { inApp: true, email: "immediate" },
    group: "work",
  },
  {
    kind: "control.assigned",
    label: "A control assigned to you",
    description: "Someone made you the owner of a control in a program.",
    recipients: "The control's new owner (never whoever made the change)",
    defaults: { inApp: true, email: "immediate" },
    group: "work",
  },
  {
    kind: "remediation.verification",
    label: "Waiting for your verification",
    description: "A remediation item you are the planned verifier of was marked done: check the fix and verify it.",
    recipients: "The item's planned verifier",
    defaults: { inApp: true, email: "immediate" },
    group: "work",
  },
  {
    kind: "exception.approval",
    label: "Waiting for your approval",
    description: "Someone asked for an exception to a failing test and named you as its approver.",
    recipients: "The approver named in the request",
    defaults: { inApp: true, email: "immediate" },
    group: "work",
  },
  {
    kind: "remediation.due_soon",
    label: "Remediation due soon",
    description: "A remediation item or step you own is due within 7 days (once per due date).",
    recipients: "The owner of the item or step",
    defaults: { inApp: true, email: "digest" },
    group: "work",
  },
  {
    kind: "remediation.overdue",
    label: "Remediation overdue",
    description:
      "A remediation item you own is past its due date (a reminder a day while it is), or a step you own is (once).",
    recipients: "The owner of the item or step",
    defaults: { inApp: true, email: "immediate" },
    group: "work",
  },
  {
    kind: "remediation.mentioned",
    label: "Mentioned in a comment",
    description: "Someone mentioned you (@your email) in a comment on a remediation item.",
    recipients: "The members the comment mentions (never its author)",
    defaults: { inApp: true, email: "immediate" },
    group: "work",
  },
  {
    kind: "policies.review_due",
    label: "Policy review due",
    description: "A policy you own is due for review within 30 days (once per review date).",
    recipients: "The policy's owner",
    defaults: { inApp: true, email: "immediate" },
    group: "work",
  },
  {
    kind: "policies.review_overdue",
    label: "Policy review overdue",
    description:
      "A policy you own is past its review date; the controls that rely on it need attention until it is reviewed.",
    recipients: "The policy's owner",
    defaults: { inApp: true, email: "immediate" },
    group: "work",
  },
  {
    kind: "vendor.due_diligence_expiring",
    label: "Vendor due diligence expiring",
    description:
      "The latest assurance report of a vendor you own stops being current within 30 days: ask for the next one.",
    recipients: "The vendor's owner",
    defaults: { inApp: true, email: "digest" },
    group: "work",
  },
  {
    kind: "vendor.due_diligence_lapsed",
    label: "Vendor due diligence lapsed",
    description:
      "The latest assurance report of a vendor you own is no longer current: get a new report or a bridge letter.",
    recipients: "The vendor's owner",
    defaults: { inApp: true, email: "digest" },
    group: "work",
  },
  {
    kind: "incidents.notification_due",
    label: "Incident notice due soon",
    description:
      "An incident you command owes a notice (to a regulator, customers…) within 24 hours: send it and record it.",
    recipients: "The incident commander",
    defaults: { inApp: true, email: "immediate" },
    group: "work",
  },
  {
    kind: "incidents.notification_overdue",
    label: "Incident notice overdue",
    description:
      "An incident you command is past the deadline of a notice it owes: send it and record when it went out.",
    recipients: "The incident commander",
    defaults: { inApp: true, email: "immediate" },
    group: "work",
  },
] as const satisfies readonly AlertKind[];

export type AlertKindId = (typeof ALERT_KINDS)[number]["kind"];
export const ALERT_KIND_IDS = ALERT_KINDS.map((k) => k.kind) as [AlertKindId, ...AlertKindId[]];

/** Kinds a webhook may subscribe to: the monitoring ones (work notices are personal). */
type MonitoringKind = Extract<(typeof ALERT_KINDS)[number], { group: "monitoring" }>;
export const WEBHOOK_KINDS = ALERT_KINDS.filter((k): k is MonitoringKind => k.group === "monitoring");
export type WebhookKindId = (typeof WEBHOOK_KINDS)[number]["kind"];
export const WEBHOOK_KIND_IDS = WEBHOOK_KINDS.map((k) => k.kind) as [WebhookKindId, ...WebhookKindId[]];

const byId = new Map<string, AlertKind>(ALERT_KINDS.map((k) => [k.kind, k]));

export const isAlertKind = (kind: string): kind is AlertKindId => byId.has(kind);
export const alertKind = (kind: string): AlertKind | undefined => byId.get(kind);
/** Work kinds always show in the app: only the email choice is the person's. */
export const inAppRequired = (kind: string) => byId.get(kind)?.group === "work";

export interface Preference {
  inApp: boolean;
  email: EmailMode;
}

/** The kind's default; kinds that are not alert kinds stay in the inbox only. */
export function defaultPreference(kind: string): Preference {
  return { ...(byId.get(kind)?.defaults ?? { inApp: true, email: "off" }) };
}

/** The web path of each person's preferences (linked from every alert email). */
export const PREFERENCES_PATH = "/settings/notifications";
