/**
 * The rules of on- and offboarding and background checks, pure and shared with the web app: the shipped checklist
 * templates, which template a person gets, when an access revocation is due and how late it was, and when an item
 * that another module's routine completes (policy acceptance, training, a device) counts as done.
 */
import { addDays } from "./dates.ts";
import type { PersonTask } from "./person-tasks.ts";

export const CHECKLIST_KINDS = ["onboarding", "offboarding"] as const;
/** Who does a checklist item: the person themself, their manager, or a named member. */
export const CHECKLIST_ASSIGNEES = ["person", "manager", "member"] as const;
/** Items another module's routine completes (read from that module's person tasks, never imported). */
export const SATISFIED_BY = ["policy_acceptance", "training", "device"] as const;
/** Recorded minimally: no sensitive detail of the screening is kept. */
export const BACKGROUND_OUTCOMES = ["clear", "consider", "not_required"] as const;
/** Who needs a background check. */
export const BACKGROUND_SCOPES = ["everyone", "employees", "none"] as const;

export interface ChecklistTemplateItem {
  /** Stable slug (e.g. `confidentiality`): control checks find items by it. */
  key: string;
  title: string;
  assignee: (typeof CHECKLIST_ASSIGNEES)[number];
  /** For assignee `member`: that member's user id. */
  assigneeUserId?: string | null;
  satisfiedBy?: (typeof SATISFIED_BY)[number] | null;
  /** Onboarding: days after the start date; offboarding: ignored for revocations (the SLA decides). */
  dueDays: number;
}

export interface ChecklistTemplate {
  checklist: (typeof CHECKLIST_KINDS)[number];
  /** Job titles this template is for (case-insensitive); empty: the default for everyone else. */
  titles: string[];
  items: ChecklistTemplateItem[];
}

export const DEFAULT_OFFBOARDING_SLA_HOURS = 24;
export const DEFAULT_OFFBOARDING_SYSTEMS = ["Email and single sign-on", "Source code hosting", "Cloud console"];

export const DEFAULT_TEMPLATES: ChecklistTemplate[] = [
  {
    checklist: "onboarding",
    titles: [],
    items: [
      { key: "background_check", title: "Background check completed", assignee: "manager", dueDays: 0 },
      {
        key: "confidentiality",
        title: "Confidentiality agreement signed",
        assignee: "person",
        dueDays: 0,
      },
      {
        key: "policy_acceptance",
        title: "Security policies accepted",
        assignee: "person",
        satisfiedBy: "policy_acceptance",
        dueDays: 7,
      },
      {
        key: "security_training",
        title: "Security awareness training finished",
        assignee: "person",
        satisfiedBy: "training",
        dueDays: 30,
      },
      { key: "device", title: "Work device enrolled", assignee: "person", satisfiedBy: "device", dueDays: 7 },
      {
        key: "access_granted",
        title: "Access granted with the manager's approval",
        assignee: "manager",
        dueDays: 3,
      },
    ],
  },
  {
    checklist: "offboarding",
    titles: [],
    items: [
      { key: "device_returned", title: "Device returned or wiped", assignee: "manager", dueDays: 5 },
      {
        key: "final_acknowledgement",
        title: "Continuing confidentiality duties acknowledged",
        assignee: "person",
        dueDays: 0,
      },
    ],
  },
];

/** The template for this checklist and job title: one listing the title, else the default (no titles). */
export function chooseTemplate(
  templates: readonly ChecklistTemplate[],
  checklist: ChecklistTemplate["checklist"],
  title: string | null,
): ChecklistTemplate | null {
  const mine = templates.filter((t) => t.checklist === checklist);
  const wanted = title?.trim().toLowerCase();
  return (
    (wanted && mine.find((t) => t.titles.some((x) => x.trim().toLowerCase() === wanted))) ||
    mine.find((t) => !t.titles.length) ||
    null
  );
}

/**
 * When a person stops working: the end of their end date (the start of the next day, UTC), or the moment they
 * were marked as left when no end date is known.
 */
export function leaveMoment(endDate: string | null, markedAt: Date): Date {
  return endDate ? new Date(`${addDays(endDate, 1)}T00:00:00Z`) : markedAt;
}

/** Every access must be revoked within the SLA after the leave moment. */
export const revocationDeadline = (leave: Date, slaHours: number) => new Date(leave.getTime() + slaHours * 3_600_000);

/** Whole minutes an access revocation was past its deadline; null when on time (a deviation otherwise). */
export function lateMinutes(revokedAt: Date, dueAt: Date): number | null {
  const late = Math.ceil((revokedAt.getTime() - dueAt.getTime()) / 60_000);
  return late > 0 ? late : null;
}

/** "45 minutes late", "3 hours 5 minutes late", "2 days 4 hours late". */
export function formatLateness(minutes: number): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = days
    ? [plural(days, "day"), hours ? plural(hours, "hour") : ""]
    : hours
      ? [plural(hours, "hour"), mins ? plural(mins, "minute") : ""]
      : [plural(mins, "minute")];
  return `${parts.filter(Boolean).join(" ")} late`;
}

/** The person-task kind other modules report for each `satisfiedBy`. */
export const SATISFIED_BY_TASK_KIND = { policy_acceptance: "policy", training: "training", device: "device" } as const;

/**
 * An item another module completes is done when that module reports at least one task of its kind for the person
 * and every one of them is done; it is done at the latest of their completions. No task of the kind (the module
 * is not in use, or assigned nothing yet) leaves the item open: someone may then complete it by hand with a note.
 */
export function satisfiedAt(tasks: readonly PersonTask[], satisfiedBy: keyof typeof SATISFIED_BY_TASK_KIND) {
  const kind = SATISFIED_BY_TASK_KIND[satisfiedBy];
  const mine = tasks.filter((t) => t.kind === kind && t.module !== "people");
  if (!mine.length || mine.some((t) => t.state !== "done")) return null;
  return (
    mine
      .map((t) => t.doneAt ?? "")
      .sort()
      .at(-1) || null
  );
}

/** Who needs a background check, under the organization's setting. */
export function needsBackgroundCheck(scope: "everyone" | "employees" | "none", kind: "employee" | "contractor") {
  return scope === "everyone" || (scope === "employees" && kind === "employee");
}

/** The next background check date under a re-check cadence in months (null: none due again). */
export function nextBackgroundCheck(checkedOn: string, months: number | null): string | null {
  if (!months) return null;
  const d = new Date(`${checkedOn}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
