/** What other modules may use of evidence, besides its events, policy and schema. */
export { attachGeneratedEvidence, type GeneratedFile } from "./attach.ts";
export { type ControlFreshness, evidenceFreshness } from "./freshness.ts";
export { proofFileOf } from "./proof.ts";
export { createEvidenceService, type EvidenceService } from "./service.ts";
