/** Words and colours for the people pages. */
import type { Person } from "../../api/models/people.ts";

export const STATUS_LABELS: Record<Person["status"], string> = {
  onboarding: "Onboarding",
  active: "Active",
  on_leave: "On leave",
  left: "Left",
};
export const STATUS_COLORS: Record<Person["status"], string> = {
  onboarding: "blue",
  active: "teal",
  on_leave: "yellow",
  left: "gray",
};
export const KIND_LABELS: Record<Person["kind"], string> = { employee: "Employee", contractor: "Contractor" };
export const SOURCE_LABELS: Record<Person["source"], string> = {
  manual: "Entered by hand",
  hr_csv: "HR CSV",
  google_workspace: "Google Workspace",
  okta: "Okta",
  github: "GitHub",
};
export const COMPLIANCE = {
  compliant: { label: "Compliant", color: "teal" },
  due: { label: "Work due", color: "blue" },
  overdue: { label: "Overdue", color: "red" },
} as const;
export const STEP_STATE = {
  done: { label: "Done", color: "teal" },
  open: { label: "Open", color: "blue" },
  overdue: { label: "Overdue", color: "red" },
} as const;
export const ASSIGNEE_LABELS = { person: "The person", manager: "Their manager", member: "A member" } as const;
export const SATISFIED_BY_LABELS = {
  policy_acceptance: "Policy acceptance",
  training: "Training",
  device: "Device enrolment",
} as const;
export const OUTCOME_LABELS = { clear: "Clear", consider: "Needs a decision", not_required: "Not required" } as const;
export const ACTION_LABELS = {
  create: { label: "Add", color: "teal" },
  update: { label: "Update", color: "blue" },
  unchanged: { label: "Unchanged", color: "gray" },
  skip: { label: "Skip", color: "yellow" },
  error: { label: "Error", color: "red" },
} as const;
