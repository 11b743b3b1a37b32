import { and, eq, inArray, sql } from "drizzle-orm";
import { loadContent } from "../../content/index.ts";
import type { Actor, OrgActor } from "../../core/actor.ts";
import type { ManualStatus } from "../../core/control-status.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import {
  assessmentAnswers,
  controlStatusEvents,
  programControls,
  remediationItems,
  users,
} from "../../db/schema/index.ts";
import { type Change, change } from "../../kernel/change.ts";
import { badRequest } from "../../platform/errors.ts";
import { createRemediationItems } from "../remediation/public.ts";
import { assessmentAnswered, assessmentImported, controlsChanged } from "./events.ts";
import { scopedCriteria } from "./readiness.ts";
import type { AssessmentInput } from "./schema.ts";
import { loadProgram, orgOf } from "./service.ts";

/** What an answer does to the mapped controls nobody has started on yet: never lowers a status. */
const STATUS_FROM_ANSWER = { yes: "implemented", partly: "in_progress" } as const;
/** The risk a gap found by the self-assessment starts with (people refine it in the plan). */
const GAP_RISK = { no: { likelihood: 3, impact: 4 }, partly: { likelihood: 2, impact: 3 } } as const;

export function createAssessmentService({ db }: { db: Db }) {
  return {
    /** The questionnaire: one question per in-scope criterion, with the current answer. */
    async get(organizationId: string, programId: string) {
      const program = await loadProgram(db, organizationId, programId);
      const content = loadContent();
      const answers = await db
        .select({ a: assessmentAnswers, by: { id: users.id, name: users.name } })
        .from(assessmentAnswers)
        .leftJoin(users, eq(users.id, assessmentAnswers.answeredBy))
        .where(and(eq(assessmentAnswers.organizationId, organizationId), eq(assessmentAnswers.programId, programId)));
      const byCriterion = new Map(answers.map((r) => [r.a.criterionId, r]));
      const questions = scopedCriteria(program.categories)
        .filter((c) => c.inScope)
        .map((c) => {
          const criterion = content.criteriaById.get(c.id)!;
          const r = byCriterion.get(c.id);
          return {
            criterionId: c.id,
            category: c.category,
            title: criterion.title,
            summary: criterion.summary,
            evidence: [...criterion.evidence],
            answer: r
              ? {
                  answer: r.a.answer as "yes" | "partly" | "no",
                  notes: r.a.notes,
                  answeredBy: r.by?.id ? r.by : null,
                  answeredAt: r.a.answeredAt,
                }
              : null,
          };
        });
      return { questions, answered: answers.length, total: questions.length };
    },

    /** Records answers (see recordAnswers). */
    async answer(actor: OrgActor, programId: string, input: AssessmentInput) {
      return change(db, actor, (c) => recordAnswers(c, programId, input.answers));
    },
  };
}

type Answer = AssessmentInput["answers"][number];

/** Writes answers (one per criterion, replacing earlier ones), by the change's actor at its time. */
async function upsertAnswers(c: Change, programId: string, answers: readonly Answer[]) {
  if (!answers.length) return;
  await c.tx
    .insert(assessmentAnswers)
    .values(
      answers.map((a) => ({
        id: newId(),
        organizationId: orgOf(c),
        programId,
        criterionId: a.criterionId,
        answer: a.answer,
        notes: a.notes,
        answeredBy: userOf(c.actor),
        answeredAt: c.now,
      })),
    )
    .onConflictDoUpdate({
      target: [assessmentAnswers.programId, assessmentAnswers.criterionId],
      set: {
        answer: sql`excluded.answer`,
        notes: sql`excluded.notes`,
        answeredBy: sql`excluded.answered_by`,
        answeredAt: sql`excluded.answered_at`,
      },
    });
}

const userOf = (actor: Actor) => (actor.kind === "system" ? null : actor.userId);

/** Refuses a criterion answered twice. */
function checkDistinct(criteria: readonly string[]) {
  const seen = new Set<string>();
  for (const id of criteria) {
    if (seen.has(id)) throw badRequest("duplicate_answer", `Criterion ${id} is answered twice in one submission.`);
    seen.add(id);
  }
}

/** Refuses criteria outside the program's scope. */
function checkInScope(program: { categories: string[] }, criteria: readonly string[]) {
  const inScope = new Set(
    scopedCriteria(program.categories)
      .filter((c) => c.inScope)
      .map((c) => c.id),
  );
  const outside = criteria.filter((id) => !inScope.has(id));
  if (outside.length)
    throw badRequest(
      "criterion_not_in_scope",
      `These criteria are unknown or outside the program's scope: ${outside.join(", ")}.`,
    );
}

/**
 * The self-assessment: records answers. "Yes" and "partly" move mapped controls that are not started to
 * implemented / in progress; "partly" and "no" open a remediation item for the criterion unless an open one from
 * the assessment exists. A command: runs in the caller's change.
 */
