/**
 * Where everyone stands on security awareness training, and the writes: quiz attempts graded here (the browser never
 * gets the answer key before it submits), completions, external training and its decision, settings. Every write is
 * a command `(c: Change, …)`; a completion announces HR-04 so programs recompute the control in the same change.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type Course, loadCourses } from "../../content/index.ts";
import { newId } from "../../core/id.ts";
import {
  type PersonTraining,
  personTraining,
  plainDay,
  TRAINING_DEFAULTS,
  type TrainingCheckResult,
  trainingCheck,
  validUntil,
} from "../../core/training.ts";
import type { Db } from "../../db/client.ts";
import {
  people,
  trainingAttempts,
  trainingCompletions,
  trainingExternal,
  trainingSettings,
} from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { AppError, badRequest, conflict, notFound } from "../../platform/errors.ts";
import { audienceWhere, type PersonRow } from "../people/public.ts";
import { controlInputsChanged } from "../programs/events.ts";
import {
  trainingAttemptSubmitted,
  trainingCompleted,
  trainingExternalDecided,
  trainingExternalRecorded,
  trainingSettingsChanged,
} from "./events.ts";
import type { AttemptResult, ExternalFields, ExternalRecordView, Settings, SettingsPatch } from "./schema.ts";

/** The built-in course everyone takes. */
export const COURSE_ID = "security-awareness";
/** The library control the training evidences. */
export const TRAINING_CONTROL = "HR-04";
/** How the course is named in sentences. */
export const COURSE_NOUN = "security awareness training";

export function course(): Course {
  const c = loadCourses().find((x) => x.id === COURSE_ID);
  if (!c) throw new Error(`The built-in course ${COURSE_ID} is missing from src/content/training.`);
  return c;
}
export const courseMinutes = (c: Course) => c.modules.reduce((n, m) => n + m.minutes, 0);

// --- settings ---

export async function settingsOf(db: Db, organizationId: string): Promise<Settings> {
  const [row] = await db.select().from(trainingSettings).where(eq(trainingSettings.organizationId, organizationId));
  const coursePassMark = course().passMark;
  return {
    passMark: row?.passMark ?? coursePassMark,
    passMarkOverride: row?.passMark ?? null,
    coursePassMark,
    newHireDays: row?.newHireDays ?? TRAINING_DEFAULTS.newHireDays,
    requiredShare: row?.requiredShare ?? TRAINING_DEFAULTS.requiredShare,
    includeContractors: row?.includeContractors ?? TRAINING_DEFAULTS.includeContractors,
  };
}

export async function updateSettings(c: Change, patch: SettingsPatch): Promise<Settings> {
  const organizationId = c.organizationId!;
  const before = await settingsOf(c.tx, organizationId);
  const next = {
    passMark: patch.passMark === undefined ? before.passMarkOverride : patch.passMark,
    newHireDays: patch.newHireDays ?? before.newHireDays,
    requiredShare: patch.requiredShare ?? before.requiredShare,
    includeContractors: patch.includeContractors ?? before.includeContractors,
  };
  const old = { ...before, passMark: before.passMarkOverride };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== old[k]);
  if (!changed.length) return before;
  const updatedBy = c.actor.kind === "system" ? null : c.actor.userId;
  await c.tx
    .insert(trainingSettings)
    .values({ organizationId, ...next, updatedAt: c.now, updatedBy })
    .onConflictDoUpdate({ target: trainingSettings.organizationId, set: { ...next, updatedAt: c.now, updatedBy } });
  await c.emit(trainingSettingsChanged, {
    id: organizationId,
    before: Object.fromEntries(changed.map((k) => [k, old[k]])),
    after: Object.fromEntries(changed.map((k) => [k, next[k]])),
  });
  // Who must be trained, or how many must be, may have moved: the control is judged again.
  await c.emit(controlInputsChanged, { keys: [TRAINING_CONTROL] });
  return settingsOf(c.tx, organizationId);
}

// --- standing ---

export interface Standing {
  person: PersonRow;
  training: PersonTraining;
  source: "course" | "external" | null;
}

