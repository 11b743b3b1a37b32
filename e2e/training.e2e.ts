/**
 * Security awareness training in a real browser against the real server: the owner adds an employee to the people
 * directory and invites them; the employee opens the course from "My training", reads it section by section, fails
 * the quiz once (the result explains each wrong answer), retries and passes; the owner's completion table shows
 * them complete and the CSV export lists the completion. Screenshots: test-results/training/.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourses } from "../src/content/index.ts";
import { type E2eApp, inviteMember, type MailCatcher, screenshots, setUp, startAppWithMail } from "./helpers.ts";

const shot = screenshots("training");
const OWNER = {
  org: "Larkspur Labs",
  name: "Ada Lovelace",
  email: "ada@larkspur.test",
  password: "velvet-anchor-quill-47",
};
const EMPLOYEE = { name: "Erin Okafor", email: "erin@larkspur.test", password: "maple-orbit-signal-29" };
const course = loadCourses().find((c) => c.id === "security-awareness")!;

let app: E2eApp;
let smtp: MailCatcher;
let page: Page;
let employee: Awaited<ReturnType<typeof inviteMember>> | undefined;
let close = async () => {};

const literally = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Answers every question: right, or wrong for the first `wrong` ones. */
async function answerQuiz(p: Page, wrong: number) {
  for (const [i, q] of course.quiz.entries()) {
    const pick = i < wrong ? q.options.find((o) => o.id !== q.correct)! : q.options.find((o) => o.id === q.correct)!;
    const group = p.getByRole("radiogroup", { name: new RegExp(literally(q.prompt)) });
    await group.getByRole("radio", { name: pick.text, exact: true }).check();
  }
}

beforeAll(async () => {
  ({ app, smtp, page, close } = await startAppWithMail());
});
afterAll(async () => {
  await employee?.context.close();
  await close();
});

describe("security awareness training journey", () => {
  it("adds the employee to the people directory and invites them", async () => {
    await setUp(page, OWNER);
    const status = await page.evaluate(async (email) => {
      const session = await (await fetch("/api/v1/auth/session")).json();
      const res = await fetch("/api/v1/people", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
        body: JSON.stringify({ email, fullName: "Erin Okafor", department: "Engineering" }),
      });
      return res.status;
    }, EMPLOYEE.email);
    expect(status).toBe(201);
    employee = await inviteMember(page, app, smtp, EMPLOYEE, "Employee");
  });

  it("the employee reads the course from the portal link, fails the quiz once, retries and passes", async () => {
    const p = employee!.page;
    await p.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "My training" }).click();
    await p.waitForURL("**/portal/training");
    await p.getByRole("heading", { name: course.title }).waitFor();
    await p.getByText(/Complete your training by/).waitFor();
    await shot(p, "01-portal-overview");

    await p.getByRole("button", { name: "Start the course" }).click();
    const sections = course.modules.flatMap((m) => m.sections);
    await p.getByRole("heading", { name: sections[0]!.title }).waitFor();
    await shot(p, "02-reading");
    for (let i = 1; i < sections.length; i++) {
      await p.getByRole("button", { name: "Next" }).click();
      await p.getByRole("heading", { name: sections[i]!.title }).waitFor();
    }
    await p.getByRole("button", { name: "Take the quiz" }).click();
    await answerQuiz(p, 4);
    await shot(p, "03-quiz");
    await p.getByRole("button", { name: "Submit answers" }).click();
    await p.getByText(/^Not passed: 66% \(80% needed\)/).waitFor();
    await p.getByText(course.quiz[0]!.explanation).waitFor();
    await shot(p, "04-failed-result");

    await p.getByRole("button", { name: "Try again" }).click();
    await answerQuiz(p, 1);
    await p.getByRole("button", { name: "Submit answers" }).click();
    await p.getByText("Passed with 91%").waitFor();
    await p.getByText(/Your training is complete and valid until/).waitFor();
    await shot(p, "05-passed-result");
    await p.getByRole("button", { name: "Back to the overview" }).click();
    await p.getByText(/You are up to date until/).waitFor();
    expect(await p.getByRole("table", { name: "Your quiz attempts" }).getByRole("row").count()).toBe(3);
  });

  it("the owner's completion table shows the employee complete, and the CSV lists the completion", async () => {
    await page.goto("/training");
    await page.getByRole("heading", { name: "Security awareness training" }).waitFor();
    const table = page.getByRole("table", { name: "Training completion by person" });
    const row = table.getByRole("row").filter({ hasText: EMPLOYEE.name });
    await row.getByText("Complete", { exact: true }).waitFor();
    await page.getByText(/1 of 1 people \(100%\) have completed security awareness training/).waitFor();
    await shot(page, "06-admin");
    // The status filter's radios are visually hidden: move to "Overdue" with the keyboard, as a person would.
    await page.getByRole("radio", { name: "Due", exact: true }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.url()).toContain("status=overdue");
    await page.getByText("Nobody matches these filters").waitFor();
    await shot(page, "07-admin-filtered", { viewport: true });
    await page.getByRole("radio", { name: "Complete", exact: true }).focus();
    await page.keyboard.press("ArrowLeft");
    await table.getByRole("row").filter({ hasText: EMPLOYEE.name }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^security-awareness-training-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[1]).toContain(
      `${EMPLOYEE.name},${EMPLOYEE.email},Engineering,${course.title},course and quiz`,
    );
  });

  it("the employee records external training with a certificate, and the owner accepts it", async () => {
    const p = employee!.page;
    await p.goto("/portal/training");
    await p.getByRole("link", { name: "Record external training" }).click();
    await p.waitForURL("**/portal/training/external");
    const form = p.getByRole("form", { name: "Record external training" });
    await form.getByLabel("Provider").fill("Acme Academy");
    await form.getByLabel(/^Course/).fill("Phishing defence for engineers");
    await form.getByLabel("Completed on").fill("2026-11-20");
    await form.locator('input[type="file"]').setInputFiles({
      name: "acme-certificate.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n% Certificate of completion\n%%EOF\n"),
    });
    await shot(p, "08-external-form");
    await form.getByRole("button", { name: "Record training" }).click();
    await p.waitForURL("**/portal/training");
    await p.getByText(/Phishing defence for engineers · Acme Academy · 2026-11-20/).waitFor();

    await page.goto("/training");
    const review = page.getByRole("table", { name: "External training records" });
    await review.getByText("Phishing defence for engineers").waitFor();
    await shot(page, "09-external-review");
    await review.getByRole("button", { name: "Accept" }).click();
    await page.getByText("Nothing waits for a decision.").waitFor();
  });
});
