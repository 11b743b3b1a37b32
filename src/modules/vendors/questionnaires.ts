/**
 * Security questionnaires: templates (the built-in one and the organization's own), a questionnaire sent to a
 * vendor's contact by an expiring link (a random secret of which only the SHA-256 is kept), the contact's answers
 * through the public form (no account), their score (core/vendors.ts) and the owner's review.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { answersProblem, linkState, type Question, questionnaireScore } from "../../core/vendors.ts";
import type { Db } from "../../db/client.ts";
import { organizations, vendorQuestionnaires, vendorQuestionnaireTemplates, vendors } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { Change } from "../../kernel/types.ts";
import { AppError, badRequest, conflict, notFound } from "../../platform/errors.ts";
import { randomToken, sha256Hex } from "../../platform/tokens.ts";
import { BUILTIN_TEMPLATE } from "./builtin.ts";
import {
  questionnaireAnswered,
  questionnaireReviewed,
  questionnaireSent,
  templateCreated,
  templateUpdated,
} from "./events.ts";
import { peopleOf, questionnaireView } from "./queries.ts";
import type { answerBody, createTemplateBody, sendQuestionnaireBody } from "./schema.ts";

const userOf = (a: Actor) => (a.kind === "system" ? null : a.userId);
export const RESPOND_PATH = "/vendor-questionnaire";

export async function listTemplates(db: Db, organizationId: string) {
  const own = await db
    .select()
    .from(vendorQuestionnaireTemplates)
    .where(eq(vendorQuestionnaireTemplates.organizationId, organizationId))
    .orderBy(sql`lower(${vendorQuestionnaireTemplates.name})`);
  return [BUILTIN_TEMPLATE, ...own.map((t) => ({ id: t.id, name: t.name, builtIn: false, questions: t.questions }))];
}

/** Refuses a name the organization already uses for another template (or the built-in one's). */
async function assertTemplateNameFree(c: Change, name: string, except?: string) {
  const [dup] = await c.tx
    .select({ id: vendorQuestionnaireTemplates.id })
    .from(vendorQuestionnaireTemplates)
    .where(
      and(
        eq(vendorQuestionnaireTemplates.organizationId, c.actor.organizationId),
        sql`lower(${vendorQuestionnaireTemplates.name}) = lower(${name})`,
        ...(except ? [ne(vendorQuestionnaireTemplates.id, except)] : []),
      ),
    );
  if (dup || name.toLowerCase() === BUILTIN_TEMPLATE.name.toLowerCase())
    throw conflict("template_exists", `A questionnaire template named “${name}” already exists: choose another name.`);
}

/** The questions as kept: numbered q01, q02… in the order given; yes/no ones say which answer is favourable. */
const numbered = (input: z.infer<typeof createTemplateBody>["questions"]): Question[] =>
  input.map((q, i) => ({
    id: `q${String(i + 1).padStart(2, "0")}`,
    text: q.text,
    type: q.type,
    weight: q.weight,
    ...(q.type === "yes_no" ? { favourable: q.favourable ?? "yes" } : {}),
  }));

export async function createTemplate(c: Change, input: z.infer<typeof createTemplateBody>) {
  const organizationId = c.actor.organizationId;
  await assertTemplateNameFree(c, input.name);
  const questions = numbered(input.questions);
  const row = {
    id: newId(),
    organizationId,
    name: input.name,
    questions,
    createdBy: userOf(c.actor),
    createdAt: c.now,
  };
  await c.tx.insert(vendorQuestionnaireTemplates).values(row);
  await c.emit(templateCreated, { id: row.id, after: { name: row.name, questions: questions.length } });
  return { id: row.id, name: row.name, builtIn: false, questions };
}

/**
 * Replaces a template's name and questions. Questionnaires already sent keep the questions they were sent with;
 * the built-in template cannot be changed (it is not a row: 404).
 */
