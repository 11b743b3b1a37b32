/**
 * A user access review in a real browser against the real server: the owner creates a program (with ACC-08),
 * launches a review from a CSV, sees the accounts that match nobody flagged with a suggested revoke, keeps one and
 * is told a revocation needs a comment before revoking the other, marks the revocation done, closes the review (the
 * report goes to ACC-08 as evidence) and downloads the PDF report, which lists the decisions and comments.
 * Screenshots: test-results/access-review/.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfLines } from "../src/modules/remediation/testing.ts";
import { createProgram, type E2eApp, ROOT, screenshots, setUp, startApp } from "./helpers.ts";

const shot = screenshots("access-review");
const OWNER = { org: "Kestrel Labs", name: "Ada Byron", email: "ada@kestrel.test", password: "amber-falcon-river-71" };
const CSV = "account,email,role\nalice,alice@kestrel.test,admin;billing\nbob,bob@kestrel.test,member\n";

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
});
afterAll(async () => {
  await app?.close();
});

const row = (name: string) => page.getByTestId(`account-${name}`);

describe("access review journey", () => {
  it("launches a review from a CSV and flags accounts nobody owns", async () => {
    await setUp(page, OWNER);
    await createProgram(page);

    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Access reviews" })
      .click();
    await page.getByText("No access reviews yet").waitFor();
    await shot(page, "01-empty", { viewport: true });
    await page.getByRole("button", { name: "Launch a review" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Launch an access review" });
    await dialog.getByLabel("Name").fill("Billing Q1 access");
    await dialog.getByRole("textbox", { name: /^System( \*)?$/ }).fill("Billing");
    await dialog.getByLabel("Accounts (CSV)").fill(CSV);
    await shot(page, "02-launch", { viewport: true });
    await dialog.getByRole("button", { name: "Launch review" }).click();
    await page.waitForURL(/\/access-reviews\/[0-9a-f-]{36}$/);
    await page.getByText("2 flagged accounts need a decision").waitFor();
    await row("alice").getByText("Suggested: revoke").waitFor();
    await shot(page, "03-campaign");
  });

  it("keeps one account and revokes the other with a comment", async () => {
    await row("alice").getByRole("button", { name: "Keep" }).click();
    const keep = page.getByRole("dialog", { name: "Keep: alice" });
    await keep.getByLabel("Comment").fill("Runs billing; admin still needed.");
    await keep.getByRole("button", { name: "Keep" }).click();
    await row("alice").getByText("Runs billing; admin still needed.").waitFor();

    await row("bob").getByRole("button", { name: "Revoke" }).click();
    const revoke = page.getByRole("dialog", { name: "Revoke: bob" });
    await revoke.getByRole("button", { name: "Revoke" }).click();
    await revoke.getByText("Say why: a revocation or role change needs a comment.").waitFor();
    await shot(page, "04-revoke-needs-comment", { viewport: true });
    await revoke.getByLabel("Comment").fill("Contractor engagement ended in January.");
    await revoke.getByRole("button", { name: "Revoke" }).click();
    await row("bob").getByText("Not done yet").waitFor();
  });

  it("marks the revocation done, closes the review and downloads the report", async () => {
    await row("bob").getByRole("button", { name: "Mark done" }).click();
    const done = page.getByRole("dialog", { name: "Mark done: bob" });
    await done.getByLabel("What was done").fill("Removed in the billing admin console, ticket OPS-41.");
    await done.getByRole("button", { name: "Mark done" }).click();
    await row("bob")
      .getByText(/Removed in the billing admin console/)
      .waitFor();

    await page.getByRole("button", { name: "Close review" }).click();
    const close = page.getByRole("dialog", { name: /^Close Billing Q1 access/ });
    await close.getByRole("button", { name: "Close review" }).click();
    await page.getByText("The report is attached as evidence of ACC-08 (2 files).").waitFor();
    await shot(page, "05-closed");

    await page.getByRole("button", { name: "Report" }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: "PDF report" }).click(),
    ]);
    const file = `${ROOT}/test-results/access-review/report.pdf`;
    await download.saveAs(file);
    const lines = pdfLines(fs.readFileSync(file));
    for (const text of ["Billing Q1 access", "Contractor engagement", "Revoke", "bob"])
      expect(
        lines.some((l) => l.includes(text)),
        `the PDF shows “${text}”`,
      ).toBe(true);

    await page.goto("/access-reviews");
    await page.getByRole("link", { name: "Billing Q1 access" }).waitFor();
    await shot(page, "06-list");
    expect(app.pageErrors).toEqual([]);
    expect(app.cspViolations).toEqual([]);
  });
});
