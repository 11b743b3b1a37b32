/** The vulnerability register, as the API answers it (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type Finding = ItemOf<ResponseOf<"/api/v1/vulnerabilities">>;
export type VulnerabilityDashboard = ResponseOf<"/api/v1/vulnerabilities/dashboard">;
export type VulnerabilityImport = ItemOf<ResponseOf<"/api/v1/vulnerabilities/imports">>;
