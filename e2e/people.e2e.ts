/**
 * The people journey in a real browser against the real server: the owner imports an HR CSV with one bad row (the
 * preview names its line and imports nothing), fixes it and imports; starts Ada's onboarding, records her
 * background check and completes her steps until only her security training is left; then offboards Leo, records his access as
 * revoked after the SLA and finds the deviation on the people dashboard.
 * Screenshots: test-results/people/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eApp, screenshots, setUp, startApp } from "./helpers.ts";

const shot = screenshots("people");
const OWNER = {
  org: "Orbit Analytics",
  name: "Katherine Johnson",
  email: "katherine@orbit.test",
  password: "meadow-copper-violin-28",
};

const HEADER = "Email,Full Name,Type,Status,Job Title,Department,Manager Email,Hire Date,Termination Date";
const BAD = [
  HEADER,
  "ada@orbit.test,Ada Lovelace,employee,active,Engineer,Engineering,katherine@orbit.test,2026-11-30,",
  "leo@orbit.test,Leo Tolstoy,contractor,active,Writer,Marketing,,30/11/2026,",
].join("\n");
const FIXED = BAD.replace("30/11/2026", "2025-05-01");

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
});
afterAll(async () => {
  await app?.close();
});

const personRow = (name: string) => page.getByRole("link", { name, exact: true });

describe("people journey", () => {
  it("imports an HR CSV: a bad row is named by its line, nothing is written until the file is fixed", async () => {
    await setUp(page, OWNER);
    await page.goto("/people");
    await page.getByText("The directory is empty").waitFor();
    // Katherine manages Ada: add her by hand first (people entered by hand are never overwritten by an import).
    await page.getByRole("button", { name: "Add a person" }).first().click();
    const add = page.getByRole("dialog", { name: "Add a person" });
    await add.getByLabel("Full name").fill(OWNER.name);
    await add.getByLabel("Work email").fill(OWNER.email);
    await add.getByLabel("Job title").fill("CTO");
    await add.getByRole("button", { name: "Add person" }).click();
    await page.getByRole("heading", { name: OWNER.name }).waitFor();

    await page.goto("/people");
    await page.getByRole("button", { name: "Import HR file" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Import people from an HR export" });
    await dialog.getByLabel("Or paste (and fix) CSV here").fill(BAD);
    await dialog.getByRole("button", { name: "Check the file" }).click();
    await dialog.getByText("Line 3, Hire Date: '30/11/2026' is not a date (use YYYY-MM-DD).").waitFor();
    await dialog.getByText("1 to add, 1 with errors").waitFor();
    expect(await dialog.getByRole("button", { name: "Import" }).isDisabled()).toBe(true);
    await shot(page, "01-import-error-by-line", { viewport: true });

    await dialog.getByLabel("Or paste (and fix) CSV here").fill(FIXED);
    await dialog.getByRole("button", { name: "Check the file" }).click();
    await dialog.getByText("2 to add.").waitFor();
    await dialog.getByRole("button", { name: "Import" }).click();
    await page.getByText("People imported").waitFor();
    await personRow("Ada Lovelace").waitFor();
    await personRow("Leo Tolstoy").waitFor();
    await shot(page, "02-directory");
  });

  it("starts Ada's onboarding, completes her steps and background check: only her training is left", async () => {
    await personRow("Ada Lovelace").click();
    await page.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
    await page.getByText(OWNER.name, { exact: true }).first().waitFor(); // her manager
    await page.getByRole("button", { name: "Start onboarding" }).click();
    const onboarding = page.getByRole("region", { name: "Onboarding" });
    await onboarding.getByText("0 of 6 steps done").waitFor();
    expect(await page.getByTestId("compliance").textContent()).not.toBe("Compliant");
    await shot(page, "03-onboarding-started");

    await page.getByRole("button", { name: "Record a check" }).click();
    const check = page.getByRole("dialog", { name: "Record a background check" });
    await check.getByText(/no sensitive detail belongs here/).waitFor();
    await check.getByLabel("Provider").fill("Sterling");
    await check.getByRole("button", { name: "Record" }).click();
    await onboarding.getByText("1 of 6 steps done").waitFor();

    for (let done = 1; done < 6; done++) {
      await onboarding
        .getByRole("button", { name: /^Complete / })
        .first()
        .click();
      const modal = page.getByRole("dialog", { name: /^Complete: / });
      await modal.getByLabel("Note").fill("Checked by the manager");
      if (done === 1) await shot(page, "04-complete-step", { viewport: true });
      await modal.getByRole("button", { name: "Mark done" }).click();
      await onboarding.getByText(`${done + 1} of 6 steps done`).waitFor();
    }
    // Her onboarding is complete. Security training is a routine of its own: Ada has not taken the course yet, so
    // that is all she still owes (e2e/people-program.e2e.ts goes on to compliant through the course).
    await page.getByText("1 task is outstanding: Complete security awareness training.").waitFor();
    await shot(page, "05-onboarded");
  });

  it("offboards Leo with access revoked after the SLA: the deviation shows on the dashboard", async () => {
    await page.goto("/people");
    await personRow("Leo Tolstoy").click();
    await page.getByRole("heading", { name: "Leo Tolstoy" }).waitFor();
    await page.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Leo Tolstoy" });
    await edit.getByLabel("Status", { exact: true }).click();
    await page.getByRole("option", { name: "Left" }).click();
    await edit.getByLabel("End date").fill("2026-11-02");
    await edit.getByRole("button", { name: "Save" }).click();
    const offboarding = page.getByRole("region", { name: "Offboarding" });
    await offboarding.getByText("0 of 5 steps done").waitFor();

    await offboarding.getByRole("button", { name: "Complete Access to Source code hosting revoked" }).click();
    const modal = page.getByRole("dialog", { name: /^Complete: Access to Source code hosting/ });
    await modal.getByText(/had to be revoked by 4 Nov 2026/).waitFor();
    await modal.getByLabel("Note").fill("Found still active in the quarterly access review");
    await modal.locator('input[type="file"]').setInputFiles({
      name: "github-audit-log.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("2026-11-06T09:12:00Z org.remove_member leo-t by olivia\n"),
    });
    await modal.getByText("github-audit-log.txt").waitFor();
    await shot(page, "06-late-revocation", { viewport: true });
    await modal.getByRole("button", { name: "Mark done" }).click();
    await offboarding.getByTestId("deviation").waitFor();
    // The proof file went to the evidence library and the step links to it.
    const proof = offboarding.getByRole("link", { name: "proof file" });
    await proof.waitFor();
    expect(await proof.getAttribute("href")).toMatch(/^\/evidence\/[0-9a-f-]{36}$/);
    await page.getByText(/1 offboarding deviation/).waitFor();
    await shot(page, "07-person-deviation");

    await page.goto("/people/dashboard");
    const deviations = page.getByRole("table", { name: "Offboarding deviations" });
    await deviations.getByRole("link", { name: "Leo Tolstoy" }).waitFor();
    await deviations.getByText(/days .*late|days late/).waitFor();
    await page.getByTestId("count-due").getByText("2").waitFor();
    await shot(page, "08-dashboard");

    // Katherine manages Ada: her manager steps are in Katherine's own list.
    await page.goto("/portal/tasks/checklist");
    await page.getByText("Access granted with the manager's approval").waitFor();
    await shot(page, "09-my-steps");
    // The settings: SLA, systems, background checks and the templates.
    await page.goto("/settings/people");
    await page.getByRole("region", { name: "Onboarding (default)" }).waitFor();
    await page.getByLabel(/Revoke access within/).fill("12");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("The people settings were saved.").waitFor();
    await shot(page, "10-settings");
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