export async function recordAnswers(c: Change, programId: string, answers: readonly Answer[]) {
  const { tx, actor } = c;
  const content = loadContent();
  const criteria = answers.map((a) => a.criterionId);
  checkDistinct(criteria);
  checkInScope(await loadProgram(tx, orgOf(c), programId), criteria);
  await upsertAnswers(c, programId, answers);
  const by = actor.kind === "system" ? "Assay" : actor.name;

  const controls = await tx
    .select()
    .from(programControls)
    .where(and(eq(programControls.programId, programId), eq(programControls.applicable, true)));
  const statusChanges: { key: string; status: ManualStatus }[] = [];
  const movedCriteria = new Set<string>();
  for (const a of answers) {
    if (a.answer === "no") continue;
    const status = STATUS_FROM_ANSWER[a.answer];
    const reason = `Self-assessment of ${a.criterionId} answered “${a.answer}” by ${by}.`;
    for (const control of controls) {
      if (control.status !== "not_started" || !control.criteria.includes(a.criterionId)) continue;
      control.status = status;
      await tx
        .update(programControls)
        .set({ status, statusReason: reason, statusSetBy: userOf(actor), statusSetAt: c.now, updatedAt: c.now })
        .where(eq(programControls.id, control.id));
      await tx.insert(controlStatusEvents).values({
        id: newId(),
        organizationId: orgOf(c),
        programId,
        controlId: control.id,
        status,
        reason,
        source: "self_assessment",
        actorId: userOf(actor),
        at: c.now,
      });
      statusChanges.push({ key: control.key, status });
      // A moved control changes every criterion it maps to, not only the one answered.
      for (const id of control.criteria) movedCriteria.add(id);
    }
  }

  const gapAnswers = answers.filter((a) => a.answer !== "yes");
  const open = gapAnswers.length
    ? await tx
        .select({ criteria: remediationItems.criteria })
        .from(remediationItems)
        .where(
          and(
            eq(remediationItems.programId, programId),
            eq(remediationItems.source, "self_assessment"),
            inArray(remediationItems.status, ["open", "in_progress"]),
          ),
        )
    : [];
  const covered = new Set(open.flatMap((r) => r.criteria));
  const created = await createRemediationItems(
    c,
    programId,
    gapAnswers
      .filter((a) => !covered.has(a.criterionId))
      .map((a) => {
        const criterion = content.criteriaById.get(a.criterionId)!;
        const pending = controls
          .filter((x) => x.criteria.includes(a.criterionId) && x.status !== "implemented" && x.status !== "operating")
          .map((x) => x.key);
        return {
          title: `${a.criterionId}: ${criterion.title}`,
          gap: `Self-assessment answered “${a.answer}”: ${criterion.summary}${a.notes ? `\n\nNotes: ${a.notes}` : ""}`,
          rootCause: "",
          ...GAP_RISK[a.answer as "no" | "partly"],
          action: pending.length
            ? `Put in place the controls that address ${a.criterionId}: ${pending.join(", ")}.`
            : `Adopt or add a control that addresses ${a.criterionId}.`,
          monitoring: `Readiness of ${a.criterionId} shows “ready” and the evidence auditors expect exists: ${criterion.evidence.join("; ")}.`,
          criteria: [a.criterionId],
          controls: pending,
          source: "self_assessment" as const,
        };
      }),
  );
  await c.emit(assessmentAnswered, {
    id: programId,
    after: {
      answers: answers.map((a) => ({ criterionId: a.criterionId, answer: a.answer })),
      controlsChanged: statusChanges,
      remediationCreated: created.map((r) => r.ref),
    },
  });
  await c.emit(controlsChanged, {
    programId,
    criteria: [...new Set([...criteria, ...movedCriteria])],
  });
  return { controlsChanged: statusChanges, remediationCreated: created };
}

/**
 * Sets the answers as a program folder has them: writes these (a criterion at most once) and removes the answers
 * of `removed`, nothing else (the folder carries control statuses and remediation items itself). Answers move no
 * readiness. A command: runs in the caller's change.
 */
export async function importAnswers(
  c: Change,
  programId: string,
  input: { answers: readonly Answer[]; removed: readonly string[] },
) {
  const criteria = input.answers.map((a) => a.criterionId);
  checkDistinct(criteria);
  checkInScope(await loadProgram(c.tx, orgOf(c), programId), criteria);
  if (input.removed.length)
    await c.tx
      .delete(assessmentAnswers)
      .where(
        and(eq(assessmentAnswers.programId, programId), inArray(assessmentAnswers.criterionId, [...input.removed])),
      );
  await upsertAnswers(c, programId, input.answers);
  await c.emit(assessmentImported, {
    id: programId,
    after: {
      answered: input.answers.map((a) => ({ criterionId: a.criterionId, answer: a.answer })),
      removed: [...input.removed],
    },
  });
}
