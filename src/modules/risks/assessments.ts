/**
 * The annual risk assessment: started (one at a time), named and noted while the register is reviewed, then
 * completed — which freezes a snapshot of every risk with the scales used. A completed assessment never changes;
 * its PDF report is drawn from the snapshot.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { newId } from "../../core/id.ts";
import { assessmentFrozen, signOffRefusal } from "../../core/risks.ts";
import type { Db } from "../../db/client.ts";
import { riskAssessments, users } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.ts";
import {
  riskAssessmentCompleted,
  riskAssessmentSignedOff,
  riskAssessmentStarted,
  riskAssessmentUpdated,
} from "./events.ts";
import { allRisks } from "./queries.ts";
import type { Snapshot } from "./schema.ts";

type Row = typeof riskAssessments.$inferSelect;

/** User id → name, for who started, completed and signed off. */
async function namesOf(db: Db, rows: readonly Row[]) {
  const ids = [...new Set(rows.flatMap((r) => [r.startedBy, r.completedBy, r.signedOffBy]).filter((i) => i !== null))];
  const found = ids.length
    ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))
    : [];
  const map = new Map(found.map((u) => [u.id, u.name]));
  return (id: string | null) => (id ? (map.get(id) ?? null) : null);
}

const view = (r: Row, name: (id: string | null) => string | null) => {
  const snapshot = (r.snapshot as Snapshot | null) ?? null;
  return {
    ...r,
    startedByName: name(r.startedBy),
    completedByName: name(r.completedBy),
    signedOffByName: name(r.signedOffBy),
    snapshot,
    riskCount: snapshot ? snapshot.risks.length : null,
  };
};

export async function listAssessments(db: Db, organizationId: string) {
  const rows = await db
    .select()
    .from(riskAssessments)
    .where(eq(riskAssessments.organizationId, organizationId))
    .orderBy(desc(riskAssessments.startedAt), desc(riskAssessments.id));
  const name = await namesOf(db, rows);
  // The list leaves the snapshots out (they can be large).
  return { items: rows.map((r) => ({ ...view(r, name), snapshot: undefined })) };
}

export async function loadAssessment(db: Db, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(riskAssessments)
    .where(and(eq(riskAssessments.organizationId, organizationId), eq(riskAssessments.id, id)));
  if (!row) throw notFound("The risk assessment");
  return view(row, await namesOf(db, [row]));
}

/** Every completed assessment (without its snapshot), for RSK-02: which are signed off, and when. */
export async function completedAssessments(db: Db, organizationId: string) {
  const rows = await db
    .select({
      name: riskAssessments.name,
      completedAt: riskAssessments.completedAt,
      signedOffAt: riskAssessments.signedOffAt,
    })
    .from(riskAssessments)
    .where(and(eq(riskAssessments.organizationId, organizationId), eq(riskAssessments.status, "completed")));
  return rows.flatMap((r) => (r.completedAt ? [{ ...r, completedAt: r.completedAt }] : []));
}

/** The last completed assessment, for the control checks. */
export async function lastCompleted(db: Db, organizationId: string) {
  const [row] = await db
    .select()
    .from(riskAssessments)
    .where(and(eq(riskAssessments.organizationId, organizationId), eq(riskAssessments.status, "completed")))
    .orderBy(desc(riskAssessments.completedAt))
    .limit(1);
  return row ?? null;
}

export async function startAssessment(c: Change, input: { name: string; period: string; notes?: string | null }) {
  const organizationId = c.organizationId!;
  const [open] = await c.tx
    .select({ name: riskAssessments.name })
    .from(riskAssessments)
    .where(and(eq(riskAssessments.organizationId, organizationId), eq(riskAssessments.status, "in_progress")));
  if (open)
    throw conflict(
      "assessment_in_progress",
      `The assessment “${open.name}” is still in progress: complete it before starting another.`,
    );
  const userId = c.actor.kind === "system" ? null : c.actor.userId;
  const id = newId();
  await c.tx.insert(riskAssessments).values({
    id,
    organizationId,
    name: input.name,
    period: input.period,
    notes: input.notes ?? null,
    startedBy: userId,
    startedAt: c.now,
  });
  await c.emit(riskAssessmentStarted, { id, after: { name: input.name, period: input.period } });
  return loadAssessment(c.tx, organizationId, id);
}

