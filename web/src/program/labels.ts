import type { MantineColor } from "@mantine/core";
import type {
  AssessmentAnswerValue,
  CategoryId,
  ComponentKind,
  ControlStatus,
  CriterionState,
  Frequency,
  NatureMode,
  NatureType,
  OwnerRole,
} from "../api/models/program.ts";
import type { Priority, RemediationSource, RemediationStatus } from "../api/models/remediation.ts";
import { everyOf } from "../lib/every-of.ts";

/** Words and colours for the program's enumerations, in one place so every page says the same thing. */

/** The API's enumerations in display order, for pickers, boards and charts. */
export const COMPONENT_KINDS = everyOf<ComponentKind>()(["infrastructure", "software", "people", "data", "procedures"]);
export const REMEDIATION_STATUSES = everyOf<RemediationStatus>()(["open", "in_progress", "done", "verified"]);
export const PRIORITIES = everyOf<Priority>()(["critical", "high", "medium", "low"]);

export const CONTROL_STATUS: Record<ControlStatus, { label: string; color: MantineColor; hint: string }> = {
  not_started: { label: "Not started", color: "gray", hint: "Nobody has started on it yet." },
  in_progress: { label: "In progress", color: "blue", hint: "Work has started; it is not in place yet." },
  implemented: { label: "Implemented", color: "teal", hint: "In place; counts towards readiness." },
  operating: { label: "Operating", color: "green", hint: "In place with current evidence of operation." },
  needs_attention: { label: "Needs attention", color: "red", hint: "Something is wrong and needs fixing." },
  not_applicable: { label: "Not applicable", color: "dark", hint: "Out of scope, with a justification." },
};

export const CRITERION_STATE: Record<CriterionState, { label: string; color: MantineColor }> = {
  ready: { label: "Ready", color: "teal" },
  not_ready: { label: "Not ready", color: "orange" },
  not_relevant: { label: "Not relevant", color: "gray" },
};

export const CATEGORY_LABELS: Record<CategoryId, string> = {
  security: "Security",
  availability: "Availability",
  confidentiality: "Confidentiality",
  processing_integrity: "Processing integrity",
  privacy: "Privacy",
};

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  continuous: "Continuous",
  daily: "Daily",
  weekly: "Weekly",
  monthly: "Monthly",
  quarterly: "Quarterly",
  annually: "Annually",
  on_event: "On event",
};

export const NATURE_TYPE_LABELS: Record<NatureType, string> = {
  preventive: "Preventive",
  detective: "Detective",
  corrective: "Corrective",
};
export const NATURE_MODE_LABELS: Record<NatureMode, string> = { manual: "Manual", automated: "Automated" };

export const OWNER_ROLE_LABELS: Record<OwnerRole, string> = {
  owner: "Owner",
  admin: "Admin",
  compliance_manager: "Compliance manager",
  control_owner: "Control owner",
  employee: "Employee",
};

export const COMPONENT_LABELS: Record<ComponentKind, { label: string; hint: string; placeholder: string }> = {
  infrastructure: {
    label: "Infrastructure",
    hint: "Cloud accounts, networks, servers, databases.",
    placeholder: "e.g. AWS production account (eu-west-1)",
  },
  software: {
    label: "Software",
    hint: "Applications and services you build or run.",
    placeholder: "e.g. Customer web app and public API",
  },
  people: {
    label: "People",
    hint: "Teams that build, run and support the system.",
    placeholder: "e.g. Engineering, Support, Security",
  },
  data: { label: "Data", hint: "What data the system holds.", placeholder: "e.g. Customer account and billing data" },
  procedures: {
    label: "Procedures",
    hint: "How the system is run: manual and automated.",
    placeholder: "e.g. Change management via pull requests",
  },
};

export const REMEDIATION_STATUS: Record<RemediationStatus, { label: string; color: MantineColor }> = {
  open: { label: "Open", color: "gray" },
  in_progress: { label: "In progress", color: "blue" },
  done: { label: "Done", color: "teal" },
  verified: { label: "Verified", color: "green" },
};

export const PRIORITY: Record<Priority, { label: string; color: MantineColor }> = {
  critical: { label: "Critical", color: "red" },
  high: { label: "High", color: "orange" },
  medium: { label: "Medium", color: "yellow" },
  low: { label: "Low", color: "gray" },
};

export const SOURCE_LABELS: Record<RemediationSource, string> = {
  manual: "Added by hand",
  self_assessment: "Self-assessment",
  gap: "Gap analysis",
};

export const ANSWER: Record<AssessmentAnswerValue, { label: string; color: MantineColor }> = {
  yes: { label: "Yes", color: "teal" },
  partly: { label: "Partly", color: "yellow" },
  no: { label: "No", color: "red" },
};

export const percent = (score: number) => `${Math.round(score * 100)}%`;

/** A readiness score (0–1) as a colour: red → orange → yellow → lime → teal. */
export function scoreColor(score: number): MantineColor {
  if (score >= 1) return "teal";
  if (score >= 0.75) return "lime";
  if (score >= 0.5) return "yellow";
  if (score > 0) return "orange";
  return "red";
}

export const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
