/** Remediation plans and in-app notifications, as the API answers them (generated types). */
import type { BodyOf, ItemOf, ResponseOf } from "../types.ts";

export type RemediationItem = ItemOf<ResponseOf<"/api/v1/programs/{programId}/remediation">>;
export type RemediationItemDetail = ResponseOf<"/api/v1/programs/{programId}/remediation/{id}">;
export type RemediationHistoryEntry = RemediationItemDetail["history"][number];
export type RemediationStatus = RemediationItem["status"];
export type Priority = RemediationItem["priority"];
export type RemediationSource = RemediationItem["source"];
type NewRemediation = BodyOf<"/api/v1/programs/{programId}/remediation", "post">;
/** An item's writable fields, as its form holds them: the POST body with its defaults filled in (steps apart). */
type CreationOnly = "source" | "sourceCriterion" | "sourceControl" | "allowDuplicate";
export type RemediationInput = Required<Omit<NewRemediation, CreationOnly | "steps">> &
  Pick<NewRemediation, CreationOnly>;
export type RemediationStep = RemediationItem["steps"][number];
export type StepStatus = RemediationStep["status"];
/** One step as the steps editor holds it: the PUT …/steps body entry (no id: a new step). */
export type StepInput = BodyOf<"/api/v1/programs/{programId}/remediation/{id}/steps", "put">["steps"][number];
export type RemediationResource = RemediationInput["resources"][number];
export type RemediationSummary = ResponseOf<"/api/v1/programs/{programId}/remediation/summary">;

export type Inbox = ResponseOf<"/api/v1/notifications">;
export type AppNotification = ItemOf<Inbox>;
