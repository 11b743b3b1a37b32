import { newId } from "../../core/id.ts";
import { validUntil } from "../../core/training.ts";
import type { Db } from "../../db/client.ts";
import { trainingAttempts, trainingCompletions } from "../../db/schema/index.ts";
import { COURSE_ID, course } from "./store.ts";

/** Every question answered correctly (tests only). */
export const rightAnswers = () => Object.fromEntries(course().quiz.map((q) => [q.id, q.correct]));

/** The first `wrong` questions answered wrongly, the rest right (tests only). */
export const answersWithWrong = (wrong: number) =>
  Object.fromEntries(
    course().quiz.map((q, i) => [q.id, i < wrong ? q.options.find((o) => o.id !== q.correct)!.id : q.correct]),
  );

/** A minimal PDF certificate (tests only): starts with the PDF signature. */
export const pdfCertificate = (text = "Certificate of completion") =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/**
 * A passed attempt and its completion on `completedOn`, written straight to the tables (tests only: to put
 * completions in the past, which the API records only as of today).
 */
export async function seedCompletion(db: Db, organizationId: string, personId: string, completedOn: string) {
  const attemptId = newId();
  const total = course().quiz.length;
  await db.insert(trainingAttempts).values({
    id: attemptId,
    organizationId,
    personId,
    courseId: COURSE_ID,
    courseVersion: 1,
    answers: rightAnswers(),
    correct: total,
    total,
    score: 100,
    passMark: 80,
    passed: true,
    submittedAt: new Date(`${completedOn}T12:00:00Z`),
  });
  await db.insert(trainingCompletions).values({
    id: newId(),
    organizationId,
    personId,
    courseId: COURSE_ID,
    source: "course",
    completedOn,
    validUntil: validUntil(completedOn),
    attemptId,
  });
}
