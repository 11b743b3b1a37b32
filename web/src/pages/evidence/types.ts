/** Shapes of the evidence API's answers (src/modules/evidence/schema.ts), as JSON: dates arrive as ISO strings. */
import type { Frequency } from "../../program/types.ts";

export const EVIDENCE_KINDS = ["file", "link", "statement"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_SOURCES = ["manual", "integration", "agent"] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export interface EvidencePerson {
  id: string;
  name: string;
}

export interface EvidenceControlLink {
  linkId: string;
  programId: string;
  key: string;
  name: string;
  frequency: Frequency;
  /** When this evidence stops vouching for the control (null: the control has no clock). */
  staleAt: string | null;
  stale: boolean;
  linkedAt: string;
}

export interface EvidenceFile {
  name: string;
  sha256: string;
  size: number;
  mimeType: string;
  /** The server shows it in the browser with ?inline=1 (images, PDF, plain text). */
  previewable: boolean;
}

export interface Evidence {
  id: string;
  title: string;
  description: string;
  kind: EvidenceKind;
  source: EvidenceSource;
  file: EvidenceFile | null;
  url: string | null;
  statement: string | null;
  collectedBy: EvidencePerson | null;
  collectedAt: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  chainId: string;
  version: number;
  replacesId: string | null;
  supersededById: string | null;
  correctionReason: string | null;
  current: boolean;
  createdAt: string;
  controls: EvidenceControlLink[];
  stale: boolean;
  staleAt: string | null;
}

export interface EvidenceVersion {
  id: string;
  version: number;
  title: string;
  collectedAt: string;
  collectedBy: EvidencePerson | null;
  correctionReason: string | null;
  current: boolean;
  createdAt: string;
}

export interface EvidenceDetail extends Evidence {
  versions: EvidenceVersion[];
}

/** What every kind of submission may say about the evidence (the upload form's shared fields). */
export interface SubmissionMeta {
  description: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  programId: string | null;
  controls: string[];
}
