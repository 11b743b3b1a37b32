import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, loadCourses, READING_WPM, wordCount } from "./index.ts";
import { readCourses } from "./training.ts";

describe("training content", () => {
  const courses = loadCourses();
  const course = courses.find((c) => c.id === "security-awareness")!;

  it("has the built-in course with the six modules the issue asks for", () => {
    expect(course).toBeDefined();
    expect(course.modules.map((m) => m.id)).toEqual([
      "phishing",
      "passwords-mfa",
      "data-handling",
      "device-security",
      "incident-reporting",
      "privacy",
    ]);
    expect(course.passMark).toBe(80);
  });

  it("keeps each module to a two-to-four-minute read, as its stated minutes say", () => {
    for (const m of course.modules) {
      const minutes = wordCount(m) / READING_WPM;
      expect(m.minutes, m.id).toBeGreaterThanOrEqual(2);
      expect(m.minutes, m.id).toBeLessThanOrEqual(4);
      expect(minutes, `${m.id}: ${wordCount(m)} words`).toBeLessThanOrEqual(m.minutes + 1);
      expect(m.sections.length, m.id).toBeGreaterThanOrEqual(1);
    }
  });

  it("has about twelve questions, each with its answer among the options, an explanation, and every module tested", () => {
    expect(course.quiz.length).toBeGreaterThanOrEqual(10);
    expect(course.quiz.length).toBeLessThanOrEqual(15);
    for (const q of course.quiz) {
      expect(q.options.map((o) => o.id)).toContain(q.correct);
      expect(q.explanation.length).toBeGreaterThan(10);
    }
    expect(new Set(course.quiz.map((q) => q.module))).toEqual(new Set(course.modules.map((m) => m.id)));
  });

  it("refuses a course whose answer key, module references or ids are wrong, naming the file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "training-content-"));
    fs.mkdirSync(path.join(dir, "training"));
    const bad = fs
      .readFileSync(path.join(import.meta.dirname, "training/security-awareness.yaml"), "utf8")
      .replace("    correct: c\n", "    correct: z\n")
      .replace("    module: privacy\n", "    module: astrology\n");
    fs.writeFileSync(path.join(dir, "training/bad.yaml"), bad);
    let error: unknown;
    try {
      readCourses(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentError);
    const problems = (error as ContentError).problems.join("\n");
    expect(problems).toContain('training/bad.yaml: question "q1": the correct answer "z" is not one of its options');
    expect(problems).toContain('question "q12" names the unknown module "astrology"');
    fs.writeFileSync(path.join(dir, "training/bad.yaml"), "id: Not An Id\n");
    expect(() => readCourses(dir)).toThrow(/training\/bad.yaml: at id/);
  });
});
