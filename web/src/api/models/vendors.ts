/** The vendor register, as the API answers it (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type Vendor = ItemOf<ResponseOf<"/api/v1/vendors">>;
export type VendorDetail = ResponseOf<"/api/v1/vendors/{id}">;
export type VendorReport = VendorDetail["reports"][number];
export type VendorQuestionnaire = VendorDetail["questionnaires"][number];
export type PublicQuestionnaire = ResponseOf<"/api/v1/vendor-questionnaires/{token}">;