export async function updateTemplate(c: Change, id: string, input: z.infer<typeof createTemplateBody>) {
  const organizationId = c.actor.organizationId;
  const [old] = await c.tx
    .select()
    .from(vendorQuestionnaireTemplates)
    .where(
      and(eq(vendorQuestionnaireTemplates.organizationId, organizationId), eq(vendorQuestionnaireTemplates.id, id)),
    )
    .for("update");
  if (!old) throw notFound("The questionnaire template");
  await assertTemplateNameFree(c, input.name, id);
  const questions = numbered(input.questions);
  await c.tx
    .update(vendorQuestionnaireTemplates)
    .set({ name: input.name, questions })
    .where(eq(vendorQuestionnaireTemplates.id, id));
  await c.emit(templateUpdated, {
    id,
    before: { name: old.name, questions: old.questions.length },
    after: { name: input.name, questions: questions.length },
  });
  return { id, name: input.name, builtIn: false, questions };
}

async function templateFor(db: Db, organizationId: string, id: string) {
  if (id === BUILTIN_TEMPLATE.id) return BUILTIN_TEMPLATE;
  const [t] = /^[0-9a-f-]{36}$/i.test(id)
    ? await db
        .select()
        .from(vendorQuestionnaireTemplates)
        .where(
          and(eq(vendorQuestionnaireTemplates.organizationId, organizationId), eq(vendorQuestionnaireTemplates.id, id)),
        )
    : [];
  if (!t)
    throw badRequest("unknown_template", "No such questionnaire template: use `builtin` or the id of one of yours.");
  return { id: t.id, name: t.name, questions: t.questions };
}

/** Sends a questionnaire: the row (with the secret's hash) in one change, then the email; the link is answered once. */
export async function sendQuestionnaire(
  ctx: Pick<AppContext, "db" | "mailer" | "log" | "config">,
  actor: Extract<Actor, { kind: "user" | "token" }> | Actor,
  vendorId: string,
  input: z.infer<typeof sendQuestionnaireBody>,
) {
  const organizationId = actor.organizationId;
  const secret = randomToken("", 32);
  const link = `${ctx.config.publicUrl}${RESPOND_PATH}?token=${secret}`;
  const { row, vendorName, orgName } = await change(ctx.db, actor, async (c) => {
    const [v] = await c.tx
      .select({ name: vendors.name, status: vendors.status })
      .from(vendors)
      .where(and(eq(vendors.organizationId, organizationId), eq(vendors.id, vendorId)));
    if (!v) throw notFound("The vendor");
    if (v.status !== "active")
      throw conflict(
        "vendor_offboarded",
        `${v.name} is offboarded: make it active again before sending a questionnaire.`,
      );
    const t = await templateFor(c.tx, organizationId, input.templateId);
    const [org] = await c.tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    const row = {
      id: newId(),
      organizationId,
      vendorId,
      templateName: t.name,
      questions: t.questions,
      contactEmail: input.contactEmail.toLowerCase(),
      contactName: input.contactName ?? null,
      tokenHash: sha256Hex(secret),
      expiresAt: new Date(c.now.getTime() + input.expiresInDays * 86_400_000),
      sentBy: userOf(actor),
      sentAt: c.now,
      answers: null,
      respondentName: null,
      answeredAt: null,
      score: null,
      reviewedBy: null,
      reviewedAt: null,
      createdAt: c.now,
    };
    await c.tx.insert(vendorQuestionnaires).values(row);
    // Never the secret or its hash: who it went to and until when.
    await c.emit(questionnaireSent, {
      id: row.id,
      after: {
        vendor: v.name,
        templateName: t.name,
        contactEmail: row.contactEmail,
        expiresAt: row.expiresAt,
        questions: t.questions.length,
      },
    });
    return { row, vendorName: v.name, orgName: org?.name ?? "Our organization" };
  });
  const sender = "name" in actor && actor.name ? `${actor.name} at ${orgName}` : orgName;
  try {
    await ctx.mailer.send({
      to: row.contactEmail,
      subject: `${orgName} asks ${vendorName} to answer a security questionnaire`,
      text: [
        `Hello${row.contactName ? ` ${row.contactName}` : ""},`,
        "",
        `${sender} reviews the security of ${vendorName} as one of its vendors and asks you to answer a short security questionnaire (${row.questions.length} questions). No account is needed.`,
        "",
        `Answer it here: ${link}`,
        "",
        `The link works once and expires on ${row.expiresAt.toUTCString()}.`,
        "If you are not the right person, forward this email to a colleague who can answer.",
      ].join("\n"),
    });
  } catch (err) {
    ctx.log.error({ err, questionnaireId: row.id }, "questionnaire email failed");
    throw new AppError(
      502,
      "email_failed",
      `The questionnaire was saved, but the email to ${row.contactEmail} could not be sent (${(err as Error).message}). Check the server's SMTP settings, then send the questionnaire again (the unsent one simply expires).`,
    );
  }
  const person = await peopleOf(ctx.db, [row.sentBy]);
  return { ...questionnaireView(row, person, new Date()), link };
}

