import { and, asc, eq, inArray } from "drizzle-orm";
import { type FreshnessFrequency, staleOn, utcDay } from "../../core/freshness.ts";
import type { Db } from "../../db/client.ts";
import { evidence, evidenceBlobs, evidenceControls, programControls, users } from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";
import { isPreviewable } from "./detect.ts";
import type { EvidenceItem, EvidenceKind, EvidenceSource } from "./schema.ts";

export type EvidenceRow = typeof evidence.$inferSelect;
export type BlobRow = typeof evidenceBlobs.$inferSelect;

/** One evidence row with its blob and the person who collected it. */
export interface Joined {
  e: EvidenceRow;
  b: BlobRow | null;
  by: { id: string | null; name: string | null } | null;
}

export interface LinkRow {
  linkId: string;
  evidenceId: string;
  programId: string;
  controlId: string;
  key: string;
  name: string;
  frequency: string;
  /** The control's freshness override (days), null when it has none. */
  freshnessOverrideDays: number | null;
  linkedAt: Date;
}

export const joinedColumns = { e: evidence, b: evidenceBlobs, by: { id: users.id, name: users.name } };

export function selectJoined(db: Db) {
  return db
    .select(joinedColumns)
    .from(evidence)
    .leftJoin(evidenceBlobs, eq(evidenceBlobs.id, evidence.blobId))
    .leftJoin(users, eq(users.id, evidence.collectedBy));
}

/** An evidence record of the organization (404 otherwise, also for another organization's ids). */
export async function loadEvidence(db: Db, organizationId: string, id: string): Promise<Joined> {
  const [row] = await selectJoined(db).where(and(eq(evidence.organizationId, organizationId), eq(evidence.id, id)));
  if (!row) throw notFound("The evidence");
  return row;
}

/** The control links of some evidence records, by evidence id. */
export async function linksOf(db: Db, organizationId: string, evidenceIds: string[]) {
  const byEvidence = new Map<string, LinkRow[]>();
  if (!evidenceIds.length) return byEvidence;
  const rows = await db
    .select({
      linkId: evidenceControls.id,
      evidenceId: evidenceControls.evidenceId,
      programId: evidenceControls.programId,
      controlId: evidenceControls.controlId,
      key: programControls.key,
      name: programControls.name,
      frequency: programControls.frequency,
      freshnessOverrideDays: programControls.freshnessOverrideDays,
      linkedAt: evidenceControls.linkedAt,
    })
    .from(evidenceControls)
    .innerJoin(programControls, eq(programControls.id, evidenceControls.controlId))
    .where(and(eq(evidenceControls.organizationId, organizationId), inArray(evidenceControls.evidenceId, evidenceIds)))
    .orderBy(asc(programControls.key), asc(evidenceControls.linkedAt));
  for (const r of rows) byEvidence.set(r.evidenceId, [...(byEvidence.get(r.evidenceId) ?? []), r]);
  return byEvidence;
}

const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);

export function toItem({ e, b, by }: Joined, links: LinkRow[], now = new Date()): EvidenceItem {
  const current = e.supersededById === null;
  const today = utcDay(now);
  const controls = links.map((l) => {
    const day = current
      ? staleOn(
          { frequency: l.frequency as FreshnessFrequency, overrideDays: l.freshnessOverrideDays },
          { collectedAt: e.collectedAt, effectiveTo: e.effectiveTo, source: e.source },
        )
      : null;
    return {
      linkId: l.linkId,
      programId: l.programId,
      key: l.key,
      name: l.name,
      frequency: l.frequency as EvidenceItem["controls"][number]["frequency"],
      staleAt: day ? dayStart(day) : null,
      stale: day !== null && today >= day,
      linkedAt: l.linkedAt,
    };
  });
  const clocked = controls.filter((c) => c.staleAt !== null);
  const staleAt = clocked.length ? new Date(Math.max(...clocked.map((c) => c.staleAt!.getTime()))) : null;
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    kind: e.kind as EvidenceKind,
    source: e.source as EvidenceSource,
    file: b
      ? {
          name: e.fileName ?? "evidence",
          sha256: b.sha256,
          size: b.size,
          mimeType: b.mimeType,
          previewable: isPreviewable(b.mimeType),
        }
      : null,
    url: e.url,
    statement: e.statement,
    collectedBy: by?.id ? { id: by.id, name: by.name ?? "" } : null,
    collectedAt: e.collectedAt,
    effectiveFrom: e.effectiveFrom,
    effectiveTo: e.effectiveTo,
    chainId: e.chainId,
    version: e.version,
    replacesId: e.replacesId,
    supersededById: e.supersededById,
    correctionReason: e.correctionReason,
    current,
    createdAt: e.createdAt,
    controls,
    stale: staleAt !== null && now.getTime() >= staleAt.getTime(),
    staleAt,
  };
}
