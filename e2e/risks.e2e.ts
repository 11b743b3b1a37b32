/**
 * The risk register in a real browser: the owner creates the SOC 2 program, adds three risks from the starter
 * library, lowers one's residual rating, sees the heat map and filters the list by a cell, links a control to a
 * mitigated risk, completes the annual assessment and downloads its PDF report; a compliance manager signs the
 * assessment off (the owner who completed it cannot). Screenshots: test-results/risks/.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfLines } from "../src/modules/remediation/testing.ts";
import {
  createProgram,
  type E2eApp,
  inviteMember,
  type MailCatcher,
  ROOT,
  screenshots,
  setUp,
  startAppWithMail,
  UI_TIMEOUT,
} from "./helpers.ts";

const shot = screenshots("risks");
const OWNER = {
  org: "Halcyon Cloud",
  name: "Grace Hopper",
  email: "grace@halcyon.test",
  password: "lantern-quartz-meadow-47",
};
const RANSOMWARE = "Ransomware encrypts business systems";

const SIGNER = { name: "Katherine Johnson", email: "katherine@halcyon.test", password: "orbit-granite-willow-52" };

let app: E2eApp;
let smtp: MailCatcher;
let page: Page;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ app, smtp, page, close } = await startAppWithMail());
});
afterAll(async () => {
  await close?.();
});

describe("risks journey", () => {
  it("adds risks from the library", async () => {
    await setUp(page, OWNER);
    await createProgram(page);

    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Risks" }).click();
    await page.waitForURL("**/risks");
    await page.getByText("No risks yet").waitFor();
    await shot(page, "01-empty");

    await page.getByRole("button", { name: "Add risks" }).click();
    await page.getByRole("menuitem", { name: "From the library" }).click();
    const dialog = page.getByRole("dialog", { name: "Add risks from the library" });
    for (const title of [RANSOMWARE, "Payment or payroll details changed by a fraudster", "A laptop is lost or stolen"])
      await dialog.getByRole("checkbox", { name: title }).check();
    await shot(page, "02-library", { viewport: true });
    await dialog.getByRole("button", { name: "Add 3 risks" }).click();
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByRole("table", { name: "Risks" }).getByText(RANSOMWARE).waitFor();
    expect(await page.getByTestId("cell-3-5").innerText()).toBe("1");
    await shot(page, "03-register");
  });

  it("lowers one risk's residual rating and links a control to its mitigation", async () => {
    await page.getByRole("table", { name: "Risks" }).getByRole("link", { name: RANSOMWARE }).click();
    await page.waitForURL(/\/risks\/[0-9a-f-]{36}$/);
    await page.getByText("Mitigation without controls").waitFor();
    await page.getByLabel("Residual likelihood", { exact: true }).and(page.locator("input")).click();
    await page.getByRole("option", { name: "2 Unlikely" }).click();
    await page.getByLabel("Residual impact", { exact: true }).and(page.locator("input")).click();
    await page.getByRole("option", { name: "3 Moderate" }).click();
    await page
      .getByLabel("Treatment plan")
      .fill("Offline backups tested monthly; endpoint protection on every laptop.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("The risk is saved.").waitFor();
    await page.getByText("6 · Medium").first().waitFor();
    // The toast sits over the linked controls' card at the bottom right: let it go first.
    await page.getByText("The risk is saved.").waitFor({ state: "hidden", timeout: UI_TIMEOUT });

    await page.getByRole("button", { name: "Edit links" }).click();
    await page.getByLabel("Controls", { exact: true }).and(page.locator("input")).fill("AST-04");
    await page.getByRole("option", { name: /^AST-04/ }).click();
    await page.getByRole("button", { name: "Save links" }).click();
    await page.getByText("Mitigation without controls").waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await shot(page, "04-risk");
  });

  it("shows the residual heat map and filters the list by a cell", async () => {
    await page.getByRole("link", { name: "Risks" }).first().click();
    await page.waitForURL("**/risks");
    // The segmented control's radios are visually hidden: pick "Residual" with the keyboard.
    await page.getByRole("radio", { name: "Inherent" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.url()).toContain("basis=residual");
    await expect.poll(() => page.getByTestId("cell-2-3").innerText(), { timeout: UI_TIMEOUT }).toBe("1");
    await page.getByTestId("cell-2-3").click();
    await page.waitForURL(/likelihood=2.*impact=3|impact=3.*likelihood=2/);
    const table = page.getByRole("table", { name: "Risks" });
    await expect.poll(() => table.getByRole("link").count(), { timeout: UI_TIMEOUT }).toBe(1);
    await table.getByText(RANSOMWARE).waitFor();
    await shot(page, "05-heatmap-cell");
  });

  it("completes the annual assessment and downloads its report", async () => {
    await page.getByRole("link", { name: "Assessments" }).click();
    await page.waitForURL("**/risks/assessments");
    await page.getByRole("button", { name: "Start an assessment" }).click();
    await page.getByRole("dialog", { name: "Start a risk assessment" }).getByRole("button", { name: "Start" }).click();
    await page.getByRole("button", { name: "Complete", exact: true }).click();
    await page
      .getByRole("dialog", { name: "Complete the assessment?" })
      .getByRole("button", { name: "Complete and freeze" })
      .click();
    await page.getByText("The report is attached as evidence to RSK-02.", { exact: false }).waitFor();
    await shot(page, "06-assessment");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Download the report of/ }).click(),
    ]);
    const file = `${ROOT}/test-results/risks/report.pdf`;
    await download.saveAs(file);
    const lines = pdfLines(fs.readFileSync(file));
    for (const text of ["Heat map before treatment", "Ransomware encrypts", "AST-04"])
      expect(
        lines.some((l) => l.includes(text)),
        `the PDF shows “${text}”`,
      ).toBe(true);
  });

  it("has a second person sign the completed assessment off", async () => {
    // Who completed it cannot sign it off.
    await page.getByText("Awaiting sign-off").waitFor();
    await page.getByText("Someone else signs off").waitFor();
    expect(await page.getByRole("button", { name: "Sign off", exact: true }).count()).toBe(0);

    const signer = await inviteMember(page, app, smtp, SIGNER, "Compliance manager");
    const other = signer.page;
    await other.goto("/risks/assessments");
    await other.getByRole("button", { name: "Sign off", exact: true }).click();
    const dialog = other.getByRole("dialog", { name: "Sign off the assessment?" });
    await dialog.getByText(/completed by Grace Hopper/).waitFor();
    await dialog.getByRole("button", { name: "Sign off", exact: true }).click();
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await other.getByText(/Signed off .* by Katherine Johnson/).waitFor({ timeout: UI_TIMEOUT });
    await shot(other, "07-signed-off");

    const [download] = await Promise.all([
      other.waitForEvent("download"),
      other.getByRole("link", { name: /Download the report of/ }).click(),
    ]);
    const file = `${ROOT}/test-results/risks/report-signed-off.pdf`;
    await download.saveAs(file);
    const text = pdfLines(fs.readFileSync(file)).join("\n");
    expect(text).toMatch(/by Grace Hopper/);
    expect(text).toMatch(/by Katherine Johnson/);
    await signer.context.close();
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
