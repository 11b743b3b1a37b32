/** Writing continuity records: plans and their reviews, recovery objectives, test records. */
import { and, eq, inArray } from "drizzle-orm";
import { subjectOf } from "../../core/actor.ts";
import { CONTINUITY_CONTROL_KEYS, CONTINUITY_MONTHS, toMinutes } from "../../core/continuity.ts";
import { addMonths, utcDay } from "../../core/dates.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import {
  continuityPlans,
  continuityTestSystems,
  continuityTests,
  recoveryObjectives,
  remediationItems,
} from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { AppError, badRequest, conflict, notFound } from "../../platform/errors.ts";
import { assertMembers, loadAssets } from "../assets/public.ts";
import { proofFileOf } from "../evidence/public.ts";
import { controlInputsChanged } from "../programs/events.ts";
import { unlinkRecord } from "../registers/public.ts";
import {
  objectiveDeleted,
  objectiveSet,
  planCreated,
  planDeleted,
  planReviewed,
  planUpdated,
  testDeleted,
  testRecorded,
  testUpdated,
} from "./events.ts";
import { loadObjective, loadPlan, loadTest } from "./queries.ts";
import type { ObjectiveInput, ObjectivePatch, PlanInput, PlanPatch, TestInput, TestPatch } from "./schema.ts";

const controlsMoved = (c: Change) => c.emit(controlInputsChanged, { keys: [...CONTINUITY_CONTROL_KEYS] });
const userOf = (c: Change) => (c.actor.kind === "system" ? null : c.actor.userId);
const subject = (c: Change) => (c.actor.kind === "system" ? null : subjectOf(c.actor));

/** The evidence item as proof: in this organization's library and visible to whoever records it. */
async function proof(c: Change, evidenceId: string | null | undefined) {
  return evidenceId ? (await proofFileOf(c.tx, c.organizationId!, subject(c), evidenceId)).id : null;
}

function assertPlanDates(lastReviewedOn: string | null, nextReviewOn: string | null, today: string) {
  if (lastReviewedOn && lastReviewedOn > today)
    throw badRequest(
      "review_in_future",
      `The last review date ${lastReviewedOn} is in the future: record a review once it is done.`,
    );
  if (lastReviewedOn && nextReviewOn && nextReviewOn <= lastReviewedOn)
    throw badRequest(
      "dates_out_of_order",
      `The next review (${nextReviewOn}) must come after the last review (${lastReviewedOn}).`,
    );
}

const planNameTaken = (name: string) =>
  conflict("plan_name_taken", `There is already a plan named “${name}”: give this one another name.`);
function asPlanConflict(err: unknown, name: string) {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === "23505") return planNameTaken(name);
  return err;
}

const planRecord = (p: Record<string, unknown>) => ({
  name: p.name,
  kind: p.kind,
  description: p.description ?? null,
  ownerUserId: p.ownerUserId ?? null,
  documentUrl: p.documentUrl ?? null,
  evidenceId: p.evidenceId ?? null,
  lastReviewedOn: p.lastReviewedOn ?? null,
  nextReviewOn: p.nextReviewOn ?? null,
});

export async function createPlan(c: Change, input: PlanInput) {
  const organizationId = c.organizationId!;
  const today = utcDay(c.now);
  await assertMembers(c.tx, organizationId, [input.ownerUserId]);
  const lastReviewedOn = input.lastReviewedOn ?? null;
  const nextReviewOn = input.nextReviewOn ?? (lastReviewedOn ? addMonths(lastReviewedOn, CONTINUITY_MONTHS) : null);
  assertPlanDates(lastReviewedOn, nextReviewOn, today);
  const values = {
    id: newId(),
    organizationId,
    name: input.name,
    kind: input.kind,
    description: input.description || null,
    ownerUserId: input.ownerUserId ?? null,
    documentUrl: input.documentUrl ?? null,
    evidenceId: await proof(c, input.evidenceId),
    lastReviewedOn,
    nextReviewOn,
    createdBy: userOf(c),
    createdAt: c.now,
    updatedAt: c.now,
  };
  try {
    await c.tx.insert(continuityPlans).values(values);
  } catch (err) {
    throw asPlanConflict(err, input.name);
  }
  await c.emit(planCreated, { id: values.id, after: planRecord(values) });
  await controlsMoved(c);
  return loadPlan(c.tx, organizationId, values.id, c.now);
}