/** The questionnaire a link's secret opens (any organization: the secret is the credential). */
async function byToken(db: Db, token: string) {
  const [q] = await db
    .select({ q: vendorQuestionnaires, vendor: vendors.name, organization: organizations.name })
    .from(vendorQuestionnaires)
    .innerJoin(vendors, eq(vendors.id, vendorQuestionnaires.vendorId))
    .innerJoin(organizations, eq(organizations.id, vendorQuestionnaires.organizationId))
    .where(eq(vendorQuestionnaires.tokenHash, sha256Hex(token)));
  if (!q) throw notFound("This questionnaire link");
  return q;
}

export async function lookUp(db: Db, token: string, now = new Date()) {
  const { q, vendor, organization } = await byToken(db, token);
  return {
    state: linkState(q, now),
    organization,
    vendor,
    contactName: q.contactName,
    expiresAt: q.expiresAt,
    questions: q.questions.map(({ id, text, type, weight }) => ({
      id,
      text,
      type,
      required: type === "yes_no" || weight > 0,
    })),
  };
}

const closed = (state: "expired" | "answered") =>
  state === "answered"
    ? new AppError(
        409,
        "questionnaire_answered",
        "This questionnaire was already answered. Thank you — nothing more is needed.",
      )
    : new AppError(
        409,
        "questionnaire_expired",
        "This questionnaire link has expired. Ask the person who sent it for a new link.",
      );

export async function answer(db: Db, token: string, input: z.infer<typeof answerBody>) {
  const found = await byToken(db, token);
  const actor = {
    kind: "system" as const,
    organizationId: found.q.organizationId,
    label: `vendor contact ${found.q.contactEmail}`,
  };
  return change(db, actor, async (c) => {
    const [q] = await c.tx
      .select()
      .from(vendorQuestionnaires)
      .where(eq(vendorQuestionnaires.id, found.q.id))
      .for("update");
    const state = linkState(q!, c.now);
    if (state !== "open") throw closed(state);
    const answers: Record<string, string> = {};
    for (const a of input.answers) {
      if (Object.hasOwn(answers, a.questionId))
        throw badRequest("duplicate_answer", "Each question is answered once: one of them is in the form twice.");
      answers[a.questionId] = a.answer.trim();
    }
    const problem = answersProblem(q!.questions, answers);
    if (problem) throw badRequest("answers_invalid", problem);
    const score = questionnaireScore(q!.questions, answers);
    await c.tx
      .update(vendorQuestionnaires)
      .set({ answers, respondentName: input.respondentName, answeredAt: c.now, score })
      .where(eq(vendorQuestionnaires.id, q!.id));
    await c.emit(questionnaireAnswered, {
      id: q!.id,
      after: { vendor: found.vendor, contactEmail: q!.contactEmail, respondentName: input.respondentName, score },
    });
    return { state: "answered" as const, score };
  });
}

export async function reviewQuestionnaire(c: Change, vendorId: string, questionnaireId: string) {
  const [q] = await c.tx
    .select({ q: vendorQuestionnaires, vendor: vendors.name })
    .from(vendorQuestionnaires)
    .innerJoin(vendors, eq(vendors.id, vendorQuestionnaires.vendorId))
    .where(
      and(
        eq(vendorQuestionnaires.organizationId, c.actor.organizationId),
        eq(vendorQuestionnaires.vendorId, vendorId),
        eq(vendorQuestionnaires.id, questionnaireId),
      ),
    )
    .for("update");
  if (!q) throw notFound("The questionnaire");
  if (!q.q.answeredAt)
    throw conflict(
      "questionnaire_unanswered",
      "The contact has not answered yet: review the answers once they arrive.",
    );
  await c.tx
    .update(vendorQuestionnaires)
    .set({ reviewedBy: userOf(c.actor), reviewedAt: c.now })
    .where(eq(vendorQuestionnaires.id, questionnaireId));
  await c.emit(questionnaireReviewed, { id: questionnaireId, after: { vendor: q.vendor, score: q.q.score } });
}
