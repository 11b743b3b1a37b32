/**
 * The kinds of alert people can tune (docs/alerts.md). Each has a default: in the app, and by email either right
 * away (failures someone must act on now) or in the daily digest (things with a deadline). A person's row in
 * notification_preferences overrides the default for one kind; notifications of other kinds (remediation.assigned,
 * …) always go to the inbox and never by email through this path.
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
}

export const ALERT_KINDS = [
  {
    kind: "test.failing",
    label: "A test starts failing",
    description: "A monitoring test now fails on resources where it passed before (one alert per test and sync).",
    recipients: "Owners of the controls the test supports, owners, admins and compliance managers",
    defaults: { inApp: true, email: "immediate" },
  },
  {
    kind: "sync.failed",
    label: "A sync fails",
    description:
      "A connection could not be synced, with the error and what to do. Once per failure streak: the next alert comes after a sync succeeds again.",
    recipients: "Owners, admins and whoever created the connection",
    defaults: { inApp: true, email: "immediate" },
  },
  {
    kind: "evidence.due_soon",
    label: "Evidence due soon",
    description: "Evidence for a control you own goes stale soon: upload new evidence before it does.",
    recipients: "The control's owner",
    defaults: { inApp: true, email: "digest" },
  },
  {
    kind: "evidence.stale",
    label: "Evidence stale",
    description: "Evidence for a control you own is past its time; the control needs attention until it is renewed.",
    recipients: "The control's owner",
    defaults: { inApp: true, email: "digest" },
  },
  {
    kind: "exception.expiring",
    label: "Exception expiring",
    description: "An approved exception ends within 7 days; after that the failure counts again.",
    recipients: "Whoever asked for the exception and its approver",
    defaults: { inApp: true, email: "digest" },
  },
  {
    kind: "exception.expired",
    label: "Exception expired",
    description: "An approved exception has ended; the failure it covered counts again.",
    recipients: "Whoever asked for the exception and its approver",
    defaults: { inApp: true, email: "digest" },
  },
] as const satisfies readonly AlertKind[];

export type AlertKindId = (typeof ALERT_KINDS)[number]["kind"];
export const ALERT_KIND_IDS = ALERT_KINDS.map((k) => k.kind) as [AlertKindId, ...AlertKindId[]];

const byId = new Map<string, AlertKind>(ALERT_KINDS.map((k) => [k.kind, k]));

export const isAlertKind = (kind: string): kind is AlertKindId => byId.has(kind);
export const alertKind = (kind: string): AlertKind | undefined => byId.get(kind);

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