export async function updatePlan(c: Change, id: string, patch: PlanPatch) {
  const organizationId = c.organizationId!;
  const before = await loadPlan(c.tx, organizationId, id, c.now);
  await assertMembers(c.tx, organizationId, [patch.ownerUserId]);
  const old = planRecord(before) as Record<string, unknown>;
  const next = planRecord({
    ...before,
    ...patch,
    evidenceId: patch.evidenceId === undefined ? before.evidenceId : await proof(c, patch.evidenceId),
  }) as Record<string, unknown>;
  if (next.description === "") next.description = null;
  assertPlanDates(next.lastReviewedOn as string | null, next.nextReviewOn as string | null, utcDay(c.now));
  const changed = Object.keys(next).filter((k) => next[k] !== old[k]);
  if (!changed.length) return before;
  const set = Object.fromEntries(changed.map((k) => [k, next[k]]));
  try {
    await c.tx
      .update(continuityPlans)
      .set({ ...set, updatedAt: c.now })
      .where(and(eq(continuityPlans.organizationId, organizationId), eq(continuityPlans.id, id)));
  } catch (err) {
    throw asPlanConflict(err, String(next.name));
  }
  await c.emit(planUpdated, {
    id,
    before: { name: before.name, ...Object.fromEntries(changed.map((k) => [k, old[k]])) },
    after: { name: next.name, ...set },
  });
  await controlsMoved(c);
  return loadPlan(c.tx, organizationId, id, c.now);
}

/** The plan reviewed and approved: on `reviewedOn` (today by default), next review 12 months later unless given. */
export async function reviewPlan(c: Change, id: string, body: { reviewedOn?: string; nextReviewOn?: string }) {
  const organizationId = c.organizationId!;
  const before = await loadPlan(c.tx, organizationId, id, c.now);
  const reviewedOn = body.reviewedOn ?? utcDay(c.now);
  const nextReviewOn = body.nextReviewOn ?? addMonths(reviewedOn, CONTINUITY_MONTHS);
  assertPlanDates(reviewedOn, nextReviewOn, utcDay(c.now));
  await c.tx
    .update(continuityPlans)
    .set({ lastReviewedOn: reviewedOn, nextReviewOn, updatedAt: c.now })
    .where(and(eq(continuityPlans.organizationId, organizationId), eq(continuityPlans.id, id)));
  await c.emit(planReviewed, {
    id,
    before: { name: before.name, lastReviewedOn: before.lastReviewedOn, nextReviewOn: before.nextReviewOn },
    after: { name: before.name, lastReviewedOn: reviewedOn, nextReviewOn },
  });
  await controlsMoved(c);
  return loadPlan(c.tx, organizationId, id, c.now);
}

export async function deletePlan(c: Change, id: string) {
  const organizationId = c.organizationId!;
  const before = await loadPlan(c.tx, organizationId, id, c.now);
  const [used] = await c.tx
    .select({ id: continuityTests.id })
    .from(continuityTests)
    .where(and(eq(continuityTests.organizationId, organizationId), eq(continuityTests.planId, id)))
    .limit(1);
  if (used)
    throw new AppError(
      409,
      "plan_in_use",
      `“${before.name}” cannot be removed: test records name it. Keep it, and record its review instead.`,
    );
  await unlinkRecord(c, "continuity_plan", id);
  await c.tx
    .delete(continuityPlans)
    .where(and(eq(continuityPlans.organizationId, organizationId), eq(continuityPlans.id, id)));
  await c.emit(planDeleted, { id, before: planRecord(before) });
  await controlsMoved(c);
}

const minutes = (d: { value: number; unit: "minutes" | "hours" } | null | undefined) =>
  d ? Math.max(1, toMinutes(d.value, d.unit)) : null;