async function locked(c: Change, id: string) {
  const [row] = await c.tx
    .select()
    .from(riskAssessments)
    .where(and(eq(riskAssessments.organizationId, c.organizationId!), eq(riskAssessments.id, id)))
    .for("update");
  if (!row) throw notFound("The risk assessment");
  const frozen = assessmentFrozen(row.status);
  if (frozen) throw conflict("assessment_completed", frozen);
  return row;
}

export async function updateAssessment(
  c: Change,
  id: string,
  patch: { name?: string; period?: string; notes?: string | null },
) {
  const row = await locked(c, id);
  const before = { name: row.name, period: row.period, notes: row.notes };
  const after = {
    name: patch.name ?? row.name,
    period: patch.period ?? row.period,
    notes: patch.notes === undefined ? row.notes : patch.notes,
  };
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    await c.tx.update(riskAssessments).set(after).where(eq(riskAssessments.id, id));
    await c.emit(riskAssessmentUpdated, { id, before, after });
  }
  return loadAssessment(c.tx, c.organizationId!, id);
}

/** Freezes the register into the assessment and completes it. */
export async function completeAssessment(c: Change, id: string) {
  const row = await locked(c, id);
  const { scales, items } = await allRisks(c.tx, c.organizationId!, { basis: "inherent" }, c.now);
  const snapshot: Snapshot = {
    takenAt: c.now.toISOString(),
    scales,
    risks: items.map((r) => ({
      id: r.id,
      title: r.title,
      type: r.type,
      category: r.category,
      ownerName: r.ownerName,
      likelihood: r.likelihood,
      impact: r.impact,
      score: r.score,
      level: r.level,
      residualLikelihood: r.residualLikelihood,
      residualImpact: r.residualImpact,
      residualScore: r.residualScore,
      residualLevel: r.residualLevel,
      treatment: r.treatment,
      treatmentPlan: r.treatmentPlan,
      treatmentState: r.treatmentState,
      controls: r.controls,
      status: r.status,
      reviewDate: r.reviewDate,
    })),
  };
  const userId = c.actor.kind === "system" ? null : c.actor.userId;
  await c.tx
    .update(riskAssessments)
    .set({ status: "completed", completedAt: c.now, completedBy: userId, snapshot })
    .where(eq(riskAssessments.id, id));
  await c.emit(riskAssessmentCompleted, {
    id,
    after: {
      name: row.name,
      period: row.period,
      risks: snapshot.risks.length,
      fraudRisks: snapshot.risks.filter((r) => r.type === "fraud").length,
    },
  });
  return loadAssessment(c.tx, c.organizationId!, id);
}

/**
 * A second person signs the completed assessment off: never who completed it (403 `self_approval`), once (409
 * `already_signed_off`: of two sign-offs at once, the row lock lets the first win).
 */
export async function signOffAssessment(c: Change, id: string) {
  if (c.actor.kind === "system") throw forbidden("A person signs an assessment off.");
  const [row] = await c.tx
    .select()
    .from(riskAssessments)
    .where(and(eq(riskAssessments.organizationId, c.organizationId!), eq(riskAssessments.id, id)))
    .for("update");
  if (!row) throw notFound("The risk assessment");
  const refusal = signOffRefusal(row, c.actor.userId);
  if (refusal) throw new AppError(refusal.status, refusal.code, refusal.message);
  await c.tx
    .update(riskAssessments)
    .set({ signedOffBy: c.actor.userId, signedOffAt: c.now })
    .where(eq(riskAssessments.id, id));
  await c.emit(riskAssessmentSignedOff, {
    id,
    after: { name: row.name, period: row.period, completedBy: row.completedBy, completedAt: row.completedAt },
  });
  return loadAssessment(c.tx, c.organizationId!, id);
}
