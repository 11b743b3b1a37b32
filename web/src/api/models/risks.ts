/** The risk register, as the API answers it (generated types). */
import type { BodyOf, ItemOf, ResponseOf } from "../types.ts";

export type Risk = ItemOf<ResponseOf<"/api/v1/risks">>;
export type RiskBody = BodyOf<"/api/v1/risks", "post">;
export type RiskHeatMap = ResponseOf<"/api/v1/risks/heatmap">;
export type RiskSettings = ResponseOf<"/api/v1/risks/settings">;
export type LibraryRisk = ItemOf<ResponseOf<"/api/v1/risks/library">>;
export type RiskAssessment = ItemOf<ResponseOf<"/api/v1/risk-assessments">>;
