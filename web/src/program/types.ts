import {
  CONTROL_STATUSES,
  type ControlStatus,
  MANUAL_STATUSES,
  type ManualStatus,
} from "../../../src/core/control-status.ts";
import type {
  CategoryReadiness as CoreCategoryReadiness,
  CriterionReadiness as CoreCriterionReadiness,
  CriterionState,
  ScoreSummary,
} from "../../../src/core/readiness.ts";
/**
 * Shapes of the program API answers (src/modules/programs, content, remediation, notifications). Dates chosen by a
 * person are plain `YYYY-MM-DD` strings; timestamps are ISO strings.
 */

export const CATEGORY_IDS = ["security", "availability", "confidentiality", "processing_integrity", "privacy"] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export type ReportType = "type1" | "type2";

export interface SubserviceOrganization {
  name: string;
  services: string;
  method: "carve_out" | "inclusive";
  expectedControls: string[];
}

export interface UserEntityControl {
  description: string;
  criteria: string[];
}

export const COMPONENT_KINDS = ["infrastructure", "software", "people", "data", "procedures"] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** The system description (scope) of a program. */
export interface Scope {
  services: string;
  commitments: string[];
  systemRequirements: string[];
  components: Record<ComponentKind, string[]>;
  boundaries: string;
  subserviceOrganizations: SubserviceOrganization[];
  userEntityControls: UserEntityControl[];
}

export interface Program {
  id: string;
  name: string;
  framework: string;
  reportType: ReportType;
  asOfDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  categories: CategoryId[];
  scope: Scope;
  scopedAt: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Advice about the report type and period (e.g. a Type II window under three months). */
  warnings: string[];
  controlCount: number;
}

export { CONTROL_STATUSES, type ControlStatus, MANUAL_STATUSES, type ManualStatus };

export const FREQUENCIES = ["continuous", "daily", "weekly", "monthly", "quarterly", "annually", "on_event"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export type NatureType = "preventive" | "detective" | "corrective";
export type NatureMode = "manual" | "automated";
export type OwnerRole = "owner" | "admin" | "compliance_manager" | "control_owner" | "employee";

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface ProgramControl {
  id: string;
  key: string;
  libraryId: string | null;
  custom: boolean;
  name: string;
  description: string;
  ownerRole: OwnerRole;
  owner: Person | null;
  frequency: Frequency;
  natureType: NatureType;
  natureMode: NatureMode;
  evidence: string[];
  guidance: string;
  policies: string[];
  criteria: string[];
  narrative: string;
  applicable: boolean;
  notApplicableReason: string | null;
  status: ControlStatus;
  statusReason: string;
  statusSince: string | null;
  /** What decided the status: applicability, people, failing tests or the evidence. */
  statusSource: "applicability" | "manual" | "tests" | "evidence";
  /** The status people set; the status above may differ because of tests or evidence. */
  manualStatus: ManualStatus;
  updatedAt: string;
}

export interface ControlHistoryEntry {
  status: ControlStatus;
  reason: string;
  source: "manual" | "self_assessment" | string;
  at: string;
  actor: string | null;
}

export interface ProgramControlDetail extends ProgramControl {
  history: ControlHistoryEntry[];
}

export type { CriterionState, ScoreSummary };

/** The server's criterion readiness, with the category typed for the web app. */
export interface CriterionReadiness extends Omit<CoreCriterionReadiness, "category"> {
  category: CategoryId;
}

export interface CategoryReadiness extends Omit<CoreCategoryReadiness, "id"> {
  id: CategoryId;
}

export interface Readiness {
  criteria: CriterionReadiness[];
  categories: CategoryReadiness[];
  overall: ScoreSummary;
  updatedAt?: string;
}

export interface TrendPoint {
  day: string;
  overall: number;
  ready: number;
  total: number;
  byCategory: Partial<Record<CategoryId, number>>;
}

export interface CriterionGap {
  criterionId: string;
  title: string;
  category: CategoryId;
  score: number;
  why: string;
  todo: string;
  pending: string[];
}

export interface ControlGap {
  key: string;
  name: string;
  status: ControlStatus;
  why: string;
  todo: string;
  criteria: string[];
}

export interface Gaps {
  criteria: CriterionGap[];
  controls: ControlGap[];
}

export interface Deadline {
  id: string;
  ref: string;
  title: string;
  priority: Priority;
  dueDate: string | null;
  status: RemediationStatus;
  owner: string | null;
}

export interface JourneyStage {
  id: string;
  name: string;
  done: boolean;
  left: string;
  /** False: the module behind this stage is not built yet ("coming later"). */
  available: boolean;
}

export interface Dashboard {
  readiness: Readiness;
  trend: TrendPoint[];
  topGaps: CriterionGap[];
  overdue: Deadline[];
  upcoming: Deadline[];
  journey: JourneyStage[];
}

export type AssessmentAnswerValue = "yes" | "partly" | "no";

export interface AssessmentQuestion {
  criterionId: string;
  category: CategoryId;
  title: string;
  summary: string;
  evidence: string[];
  answer: {
    answer: AssessmentAnswerValue;
    notes: string;
    answeredBy: { id: string; name: string } | null;
    answeredAt: string;
  } | null;
}

export interface Assessment {
  questions: AssessmentQuestion[];
  answered: number;
  total: number;
}

export interface AssessmentResult {
  controlsChanged: { key: string; status: ControlStatus }[];
  remediationCreated: { id: string; ref: string }[];
}

export * from "./content-types.ts";
export * from "./remediation-types.ts";

import type { Priority, RemediationStatus } from "./remediation-types.ts";