/** The people who must take the training: everyone who has not left (employees only, unless contractors too). */
export async function audienceOf(db: Db, organizationId: string, s: Pick<Settings, "includeContractors">) {
  return db
    .select()
    .from(people)
    .where(audienceWhere(organizationId, s.includeContractors ? {} : { kinds: ["employee"] }))
    .orderBy(people.fullName, people.id);
}

async function completionsOf(db: Db, organizationId: string, personIds: readonly string[]) {
  const byPerson = new Map<string, { completedOn: string; validUntil: string; source: "course" | "external" }[]>();
  if (!personIds.length) return byPerson;
  const rows = await db
    .select({
      personId: trainingCompletions.personId,
      completedOn: trainingCompletions.completedOn,
      validUntil: trainingCompletions.validUntil,
      source: trainingCompletions.source,
    })
    .from(trainingCompletions)
    .where(
      and(
        eq(trainingCompletions.organizationId, organizationId),
        eq(trainingCompletions.courseId, COURSE_ID),
        inArray(trainingCompletions.personId, [...personIds]),
      ),
    );
  for (const r of rows) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  return byPerson;
}

/** Where each of these people stands today. */
export async function standingsOf(
  db: Db,
  organizationId: string,
  list: readonly PersonRow[],
  s: Pick<Settings, "newHireDays">,
  now: Date,
): Promise<Standing[]> {
  const today = plainDay(now);
  const completions = await completionsOf(
    db,
    organizationId,
    list.map((p) => p.id),
  );
  return list.map((person) => {
    const mine = completions.get(person.id) ?? [];
    const training = personTraining({
      startDate: person.startDate,
      addedOn: plainDay(person.createdAt),
      completions: mine,
      newHireDays: s.newHireDays,
      today,
    });
    const latest = mine.find((m) => m.validUntil === training.validUntil) ?? null;
    return { person, training, source: latest?.source ?? null };
  });
}

/** Everyone in the audience with their standing, and the HR-04 check over them. */
export async function organizationStanding(db: Db, organizationId: string, now: Date) {
  const s = await settingsOf(db, organizationId);
  const standings = await standingsOf(db, organizationId, await audienceOf(db, organizationId, s), s, now);
  const check: TrainingCheckResult | null = trainingCheck({
    people: standings.map((x) => ({ name: x.person.fullName, status: x.training.status })),
    requiredShare: s.requiredShare,
    course: COURSE_NOUN,
  });
  return { settings: s, standings, check };
}

// --- the quiz ---

/** The course as a person takes it: sections and questions, never the correct options or explanations. */
export function courseForTaking(passMark: number) {
  const c = course();
  return {
    id: c.id,
    title: c.title,
    summary: c.summary,
    version: c.version,
    passMark,
    modules: c.modules,
    quiz: c.quiz.map((q) => ({ id: q.id, module: q.module, prompt: q.prompt, options: q.options })),
  };
}

/** Grades answers against the course's key; refuses unanswered, unknown or impossible answers (nothing is stored). */
export function grade(c: Course, answers: Record<string, string>, passMark: number) {
  const known = new Set(c.quiz.map((q) => q.id));
  const unknown = Object.keys(answers).filter((id) => !known.has(id));
  if (unknown.length)
    throw badRequest("unknown_question", `These are not questions of the course: ${unknown.join(", ")}.`, {
      questions: unknown,
    });
  const missing = c.quiz.filter((q) => !(q.id in answers)).map((q) => q.id);
  if (missing.length)
    throw badRequest(
      "unanswered_questions",
      `Answer every question before submitting: ${missing.length} ${missing.length === 1 ? "is" : "are"} unanswered (${missing.join(", ")}).`,
      { questions: missing },
    );
  const bad = c.quiz.filter((q) => !q.options.some((o) => o.id === answers[q.id])).map((q) => q.id);
  if (bad.length)
    throw badRequest("unknown_option", `Choose one of the offered options for: ${bad.join(", ")}.`, {
      questions: bad,
    });
  const questions = c.quiz.map((q) => ({
    id: q.id,
    prompt: q.prompt,
    chosen: answers[q.id]!,
    correctOption: q.correct,
    isCorrect: answers[q.id] === q.correct,
    explanation: q.explanation,
  }));
  const correct = questions.filter((q) => q.isCorrect).length;
  const total = questions.length;
  const score = Math.floor((correct * 100) / total);
  return { questions, correct, total, score, passed: score >= passMark };
}