/** The asset, which must be a system or a data store of this organization's inventory. */
async function recoverable(c: Change, assetId: string) {
  const [asset] = await loadAssets(c.tx, c.organizationId!, [assetId]);
  if (!asset)
    throw badRequest("unknown_asset", "That system is not in your asset inventory: choose one from the list.");
  if (asset.kind !== "system" && asset.kind !== "data_store")
    throw badRequest(
      "not_a_system",
      `“${asset.name}” is not a system or a data store: recovery objectives are set for what must be restored.`,
    );
  return asset;
}

export async function createObjective(c: Change, input: ObjectiveInput) {
  const organizationId = c.organizationId!;
  const asset = await recoverable(c, input.assetId);
  const rtoMinutes = minutes(input.rto);
  const rpoMinutes = minutes(input.rpo);
  if (rtoMinutes === null && rpoMinutes === null)
    throw badRequest("objective_empty", "Give a recovery time objective, a recovery point objective, or both.");
  const [existing] = await c.tx
    .select({ id: recoveryObjectives.id })
    .from(recoveryObjectives)
    .where(and(eq(recoveryObjectives.organizationId, organizationId), eq(recoveryObjectives.assetId, asset.id)));
  if (existing)
    throw conflict("objective_exists", `“${asset.name}” already has recovery objectives: change them instead.`);
  const id = newId();
  await c.tx.insert(recoveryObjectives).values({
    id,
    organizationId,
    assetId: asset.id,
    rtoMinutes,
    rpoMinutes,
    notes: input.notes || null,
    createdAt: c.now,
    updatedAt: c.now,
  });
  await c.emit(objectiveSet, { id, after: { name: asset.name, rtoMinutes, rpoMinutes } });
  await controlsMoved(c);
  return loadObjective(c.tx, organizationId, id);
}

export async function updateObjective(c: Change, id: string, patch: ObjectivePatch) {
  const organizationId = c.organizationId!;
  const before = await loadObjective(c.tx, organizationId, id);
  const rtoMinutes = patch.rto === undefined ? before.rtoMinutes : minutes(patch.rto);
  const rpoMinutes = patch.rpo === undefined ? before.rpoMinutes : minutes(patch.rpo);
  if (rtoMinutes === null && rpoMinutes === null)
    throw badRequest(
      "objective_empty",
      "Keep a recovery time objective, a recovery point objective, or both (or remove the objectives).",
    );
  const notes = patch.notes === undefined ? before.notes : patch.notes || null;
  await c.tx
    .update(recoveryObjectives)
    .set({ rtoMinutes, rpoMinutes, notes, updatedAt: c.now })
    .where(and(eq(recoveryObjectives.organizationId, organizationId), eq(recoveryObjectives.id, id)));
  await c.emit(objectiveSet, {
    id,
    before: { name: before.assetName, rtoMinutes: before.rtoMinutes, rpoMinutes: before.rpoMinutes },
    after: { name: before.assetName, rtoMinutes, rpoMinutes },
  });
  await controlsMoved(c);
  return loadObjective(c.tx, organizationId, id);
}

export async function deleteObjective(c: Change, id: string) {
  const organizationId = c.organizationId!;
  const before = await loadObjective(c.tx, organizationId, id);
  await c.tx
    .delete(recoveryObjectives)
    .where(and(eq(recoveryObjectives.organizationId, organizationId), eq(recoveryObjectives.id, id)));
  await c.emit(objectiveDeleted, {
    id,
    before: { name: before.assetName, rtoMinutes: before.rtoMinutes, rpoMinutes: before.rpoMinutes },
  });
  await controlsMoved(c);
}

async function assertRemediationItem(db: Db, organizationId: string, id: string | null | undefined) {
  if (!id) return null;
  const [row] = await db
    .select({ id: remediationItems.id })
    .from(remediationItems)
    .where(and(eq(remediationItems.organizationId, organizationId), eq(remediationItems.id, id)));
  if (!row)
    throw badRequest(
      "unknown_remediation_item",
      "That remediation item is not in your programs: choose one from the list.",
    );
  return row.id;
}

