/** The organization's policies, as the API answers them (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type OrgPolicyList = ResponseOf<"/api/v1/policies">;
export type OrgPolicy = ItemOf<OrgPolicyList>;
export type OrgPolicyDetail = ResponseOf<"/api/v1/policies/{id}">;
export type PolicyVersionSummary = OrgPolicyDetail["versions"][number];
export type PolicyVersion = ResponseOf<"/api/v1/policies/{id}/versions/{versionId}">;
export type PolicyDiff = ResponseOf<"/api/v1/policies/{id}/diff">;
export type PolicyAcceptance = ResponseOf<"/api/v1/policies/{id}/acceptance">;
export type MyPolicy = ItemOf<ResponseOf<"/api/v1/portal/policies">>;
