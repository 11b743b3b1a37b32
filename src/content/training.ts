/**
 * Training courses as content: one YAML file per course under `training/` (modules of short Markdown sections and a
 * multiple-choice quiz with the correct option and a one-line explanation per question). Read, validated and
 * cross-checked once, like the rest of the content; errors name the file, the record and the field.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ContentError, parseYaml } from "./parse.ts";

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "Use lowercase letters, digits and hyphens.");
const text = (max: number) => z.string().trim().min(1).max(max);

const section = z.strictObject({ title: text(120), body: text(4000) });
const trainingModule = z.strictObject({
  id,
  title: text(120),
  /** How long reading it takes, as stated to the person (checked against the word count). */
  minutes: z.number().int().min(1).max(10),
  sections: z.array(section).min(1).max(6),
});
const option = z.strictObject({ id: z.string().regex(/^[a-z]$/, "Use one lowercase letter."), text: text(300) });
const question = z.strictObject({
  id,
  /** The module the question tests. */
  module: id,
  prompt: text(400),
  options: z.array(option).min(2).max(6),
  correct: z.string(),
  explanation: text(300),
});
export const courseSchema = z.strictObject({
  id,
  title: text(120),
  summary: text(600),
  version: z.number().int().min(1),
  /** The share of questions (percent) an attempt must answer correctly to pass. */
  passMark: z.number().int().min(1).max(100),
  modules: z.array(trainingModule).min(1),
  quiz: z.array(question).min(1).max(50),
});

export type Course = z.infer<typeof courseSchema>;
export type CourseModule = Course["modules"][number];
export type QuizQuestion = Course["quiz"][number];

/** Reading speed the stated minutes are checked against (words per minute). */
export const READING_WPM = 200;
export const wordCount = (m: CourseModule) =>
  m.sections.reduce((n, s) => n + `${s.title} ${s.body}`.split(/\s+/).filter(Boolean).length, 0);

/** Problems a valid-shaped course can still have: duplicates, dangling references, a wrong answer key. */
export function checkCourse(file: string, c: Course): string[] {
  const problems: string[] = [];
  const dup = (what: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const i of ids) {
      if (seen.has(i)) problems.push(`${file}: duplicate ${what} id "${i}"`);
      seen.add(i);
    }
  };
  dup(
    "module",
    c.modules.map((m) => m.id),
  );
  dup(
    "question",
    c.quiz.map((q) => q.id),
  );
  const modules = new Set(c.modules.map((m) => m.id));
  for (const q of c.quiz) {
    if (!modules.has(q.module)) problems.push(`${file}: question "${q.id}" names the unknown module "${q.module}"`);
    dup(
      `option (question "${q.id}")`,
      q.options.map((o) => o.id),
    );
    if (!q.options.some((o) => o.id === q.correct))
      problems.push(`${file}: question "${q.id}": the correct answer "${q.correct}" is not one of its options`);
  }
  return problems;
}

function readCourse(dir: string, file: string): Course {
  const data = parseYaml(file, fs.readFileSync(path.join(dir, file), "utf8"));
  const r = courseSchema.safeParse(data);
  if (!r.success)
    throw new ContentError(r.error.issues.map((i) => `${file}: at ${i.path.map(String).join(".")}: ${i.message}`));
  const problems = checkCourse(file, r.data);
  if (problems.length) throw new ContentError(problems);
  return r.data;
}

/** Reads and checks every course in `dir/training` (no cache; tests pass their own folder). */
export function readCourses(dir: string): Course[] {
  const sub = path.join(dir, "training");
  const files = fs
    .readdirSync(sub)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  const courses = files.map((f) => readCourse(dir, `training/${f}`));
  const ids = courses.map((c) => c.id);
  const dupe = ids.find((i, n) => ids.indexOf(i) !== n);
  if (dupe) throw new ContentError([`training: two courses have the id "${dupe}"`]);
  return courses;
}

let cached: readonly Course[] | undefined;

/** Every built-in course, read and checked once. */
export function loadCourses(): readonly Course[] {
  cached ??= Object.freeze(readCourses(import.meta.dirname));
  return cached;
}