/** Checks a test's fields against the organization; answers the covered assets and the current objectives. */
async function checkTest(c: Change, input: TestInput) {
  const organizationId = c.organizationId!;
  if (input.performedOn > utcDay(c.now))
    throw badRequest(
      "test_in_future",
      `The test date ${input.performedOn} is in the future: record a test once it has run.`,
    );
  const assetIds = [...new Set(input.assetIds)];
  const covered = await loadAssets(c.tx, organizationId, assetIds);
  if (covered.length !== assetIds.length)
    throw badRequest("unknown_asset", "A system the test covers is not in your asset inventory: choose from the list.");
  if (input.kind === "restore_test" && !assetIds.length)
    throw badRequest("no_systems", "Say which systems or data stores the restore test covered.");
  if (input.planId)
    await loadPlan(c.tx, organizationId, input.planId, c.now).catch(() => {
      throw badRequest("unknown_plan", "That plan is not in your continuity register: choose one from the list.");
    });
  const objectives = assetIds.length
    ? await c.tx.select().from(recoveryObjectives).where(eq(recoveryObjectives.organizationId, organizationId))
    : [];
  return { covered, objectiveOf: new Map(objectives.map((o) => [o.assetId, o])) };
}

type TestView = Awaited<ReturnType<typeof loadTest>>;
const testLedger = (t: TestView) => ({
  kind: t.kind,
  performedOn: t.performedOn,
  result: t.result,
  outcome: t.outcome,
  systems: t.systems.map((s) => s.name),
  recoveryMinutes: t.recoveryMinutes,
  dataLossMinutes: t.dataLossMinutes,
});

export async function recordTest(c: Change, input: TestInput) {
  const organizationId = c.organizationId!;
  const { covered, objectiveOf } = await checkTest(c, input);
  const id = newId();
  const values = {
    id,
    organizationId,
    kind: input.kind,
    performedOn: input.performedOn,
    scenario: input.scenario,
    result: input.result,
    recoveryMinutes: input.recoveryTime ? toMinutes(input.recoveryTime.value, input.recoveryTime.unit) : null,
    dataLossMinutes: input.dataLoss ? toMinutes(input.dataLoss.value, input.dataLoss.unit) : null,
    findings: input.findings || null,
    planId: input.planId ?? null,
    evidenceId: await proof(c, input.evidenceId),
    remediationItemId: await assertRemediationItem(c.tx, organizationId, input.remediationItemId),
    createdBy: userOf(c),
    createdAt: c.now,
  };
  await c.tx.insert(continuityTests).values(values);
  if (covered.length)
    await c.tx.insert(continuityTestSystems).values(
      covered.map((a) => ({
        organizationId,
        testId: id,
        assetId: a.id,
        rtoMinutes: objectiveOf.get(a.id)?.rtoMinutes ?? null,
        rpoMinutes: objectiveOf.get(a.id)?.rpoMinutes ?? null,
      })),
    );
  const test = await loadTest(c.tx, organizationId, id);
  await c.emit(testRecorded, { id, after: testLedger(test) });
  await controlsMoved(c);
  return test;
}

/**
 * Corrects a test record. The systems it already covered keep the objectives they had when it was recorded; a
 * system added now takes its current objectives. The outcome is judged again from the corrected figures.
 */
