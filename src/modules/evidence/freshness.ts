import { and, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { type Freshness, type FreshnessEvidence, type FreshnessFrequency, freshness } from "../../core/freshness.ts";
import type { Db } from "../../db/client.ts";
import { evidence, evidenceControls, programControls } from "../../db/schema/index.ts";

export type ControlFreshness = Freshness;

/**
 * The freshness of each control's evidence in a program (all controls, or those named), by control key: how many
 * current (not superseded) pieces of evidence are linked, the latest collection, when it goes or went stale, when
 * to remind the owner, whether it is stale at `now`, and why (core/freshness.ts has the rule). Controls without
 * evidence are in the map with `state: "missing"`, `stale: false` and `count: 0`.
 */
export async function evidenceFreshness(
  db: Db,
  organizationId: string,
  programId: string,
  controlKeys?: readonly string[],
  now: Date = new Date(),
): Promise<Map<string, ControlFreshness>> {
  const result = new Map<string, ControlFreshness>();
  if (controlKeys && controlKeys.length === 0) return result;
  const controlWhere: SQL[] = [
    eq(programControls.organizationId, organizationId),
    eq(programControls.programId, programId),
  ];
  if (controlKeys) controlWhere.push(inArray(programControls.key, [...controlKeys]));
  const controls = await db
    .select({
      id: programControls.id,
      key: programControls.key,
      frequency: programControls.frequency,
      overrideDays: programControls.freshnessOverrideDays,
    })
    .from(programControls)
    .where(and(...controlWhere));
  if (!controls.length) return result;
  const linked = await db
    .select({
      controlId: evidenceControls.controlId,
      collectedAt: evidence.collectedAt,
      effectiveTo: evidence.effectiveTo,
      source: evidence.source,
    })
    .from(evidenceControls)
    .innerJoin(evidence, eq(evidence.id, evidenceControls.evidenceId))
    .where(
      and(
        eq(evidenceControls.organizationId, organizationId),
        eq(evidenceControls.programId, programId),
        inArray(
          evidenceControls.controlId,
          controls.map((c) => c.id),
        ),
        isNull(evidence.supersededById),
      ),
    );
  const byControl = new Map<string, FreshnessEvidence[]>();
  for (const l of linked) byControl.set(l.controlId, [...(byControl.get(l.controlId) ?? []), l]);
  for (const c of controls)
    result.set(
      c.key,
      freshness(
        { frequency: c.frequency as FreshnessFrequency, overrideDays: c.overrideDays },
        byControl.get(c.id) ?? [],
        now,
      ),
    );
  return result;
}
