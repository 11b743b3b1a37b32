import { and, eq, inArray, sql } from "drizzle-orm";
import { loadContent } from "../../content/index.ts";
import type { OrgActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import {
  assessmentAnswers,
  controlStatusEvents,
  programControls,
  remediationItems,
  users,
} from "../../db/schema/index.ts";
import { appendLedger } from "../../ledger/append.ts";
import { badRequest } from "../../platform/errors.ts";
import { createRemediationItems } from "../remediation/store.ts";
import { recomputeReadiness, scopedCriteria } from "./readiness.ts";
import type { AssessmentInput } from "./schema.ts";
import { loadProgram } from "./service.ts";

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

    /**
     * Records answers. "Yes" and "partly" move mapped controls that are not started to implemented / in progress;
     * "partly" and "no" open a remediation item for the criterion unless an open one from the assessment exists.
     */
    async answer(actor: OrgActor, programId: string, input: AssessmentInput) {
      const content = loadContent();
      const seen = new Set<string>();
      for (const a of input.answers) {
        if (seen.has(a.criterionId))
          throw badRequest("duplicate_answer", `Criterion ${a.criterionId} is answered twice in one submission.`);
        seen.add(a.criterionId);
      }
      return db.transaction(async (tx) => {
        const program = await loadProgram(tx, actor.organizationId, programId);
        const inScope = new Set(
          scopedCriteria(program.categories)
            .filter((c) => c.inScope)
            .map((c) => c.id),
        );
        const outside = input.answers.filter((a) => !inScope.has(a.criterionId)).map((a) => a.criterionId);
        if (outside.length)
          throw badRequest(
            "criterion_not_in_scope",
            `These criteria are unknown or outside the program's scope: ${outside.join(", ")}.`,
          );
        const now = new Date();
        await tx
          .insert(assessmentAnswers)
          .values(
            input.answers.map((a) => ({
              id: newId(),
              organizationId: actor.organizationId,
              programId,
              criterionId: a.criterionId,
              answer: a.answer,
              notes: a.notes,
              answeredBy: actor.userId,
              answeredAt: now,
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

        const controls = await tx
          .select()
          .from(programControls)
          .where(and(eq(programControls.programId, programId), eq(programControls.applicable, true)));
        const statusChanges: { key: string; status: string }[] = [];
        for (const a of input.answers) {
          if (a.answer === "no") continue;
          const status = STATUS_FROM_ANSWER[a.answer];
          const reason = `Self-assessment of ${a.criterionId} answered “${a.answer}” by ${actor.name}.`;
          for (const c of controls) {
            if (c.status !== "not_started" || !c.criteria.includes(a.criterionId)) continue;
            c.status = status;
            await tx
              .update(programControls)
              .set({ status, statusReason: reason, statusSetBy: actor.userId, statusSetAt: now, updatedAt: now })
              .where(eq(programControls.id, c.id));
            await tx.insert(controlStatusEvents).values({
              id: newId(),
              organizationId: actor.organizationId,
              programId,
              controlId: c.id,
              status,
              reason,
              source: "self_assessment",
              actorId: actor.userId,
              at: now,
            });
            statusChanges.push({ key: c.key, status });
          }
        }

        const gapAnswers = input.answers.filter((a) => a.answer !== "yes");
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
          tx,
          actor,
          programId,
          gapAnswers
            .filter((a) => !covered.has(a.criterionId))
            .map((a) => {
              const criterion = content.criteriaById.get(a.criterionId)!;
              const pending = controls
                .filter(
                  (c) => c.criteria.includes(a.criterionId) && c.status !== "implemented" && c.status !== "operating",
                )
                .map((c) => c.key);
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
        await appendLedger(tx, actor, {
          action: "assessment.answered",
          entityType: "program",
          entityId: programId,
          after: {
            answers: input.answers.map((a) => ({ criterionId: a.criterionId, answer: a.answer })),
            controlsChanged: statusChanges,
            remediationCreated: created.map((c) => c.ref),
          },
        });
        await recomputeReadiness(tx, actor.organizationId, programId, seen);
        return { controlsChanged: statusChanges, remediationCreated: created };
      });
    },
  };
}
