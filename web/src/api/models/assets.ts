/** The asset inventory and business continuity, as the API answers them (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type Asset = ItemOf<ResponseOf<"/api/v1/assets">>;
export type InScopeSummary = ResponseOf<"/api/v1/assets/in-scope">;
export type RegisterCheck = ItemOf<ResponseOf<"/api/v1/assets/checks">>;
export type ContinuityPlan = ItemOf<ResponseOf<"/api/v1/continuity/plans">>;
export type RecoveryObjective = ItemOf<ResponseOf<"/api/v1/continuity/objectives">>;
export type ContinuityTest = ItemOf<ResponseOf<"/api/v1/continuity/tests">>;