/** Records a graded attempt for this person; a pass is a completion valid twelve months. */
export async function submitAttempt(
  c: Change,
  person: PersonRow,
  answers: Record<string, string>,
): Promise<AttemptResult> {
  const organizationId = c.organizationId!;
  const s = await settingsOf(c.tx, organizationId);
  const co = course();
  const g = grade(co, answers, s.passMark);
  const id = newId();
  const submittedBy = c.actor.kind === "system" ? null : c.actor.userId;
  await c.tx.insert(trainingAttempts).values({
    id,
    organizationId,
    personId: person.id,
    courseId: co.id,
    courseVersion: co.version,
    answers,
    correct: g.correct,
    total: g.total,
    score: g.score,
    passMark: s.passMark,
    passed: g.passed,
    submittedBy,
    submittedAt: c.now,
  });
  await c.emit(trainingAttemptSubmitted, {
    id,
    after: {
      personId: person.id,
      person: person.fullName,
      course: co.title,
      score: g.score,
      passMark: s.passMark,
      passed: g.passed,
    },
  });
  let until: string | null = null;
  if (g.passed)
    until = (await complete(c, person, { source: "course", completedOn: plainDay(c.now), attemptId: id })).validUntil;
  return { id, ...g, passMark: s.passMark, submittedAt: c.now, validUntil: until };
}

async function complete(
  c: Change,
  person: Pick<PersonRow, "id" | "fullName">,
  how:
    | { source: "course"; completedOn: string; attemptId: string }
    | { source: "external"; completedOn: string; externalId: string },
) {
  const row = {
    id: newId(),
    organizationId: c.organizationId!,
    personId: person.id,
    courseId: COURSE_ID,
    source: how.source,
    completedOn: how.completedOn,
    validUntil: validUntil(how.completedOn),
    attemptId: how.source === "course" ? how.attemptId : null,
    externalId: how.source === "external" ? how.externalId : null,
    recordedAt: c.now,
  };
  await c.tx.insert(trainingCompletions).values(row);
  await c.emit(trainingCompleted, {
    id: row.id,
    after: {
      personId: person.id,
      person: person.fullName,
      course: course().title,
      source: row.source,
      completedOn: row.completedOn,
      validUntil: row.validUntil,
    },
  });
  await c.emit(controlInputsChanged, { keys: [TRAINING_CONTROL] });
  return row;
}

// --- external training ---

export interface StoredCertificate {
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  storageKey: string;
  keyId: string;
}

const today14 = (now: Date) => plainDay(new Date(now.getTime() + 14 * 3_600_000));

export async function recordExternal(
  c: Change,
  person: PersonRow,
  id: string,
  fields: ExternalFields,
  file: StoredCertificate,
) {
  if (person.status === "left")
    throw conflict(
      "person_left",
      `${person.fullName} has left the organization: training cannot be recorded for them.`,
    );
  if (fields.completedOn > today14(c.now))
    throw badRequest(
      "completed_in_future",
      `The completion date (${fields.completedOn}) is in the future: give the day the training was completed.`,
    );
  const row = {
    id,
    organizationId: c.organizationId!,
    personId: person.id,
    courseId: COURSE_ID,
    ...fields,
    ...file,
    status: "pending" as const,
    submittedBy: c.actor.kind === "system" ? null : c.actor.userId,
    submittedAt: c.now,
  };
  await c.tx.insert(trainingExternal).values(row);
  await c.emit(trainingExternalRecorded, {
    id,
    after: {
      personId: person.id,
      person: person.fullName,
      provider: fields.provider,
      courseTitle: fields.courseTitle,
      completedOn: fields.completedOn,
      fileName: file.fileName,
      sha256: file.sha256,
      size: file.size,
      mimeType: file.mimeType,
    },
  });
  return row;
}

export async function loadExternal(db: Db, organizationId: string, id: string) {
  const [row] = await db
    .select({ x: trainingExternal, personName: people.fullName, personUserId: people.userId })
    .from(trainingExternal)
    .innerJoin(people, eq(people.id, trainingExternal.personId))
    .where(and(eq(trainingExternal.organizationId, organizationId), eq(trainingExternal.id, id)));
  if (!row) throw notFound("The external training record");
  return row;
}

