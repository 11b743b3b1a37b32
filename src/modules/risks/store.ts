/**
 * Writing the register: create, update, delete one risk, and add risks from the starter library. Every command runs
 * in a change, checks the record rules of core/risks.ts against the organization's scales, and emits its event.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { loadRiskLibrary } from "../../content/index.ts";
import { newId } from "../../core/id.ts";
import { type RiskFacts, type RiskScales, riskRules } from "../../core/risks.ts";
import type { Db } from "../../db/client.ts";
import { risks } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest, conflict, notFound } from "../../platform/errors.ts";
import { checkMember } from "../programs/public.ts";
import { unlinkRecord } from "../registers/public.ts";
import { riskCreated, riskDeleted, riskUpdated } from "./events.ts";
import { loadRisk, REGISTER, type RiskRow } from "./queries.ts";
import type { RiskInput, RiskPatch } from "./schema.ts";
import { loadScales } from "./settings.ts";

const RULE_CODES: [keyof typeof riskRules, string][] = [
  ["onScale", "rating_off_scale"],
  ["residualComplete", "residual_incomplete"],
  ["residualWithinInherent", "residual_exceeds_inherent"],
  ["acceptJustified", "acceptance_unjustified"],
];

/** 400 with the first record rule the risk breaks. */
export function assertRiskValid(r: RiskFacts, scales: RiskScales) {
  for (const [rule, code] of RULE_CODES) {
    const reason = riskRules[rule](r, scales);
    if (reason) throw badRequest(code, reason);
  }
}

async function assertTitleFree(db: Db, organizationId: string, title: string, except?: string) {
  const [row] = await db
    .select({ id: risks.id })
    .from(risks)
    .where(and(eq(risks.organizationId, organizationId), sql`lower(${risks.title}) = ${title.toLowerCase()}`));
  if (row && row.id !== except)
    throw conflict(
      "duplicate_risk",
      `A risk titled “${title}” is already in the register: open it or pick another title.`,
    );
}

/** The fields stored and ledgered (what a person entered). */
const recorded = (r: RiskRow) => ({
  title: r.title,
  description: r.description,
  category: r.category,
  type: r.type,
  ownerUserId: r.ownerUserId,
  likelihood: r.likelihood,
  impact: r.impact,
  residualLikelihood: r.residualLikelihood,
  residualImpact: r.residualImpact,
  treatment: r.treatment,
  treatmentPlan: r.treatmentPlan,
  status: r.status,
  reviewDate: r.reviewDate,
});

/** Inserts a risk whose input is already checked (the import and the library check in bulk first); the import emits one event for the file instead of one per risk. */
export async function insertRisk(
  c: Change,
  input: RiskInput,
  libraryId: string | null = null,
  opts: { emit?: boolean } = {},
): Promise<RiskRow> {
  const [row] = await c.tx
    .insert(risks)
    .values({
      id: newId(),
      organizationId: c.organizationId!,
      title: input.title,
      description: input.description ?? null,
      category: input.category ?? null,
      type: input.type,
      ownerUserId: input.ownerUserId ?? null,
      likelihood: input.likelihood,
      impact: input.impact,
      residualLikelihood: input.residualLikelihood ?? null,
      residualImpact: input.residualImpact ?? null,
      treatment: input.treatment ?? null,
      treatmentPlan: input.treatmentPlan ?? null,
      status: input.status ?? "open",
      reviewDate: input.reviewDate ?? null,
      libraryId,
      createdBy: c.actor.kind === "system" ? null : c.actor.userId,
      createdAt: c.now,
      updatedAt: c.now,
    })
    .returning();
  if (opts.emit !== false) await c.emit(riskCreated, { id: row!.id, after: { ...recorded(row!), libraryId } });
  return row!;
}

const factsOf = (r: RiskInput): RiskFacts => ({
  likelihood: r.likelihood,
  impact: r.impact,
  residualLikelihood: r.residualLikelihood ?? null,
  residualImpact: r.residualImpact ?? null,
  treatment: r.treatment ?? null,
  treatmentPlan: r.treatmentPlan ?? null,
});

