/** The SOC 2 program and the built-in content, as the API answers them (generated types). */
import type { BodyOf, ItemOf, ResponseOf } from "../types.ts";

export type Program = ResponseOf<"/api/v1/programs/{programId}">;
export type ReportType = Program["reportType"];
export type CategoryId = Program["categories"][number];
export type Scope = Program["scope"];
export type SubserviceOrganization = Scope["subserviceOrganizations"][number];
export type ComponentKind = keyof Scope["components"];

export type ProgramControl = ItemOf<ResponseOf<"/api/v1/programs/{programId}/controls">>;
export type ProgramControlDetail = ResponseOf<"/api/v1/programs/{programId}/controls/{key}">;
export type ControlHistoryEntry = ProgramControlDetail["history"][number];
export type ControlChanges = BodyOf<"/api/v1/programs/{programId}/controls/{key}", "patch">;
export type ControlExplanation = ResponseOf<"/api/v1/programs/{programId}/controls/{key}/explanation">;
export type ControlStatus = ProgramControl["status"];
export type ManualStatus = ProgramControl["manualStatus"];
export type Person = NonNullable<ProgramControl["owner"]>;
export type Frequency = ProgramControl["frequency"];
export type NatureType = ProgramControl["natureType"];
export type NatureMode = ProgramControl["natureMode"];
export type OwnerRole = ProgramControl["ownerRole"];

export type Readiness = ResponseOf<"/api/v1/programs/{programId}/readiness">;
export type CriterionReadiness = Readiness["criteria"][number];
export type CategoryReadiness = Readiness["categories"][number];
export type ScoreSummary = Readiness["overall"];
export type CriterionState = CriterionReadiness["state"];
export type ReadinessLevel = Readiness["headline"];

export type Gaps = ResponseOf<"/api/v1/programs/{programId}/gaps">;
export type CriterionGap = Gaps["criteria"][number];
export type ControlGap = Gaps["controls"][number];

export type Dashboard = ResponseOf<"/api/v1/programs/{programId}/dashboard">;
export type TrendPoint = Dashboard["trend"][number];
export type Deadline = Dashboard["overdue"][number];
export type JourneyStage = Dashboard["journey"][number];

export type Assessment = ResponseOf<"/api/v1/programs/{programId}/assessment">;
export type AssessmentQuestion = Assessment["questions"][number];
export type AssessmentAnswerValue = NonNullable<AssessmentQuestion["answer"]>["answer"];
export type AssessmentResult = ResponseOf<"/api/v1/programs/{programId}/assessment", "put">;

export type CriteriaContent = ResponseOf<"/api/v1/content/criteria">;
export type TscSeries = CriteriaContent["series"][number];
export type Criterion = CriteriaContent["criteria"][number];
export type ControlsContent = ResponseOf<"/api/v1/content/controls">;
export type LibraryControl = ControlsContent["controls"][number];
export type FrameworkSummary = ItemOf<ResponseOf<"/api/v1/content/frameworks">>;
export type FrameworkDetail = ResponseOf<"/api/v1/content/frameworks/{id}">;

export type ImportResult = ResponseOf<"/api/v1/programs/code/import", "post">;
export type ImportDiff = ImportResult["diff"];
export type EntityChanges = ImportDiff["controls"];
export type Listed = EntityChanges["added"][number];
export type FieldChange = ImportDiff["scope"][number];