export const externalView = (r: {
  x: typeof trainingExternal.$inferSelect;
  personName: string;
}): ExternalRecordView => ({
  id: r.x.id,
  personId: r.x.personId,
  personName: r.personName,
  provider: r.x.provider,
  courseTitle: r.x.courseTitle,
  completedOn: r.x.completedOn,
  notes: r.x.notes,
  status: r.x.status,
  fileName: r.x.fileName,
  mimeType: r.x.mimeType,
  size: r.x.size,
  sha256: r.x.sha256,
  submittedAt: r.x.submittedAt,
  decidedAt: r.x.decidedAt,
  decisionNote: r.x.decisionNote,
});

/** Accepts (a completion on the training's own date) or rejects pending external training. */
export async function decideExternal(c: Change, id: string, decision: "accept" | "reject", note: string) {
  const organizationId = c.organizationId!;
  const { x, personName } = await loadExternal(c.tx, organizationId, id);
  if (x.status !== "pending")
    throw conflict(
      "already_decided",
      `This external training was already ${x.status}; record it again to ask for a new decision.`,
    );
  if (decision === "reject" && !note)
    throw badRequest("note_required", "Say why the training is rejected (the person reads this note).");
  const status = decision === "accept" ? ("accepted" as const) : ("rejected" as const);
  const [updated] = await c.tx
    .update(trainingExternal)
    .set({
      status,
      decidedAt: c.now,
      decidedBy: c.actor.kind === "system" ? null : c.actor.userId,
      decisionNote: note || null,
    })
    .where(and(eq(trainingExternal.id, id), eq(trainingExternal.status, "pending")))
    .returning();
  if (!updated) throw new AppError(409, "already_decided", "Someone decided on this external training a moment ago.");
  await c.emit(trainingExternalDecided, {
    id,
    before: { status: "pending" },
    after: { status, person: personName, courseTitle: x.courseTitle, decisionNote: note || null },
  });
  if (status === "accepted")
    await complete(
      c,
      { id: x.personId, fullName: personName },
      { source: "external", completedOn: x.completedOn, externalId: id },
    );
  return externalView({ x: updated, personName });
}

// --- reads for the portal and the table ---

export async function attemptsOf(db: Db, organizationId: string, personId: string) {
  return db
    .select({
      id: trainingAttempts.id,
      score: trainingAttempts.score,
      passMark: trainingAttempts.passMark,
      passed: trainingAttempts.passed,
      submittedAt: trainingAttempts.submittedAt,
    })
    .from(trainingAttempts)
    .where(and(eq(trainingAttempts.organizationId, organizationId), eq(trainingAttempts.personId, personId)))
    .orderBy(desc(trainingAttempts.submittedAt))
    .limit(50);
}

export async function externalOf(db: Db, organizationId: string, personId?: string, status?: string) {
  const where = [eq(trainingExternal.organizationId, organizationId)];
  if (personId) where.push(eq(trainingExternal.personId, personId));
  if (status) where.push(sql`${trainingExternal.status} = ${status}`);
  const rows = await db
    .select({ x: trainingExternal, personName: people.fullName })
    .from(trainingExternal)
    .innerJoin(people, eq(people.id, trainingExternal.personId))
    .where(and(...where))
    .orderBy(desc(trainingExternal.submittedAt));
  return rows.map(externalView);
}

/** Attempts and pending external records per person, for the completion table. */
export async function activityCounts(db: Db, organizationId: string) {
  const [attempts, pending] = await Promise.all([
    db
      .select({ personId: trainingAttempts.personId, n: sql<number>`count(*)::int` })
      .from(trainingAttempts)
      .where(eq(trainingAttempts.organizationId, organizationId))
      .groupBy(trainingAttempts.personId),
    db
      .select({ personId: trainingExternal.personId, n: sql<number>`count(*)::int` })
      .from(trainingExternal)
      .where(and(eq(trainingExternal.organizationId, organizationId), eq(trainingExternal.status, "pending")))
      .groupBy(trainingExternal.personId),
  ]);
  return {
    attempts: new Map(attempts.map((r) => [r.personId, Number(r.n)])),
    pending: new Map(pending.map((r) => [r.personId, Number(r.n)])),
  };
}
