/**
 * The incident register in a real browser: the owner logs an incident, moves it through triage, containment and
 * resolution, writes the post-mortem, marks it done and downloads the post-mortem PDF, which shows the root cause;
 * deletes a mistaken timeline entry and an incident logged by mistake.
 * Screenshots: test-results/incidents/.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfLines } from "../src/modules/remediation/testing.ts";
import { type E2eApp, moveIncident, postFromPage, ROOT, screenshots, setUp, startApp, UI_TIMEOUT } from "./helpers.ts";

const shot = screenshots("incidents");
const OWNER = {
  org: "Northwind Pay",
  name: "Katherine Johnson",
  email: "katherine@northwind.test",
  password: "orbit-harbor-lantern-82",
};

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
});
afterAll(async () => {
  await app?.close();
});

const move = (label: string, status: string) => moveIncident(page, label, status);

describe("incidents journey", () => {
  it("logs an incident and sees it in the register", async () => {
    await setUp(page, OWNER);
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Incidents" }).click();
    await page.waitForURL("**/incidents");
    await page.getByText("No incidents logged").waitFor();
    await shot(page, "01-empty");
    expect(await postFromPage(page, "/api/v1/assets", { name: "Support desk", kind: "saas_application" })).toBe(201);

    await page.getByRole("button", { name: "Log an incident" }).click();
    const dialog = page.getByRole("dialog", { name: "Log an incident" });
    await dialog.getByRole("textbox", { name: "Title", exact: true }).fill("Card data visible in support logs");
    await dialog.getByLabel(/^Severity/).click();
    await page.getByRole("option", { name: "SEV2 · high" }).click();
    await dialog.getByLabel(/^Incident commander/).click();
    await page.getByRole("option", { name: /Katherine Johnson/ }).click();
    await dialog.getByRole("textbox", { name: "Category", exact: true }).fill("data exposure");
    await dialog
      .getByRole("textbox", { name: "Summary", exact: true })
      .fill("Masked card numbers were logged in full by the support tool for two days.");
    // The affected system is picked from the asset inventory by name.
    await dialog.getByLabel("Affected assets", { exact: true }).fill("support");
    await page.getByRole("option", { name: /Support desk/ }).click();
    await shot(page, "02-new", { viewport: true });
    await dialog.getByRole("button", { name: "Log incident" }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "INC-1 · Card data visible in support logs" }).waitFor();
    await page.getByRole("link", { name: "Support desk" }).waitFor();

    // The details form edits the fields the dialog asked for.
    const details = page.getByRole("region", { name: "Details" });
    await details.getByRole("button", { name: "Edit" }).click();
    await expect(details.getByRole("textbox", { name: "Category", exact: true }).inputValue()).resolves.toBe(
      "data exposure",
    );
    await details.getByRole("textbox", { name: "Reported by", exact: true }).fill("Support lead");
    await shot(page, "02-edit");
    await details.getByRole("button", { name: "Save", exact: true }).click();
    await details.getByText("Support lead", { exact: true }).waitFor();
  });

  it("moves it through triage, containment and resolution, with timeline entries", async () => {
    const timeline = page.getByRole("form", { name: "Add a timeline entry" });
    await timeline
      .getByRole("textbox", { name: "What happened", exact: true })
      .fill("Support lead reported full card numbers in a ticket export.");
    await timeline.getByRole("button", { name: "Add entry" }).click();
    await page.getByText("Support lead reported full card numbers").waitFor();
    // A note written on the wrong incident is deleted, after a confirmation.
    await timeline.getByRole("textbox", { name: "What happened", exact: true }).fill("Wrong incident: ignore this.");
    await timeline.getByRole("button", { name: "Add entry" }).click();
    const wrong = page.getByRole("listitem").filter({ hasText: "Wrong incident: ignore this." });
    await wrong.waitFor();
    await shot(page, "02-timeline-entry");
    page.once("dialog", (d) => void d.accept());
    await wrong.getByRole("button", { name: /^Delete the entry of/ }).click();
    await page.getByText("The timeline entry was deleted.").waitFor();
    await wrong.waitFor({ state: "detached" });
    await move("Mark triaged", "triaged");
    // Card data: the card schemes must hear within 72 hours of detection.
    await page.getByRole("button", { name: "Add obligation" }).click();
    const obligation = page.getByRole("form", { name: "Add a notification obligation" });
    await obligation.getByRole("textbox", { name: "Recipient", exact: true }).fill("Acquiring bank");
    await obligation.getByRole("textbox", { name: "Basis", exact: true }).fill("Merchant agreement, section 9");
    await obligation.getByRole("button", { name: "Add" }).click();
    await page.getByRole("cell", { name: /Acquiring bank/ }).waitFor();
    await page.getByRole("button", { name: "Notified now" }).click();
    await page.getByText("Notified", { exact: true }).waitFor();
    await timeline
      .getByRole("textbox", { name: "What happened", exact: true })
      .fill("Logging of the payment field switched off; old logs purged.");
    await timeline.getByRole("button", { name: "Add entry" }).click();
    await page.getByText("old logs purged").waitFor();
    await move("Mark contained", "contained");
    await move("Mark resolved", "resolved");
    await shot(page, "03-resolved");
  });

  it("writes the post-mortem, marks it done and downloads the PDF", async () => {
    // Done is refused until root cause and lessons are written.
    await page.getByRole("button", { name: "Mark post-mortem done" }).click();
    let dialog = page.getByRole("dialog", { name: "Mark post-mortem done" });
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.getByText("Write the root cause and the lessons learned").waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();

    const pm = page.getByRole("form", { name: "Post-mortem" });
    await pm
      .getByRole("textbox", { name: "Root cause", exact: true })
      .fill("The support tool's log filter did not know the new payment field name.");
    await pm
      .getByRole("textbox", { name: "Lessons learned", exact: true })
      .fill("Mask by data type, not by field name; test log output in CI.");
    await pm.getByRole("button", { name: "Save post-mortem" }).click();
    await page.getByText("Post-mortem saved.").waitFor();
    await page.getByRole("button", { name: "Mark post-mortem done" }).click();
    dialog = page.getByRole("dialog", { name: "Mark post-mortem done" });
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByText("is now post-mortem done.").waitFor();
    await shot(page, "04-done");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Post-mortem PDF" }).click(),
    ]);
    const file = `${ROOT}/test-results/incidents/post-mortem.pdf`;
    await download.saveAs(file);
    const lines = pdfLines(fs.readFileSync(file));
    for (const text of ["Card data visible in support logs", "log filter did not know", "Post-mortem done"])
      expect(
        lines.some((l) => l.includes(text)),
        `the PDF shows “${text}”`,
      ).toBe(true);

    await page.getByRole("link", { name: "Incidents" }).first().click();
    await page.waitForURL("**/incidents");
    await page.getByRole("table", { name: "Incidents" }).getByText("Card data visible in support logs").waitFor();
    await shot(page, "05-list");

    await page.getByRole("link", { name: "Tabletop exercises" }).click();
    await page.waitForURL("**/incidents/tabletops");
    await page.getByRole("button", { name: "Record an exercise" }).click();
    const exercise = page.getByRole("dialog", { name: "Record a tabletop exercise" });
    await exercise.getByRole("textbox", { name: "Scenario", exact: true }).fill("Ransomware encrypts the build server");
    await exercise.getByRole("textbox", { name: "Findings", exact: true }).fill("The restore runbook was out of date.");
    await exercise.getByRole("button", { name: "Save" }).click();
    await exercise.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByRole("table", { name: "Tabletop exercises" }).getByText("Ransomware encrypts").waitFor();
    await shot(page, "06-tabletops");
  });

  it("deletes an incident logged by mistake while it is still detected, and returns to the list", async () => {
    await page.getByRole("link", { name: "Incidents", exact: true }).first().click();
    await page.waitForURL("**/incidents");
    await page.getByRole("button", { name: "Log an incident" }).click();
    const dialog = page.getByRole("dialog", { name: "Log an incident" });
    await dialog.getByRole("textbox", { name: "Title", exact: true }).fill("Test alert logged by mistake");
    await dialog.getByLabel(/^Severity/).click();
    await page.getByRole("option", { name: "SEV2 · high" }).click();
    await dialog.getByRole("button", { name: "Log incident" }).click();
    await page.getByRole("heading", { name: "INC-2 · Test alert logged by mistake" }).waitFor();
    await shot(page, "07-detected");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.waitForURL(/\/incidents(\?.*)?$/);
    await page.getByText("INC-2 was deleted.").waitFor();
    const table = page.getByRole("table", { name: "Incidents" });
    await table.getByText("Card data visible in support logs").waitFor();
    await expect.poll(() => table.getByText("Test alert logged by mistake").count()).toBe(0);
    await shot(page, "08-deleted");
    // A resolved incident offers no delete: it is closed as not an incident instead.
    await table.getByText("Card data visible in support logs").click();
    await page.getByRole("heading", { name: /^INC-1 · / }).waitFor();
    expect(await page.getByRole("button", { name: "Delete", exact: true }).count()).toBe(0);
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