export async function updateTest(c: Change, id: string, patch: TestPatch) {
  const organizationId = c.organizationId!;
  const before = await loadTest(c.tx, organizationId, id);
  const minutesOf = (d: { value: number; unit: "minutes" | "hours" } | null | undefined, was: number | null) =>
    d === undefined ? was : d === null ? null : toMinutes(d.value, d.unit);
  const merged: TestInput = {
    kind: patch.kind ?? before.kind,
    performedOn: patch.performedOn ?? before.performedOn,
    scenario: patch.scenario ?? before.scenario,
    result: patch.result ?? before.result,
    assetIds: patch.assetIds ?? before.systems.map((s) => s.assetId),
    findings: patch.findings === undefined ? before.findings : patch.findings,
    planId: patch.planId === undefined ? before.planId : patch.planId,
    evidenceId: patch.evidenceId === undefined ? before.evidenceId : patch.evidenceId,
    remediationItemId: patch.remediationItemId === undefined ? before.remediationItemId : patch.remediationItemId,
  };
  const { covered, objectiveOf } = await checkTest(c, merged);
  await c.tx
    .update(continuityTests)
    .set({
      kind: merged.kind,
      performedOn: merged.performedOn,
      scenario: merged.scenario,
      result: merged.result,
      recoveryMinutes: minutesOf(patch.recoveryTime, before.recoveryMinutes),
      dataLossMinutes: minutesOf(patch.dataLoss, before.dataLossMinutes),
      findings: merged.findings || null,
      planId: merged.planId ?? null,
      evidenceId: patch.evidenceId === undefined ? before.evidenceId : await proof(c, patch.evidenceId),
      remediationItemId:
        patch.remediationItemId === undefined
          ? before.remediationItemId
          : await assertRemediationItem(c.tx, organizationId, patch.remediationItemId),
    })
    .where(and(eq(continuityTests.organizationId, organizationId), eq(continuityTests.id, id)));
  if (patch.assetIds) {
    const kept = new Set(before.systems.map((s) => s.assetId));
    const wanted = new Set(covered.map((a) => a.id));
    const gone = [...kept].filter((a) => !wanted.has(a));
    if (gone.length)
      await c.tx
        .delete(continuityTestSystems)
        .where(
          and(
            eq(continuityTestSystems.organizationId, organizationId),
            eq(continuityTestSystems.testId, id),
            inArray(continuityTestSystems.assetId, gone),
          ),
        );
    const added = covered.filter((a) => !kept.has(a.id));
    if (added.length)
      await c.tx.insert(continuityTestSystems).values(
        added.map((a) => ({
          organizationId,
          testId: id,
          assetId: a.id,
          rtoMinutes: objectiveOf.get(a.id)?.rtoMinutes ?? null,
          rpoMinutes: objectiveOf.get(a.id)?.rpoMinutes ?? null,
        })),
      );
  }
  const after = await loadTest(c.tx, organizationId, id);
  const was = testLedger(before);
  const now = testLedger(after);
  const changed = (Object.keys(now) as (keyof typeof now)[]).filter(
    (k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]),
  );
  const textChanged = before.scenario !== after.scenario || before.findings !== after.findings;
  if (!changed.length && !textChanged && before.planId === after.planId && before.evidenceId === after.evidenceId)
    return after;
  await c.emit(testUpdated, {
    id,
    before: {
      ...Object.fromEntries(changed.map((k) => [k, was[k]])),
      ...(textChanged ? { scenario: before.scenario, findings: before.findings } : {}),
    },
    after: {
      kind: after.kind,
      performedOn: after.performedOn,
      ...Object.fromEntries(changed.map((k) => [k, now[k]])),
      ...(textChanged ? { scenario: after.scenario, findings: after.findings } : {}),
    },
  });
  await controlsMoved(c);
  return after;
}

export async function deleteTest(c: Change, id: string) {
  const organizationId = c.organizationId!;
  const before = await loadTest(c.tx, organizationId, id);
  await unlinkRecord(c, "continuity_test", id);
  await c.tx
    .delete(continuityTestSystems)
    .where(and(eq(continuityTestSystems.organizationId, organizationId), eq(continuityTestSystems.testId, id)));
  const gone = await c.tx
    .delete(continuityTests)
    .where(and(eq(continuityTests.organizationId, organizationId), eq(continuityTests.id, id)))
    .returning({ id: continuityTests.id });
  if (!gone.length) throw notFound("The test");
  await c.emit(testDeleted, {
    id,
    before: {
      kind: before.kind,
      performedOn: before.performedOn,
      result: before.result,
      systems: before.systems.map((s) => s.name),
    },
  });
  await controlsMoved(c);
}