export async function createRisk(c: Change, input: RiskInput) {
  const organizationId = c.organizationId!;
  const { scales } = await loadScales(c.tx, organizationId);
  assertRiskValid(factsOf(input), scales);
  await checkMember(c.tx, organizationId, input.ownerUserId);
  await assertTitleFree(c.tx, organizationId, input.title);
  const row = await insertRisk(c, input);
  return loadRisk(c.tx, organizationId, row.id, c.now);
}

async function lockedRisk(c: Change, id: string): Promise<RiskRow> {
  const [row] = await c.tx
    .select()
    .from(risks)
    .where(and(eq(risks.organizationId, c.organizationId!), eq(risks.id, id)))
    .for("update");
  if (!row) throw notFound("The risk");
  return row;
}

export async function updateRisk(c: Change, id: string, patch: RiskPatch) {
  const organizationId = c.organizationId!;
  const row = await lockedRisk(c, id);
  const before = recorded(row);
  const next = { ...before } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) next[k] = v;
  const merged = next as typeof before;
  const { scales } = await loadScales(c.tx, organizationId);
  assertRiskValid(merged, scales);
  if (patch.ownerUserId) await checkMember(c.tx, organizationId, patch.ownerUserId);
  if (patch.title && patch.title.toLowerCase() !== row.title.toLowerCase())
    await assertTitleFree(c.tx, organizationId, patch.title, id);
  const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== merged[k]);
  if (changed.length) {
    await c.tx
      .update(risks)
      .set({ ...merged, updatedAt: c.now })
      .where(and(eq(risks.organizationId, organizationId), eq(risks.id, id)));
    await c.emit(riskUpdated, {
      id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: { title: merged.title, ...Object.fromEntries(changed.map((k) => [k, merged[k]])) },
    });
  }
  return loadRisk(c.tx, organizationId, id, c.now);
}

export async function deleteRisk(c: Change, id: string) {
  const row = await lockedRisk(c, id);
  await unlinkRecord(c, REGISTER, id);
  await c.tx.delete(risks).where(and(eq(risks.organizationId, c.organizationId!), eq(risks.id, id)));
  await c.emit(riskDeleted, { id, before: recorded(row) });
}

/** Adds the chosen library risks (their suggested rating and treatment); titles already in the register are skipped. */
export async function addFromLibrary(c: Change, ids: readonly string[]) {
  const organizationId = c.organizationId!;
  const library = new Map(loadRiskLibrary().map((r) => [r.id, r]));
  const unknown = ids.filter((id) => !library.has(id));
  if (unknown.length) throw badRequest("unknown_library_risk", `The library has no risk “${unknown[0]}”.`);
  const { scales } = await loadScales(c.tx, organizationId);
  const chosen = [...new Set(ids)].map((id) => library.get(id)!);
  const existing = new Set(
    (
      await c.tx
        .select({ title: risks.title })
        .from(risks)
        .where(
          and(
            eq(risks.organizationId, organizationId),
            inArray(
              sql`lower(${risks.title})`,
              chosen.map((r) => r.title.toLowerCase()),
            ),
          ),
        )
    ).map((r) => r.title.toLowerCase()),
  );
  const created: string[] = [];
  const skipped: string[] = [];
  // The library rates on a 5×5 scale: smaller scales get the rating scaled down.
  const scaleDown = (v: number, n: number) => Math.max(1, Math.min(n, Math.round((v * n) / 5)));
  for (const r of chosen) {
    if (existing.has(r.title.toLowerCase())) {
      skipped.push(r.title);
      continue;
    }
    const input: RiskInput = {
      title: r.title,
      description: r.description,
      category: r.category,
      type: r.type,
      likelihood: scaleDown(r.likelihood, scales.likelihood.length),
      impact: scaleDown(r.impact, scales.impact.length),
      treatment: r.treatment,
      treatmentPlan: null,
    };
    const row = await insertRisk(c, input, r.id);
    created.push(row.id);
  }
  return {
    created: await Promise.all(created.map((id) => loadRisk(c.tx, organizationId, id, c.now))),
    skipped,
  };
}
