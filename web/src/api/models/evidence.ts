/** The evidence library, as the API answers it (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type Evidence = ItemOf<ResponseOf<"/api/v1/evidence">>;
export type EvidenceDetail = ResponseOf<"/api/v1/evidence/{id}">;
export type EvidenceVersion = EvidenceDetail["versions"][number];
export type EvidenceControlLink = Evidence["controls"][number];
export type EvidenceFile = NonNullable<Evidence["file"]>;
export type EvidenceKind = Evidence["kind"];
export type EvidenceSource = Evidence["source"];
