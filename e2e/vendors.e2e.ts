/**
 * The vendor register in a real browser: the owner adds a critical vendor, uploads its SOC 2 report and records the
 * review, sends a security questionnaire; the vendor's contact opens the emailed link in a fresh browser without
 * signing in and answers; the vendor page shows the answers and the score. A bridge letter carries the report past its
 * 12 months; the subprocessor list shows the vendor; a template of the organization's own is created, edited and
 * sent. Screenshots: test-results/vendors/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkIn } from "../test/smtp.ts";
import {
  type E2eApp,
  type MailCatcher,
  SAMPLE_PDF,
  screenshots,
  setUp,
  startAppWithMail,
  UI_TIMEOUT,
} from "./helpers.ts";

const shot = screenshots("vendors");
const OWNER = {
  org: "Kestrel Analytics",
  name: "Mary Jackson",
  email: "mary@kestrel.test",
  password: "harbor-cobalt-violet-83",
};

let app: E2eApp;
let smtp: MailCatcher;
let page: Page;
let close: () => Promise<void>;
let vendorUrl = "";

beforeAll(async () => {
  ({ app, smtp, page, close } = await startAppWithMail());
});
afterAll(async () => {
  await close?.();
});

describe("vendors journey", () => {
  it("adds a critical vendor with an owner", async () => {
    await setUp(page, OWNER);
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Vendors" }).click();
    await page.waitForURL("**/vendors");
    await page.getByText("No vendors yet").waitFor();
    await shot(page, "01-empty");

    await page.getByRole("button", { name: "Add a vendor" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a vendor" });
    await dialog.getByLabel("Name").fill("Nimbus Payroll");
    await dialog.getByLabel("Website").fill("https://nimbus-payroll.example");
    await dialog.getByLabel("Owner").fill("Mary");
    await page.getByRole("option", { name: /Mary Jackson/ }).click();
    await dialog.getByLabel("Services").fill("Payroll processing for all employees");
    await dialog.getByRole("combobox", { name: "Criticality" }).click();
    await page.getByRole("option", { name: "Critical" }).click();
    await dialog.getByLabel("Subprocessor: processes customer data on our behalf").check();
    await dialog.getByLabel("Purpose").fill("Payroll");
    await dialog.getByLabel("Location").fill("United States");
    await shot(page, "02-add", { viewport: true });
    await dialog.getByRole("button", { name: "Add vendor" }).click();
    await page.waitForURL(/\/vendors\/[0-9a-f-]{36}$/);
    vendorUrl = page.url();
    await page.getByRole("heading", { name: "Nimbus Payroll" }).waitFor();
  });

  it("uploads its SOC 2 report as evidence and records the review", async () => {
    await page.getByRole("button", { name: "Upload a report" }).click();
    const dialog = page.getByRole("dialog", { name: "Upload an assurance report" });
    await dialog
      .locator('input[type="file"]')
      .setInputFiles({ name: "nimbus-soc2.pdf", mimeType: "application/pdf", buffer: SAMPLE_PDF });
    await dialog.getByLabel("Period start").fill("2026-01-01");
    await dialog.getByLabel("Period end").fill("2026-09-30");
    await dialog.getByLabel("Exceptions noted").fill("One terminated user kept access for nine days");
    await dialog
      .getByLabel("Complementary user entity controls that fall on us")
      .fill(
        "ACC-03: Review who can reach payroll data every quarter\nSend payroll changes through the secure upload only",
      );
    await shot(page, "03-report-form", { viewport: true });
    await dialog.getByRole("button", { name: "Upload report" }).click();
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    const report = page.getByTestId("vendor-report");
    await report.getByText("nimbus-soc2.pdf").waitFor();
    await report.getByText("Not reviewed yet").waitFor();
    await report.getByRole("button", { name: "Mark reviewed" }).click();
    await report.getByText(/Mary Jackson, /).waitFor({ timeout: UI_TIMEOUT });
    await report.getByText("30 Sept 2027").or(report.getByText("30 Sep 2027")).waitFor();
    await shot(page, "04-report-reviewed");
  });

  it("sends a questionnaire; the contact answers without an account; the page shows the score", async () => {
    await page.getByRole("button", { name: "Send a questionnaire" }).click();
    const dialog = page.getByRole("dialog", { name: "Send a security questionnaire" });
    await dialog.getByLabel("Contact email").fill("security@nimbus-payroll.example");
    await dialog.getByLabel("Contact name").fill("Sam Rivera");
    await dialog.getByRole("button", { name: "Send" }).click();
    await dialog.getByText("received an email with the link").waitFor({ timeout: UI_TIMEOUT });
    await shot(page, "05-sent", { viewport: true });
    await dialog.getByRole("button", { name: "Done" }).click();

    const mail = await smtp.waitFor("security@nimbus-payroll.example");
    const link = new URL(linkIn(mail.raw, "/vendor-questionnaire"));
    const contact = (await app.newContext()).page;
    await contact.goto(`${app.base}${link.pathname}${link.search}`);
    await contact
      .getByRole("heading", { name: "Security questionnaire for Nimbus Payroll" })
      .waitFor({ timeout: UI_TIMEOUT });
    await shot(contact, "06-public-form");
    // Yes everywhere (the favourable answer), but No to the one question where no is favourable.
    const groups = contact.getByRole("radiogroup");
    const n = await groups.count();
    for (let i = 0; i < n; i++) await groups.nth(i).getByLabel("Yes", { exact: true }).check();
    await contact
      .getByRole("radiogroup", { name: /incident affected customer data/ })
      .getByLabel("No", { exact: true })
      .check();
    await contact.getByLabel(/Where \(which countries/).fill("United States (AWS us-east-1)");
    await contact.getByLabel("Your name").fill("Sam Rivera");
    await contact.getByRole("button", { name: "Send answers" }).click();
    await contact.getByText("Your answers were sent to Kestrel Analytics").waitFor({ timeout: UI_TIMEOUT });
    await shot(contact, "07-public-thanks");
    // The link works once.
    await contact.reload();
    await contact.getByText("This questionnaire was already answered").waitFor({ timeout: UI_TIMEOUT });

    await page.goto(vendorUrl);
    const q = page.getByTestId("vendor-questionnaire");
    await q.getByText("Answered", { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId("questionnaire-score").textContent()).toBe("Score 100");
    await q.getByRole("button", { name: "Mark reviewed" }).click();
    await q.getByText(/reviewed by Mary Jackson/).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, "08-scored");

    await page.getByRole("link", { name: "Vendors" }).first().click();
    await page.waitForURL("**/vendors");
    await page.getByRole("table", { name: "Vendors" }).getByText("Nimbus Payroll").waitFor();
    await shot(page, "09-list");
  });

  it("carries the report past its 12 months with a bridge letter", async () => {
    await page.goto(vendorUrl);
    const report = page.getByTestId("vendor-report");
    await report.getByRole("button", { name: "Add bridge letter" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a bridge letter" });
    await dialog
      .locator('input[type="file"]')
      .setInputFiles({ name: "nimbus-bridge.pdf", mimeType: "application/pdf", buffer: SAMPLE_PDF });
    await dialog.getByLabel("Covers until").fill("2027-12-31");
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await report.getByText("Extended by a bridge letter").waitFor({ timeout: UI_TIMEOUT });
    await report.getByText("31 Dec 2027").first().waitFor();
    await shot(page, "10-bridged");
  });

  it("lists the subprocessors with what the trust center shows, and downloads them as CSV", async () => {
    await page.getByRole("link", { name: "Vendors" }).first().click();
    await page.waitForURL("**/vendors");
    await page.getByRole("link", { name: "Subprocessors" }).click();
    await page.waitForURL("**/vendors/subprocessors");
    const list = page.getByRole("region", { name: "Subprocessors" });
    await list.getByRole("link", { name: "Nimbus Payroll" }).waitFor({ timeout: UI_TIMEOUT });
    await list.getByText("United States").waitFor();
    await list.getByText("Payroll", { exact: true }).waitFor();
    // Mark none is offered only while the list is empty.
    expect(await page.getByLabel("We use no subprocessors").count()).toBe(0);
    const csv = page.getByRole("link", { name: "Download subprocessors as CSV" });
    expect(await csv.getAttribute("href")).toBe("/api/v1/vendors/subprocessors.csv");
    const [download] = await Promise.all([page.waitForEvent("download"), csv.click()]);
    expect(download.suggestedFilename()).toBe("subprocessors.csv");
    await shot(page, "11-subprocessors");
  });

  it("creates and edits a questionnaire template, then sends it", async () => {
    await page.goto("/vendors");
    await page.getByRole("link", { name: "Questionnaires" }).click();
    await page.waitForURL("**/vendors/questionnaire-templates");
    await page.getByText("Built-in, read-only").waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole("button", { name: "New template" }).click();
    const dialog = page.getByRole("dialog", { name: "New questionnaire template" });
    await dialog.getByLabel("Name").fill("Payroll vendors");
    await dialog
      .getByRole("textbox", { name: "Question 1", exact: true })
      .fill("Do you encrypt payroll files at rest?");
    await dialog.getByRole("button", { name: "Add a question" }).click();
    await dialog.getByRole("textbox", { name: "Question 2", exact: true }).fill("Who is your data protection officer?");
    const second = dialog.getByTestId("template-question").nth(1);
    await second.getByRole("combobox", { name: "Answer", exact: true }).click();
    await page.getByRole("option", { name: "Text" }).click();
    await second.getByLabel("Weight").fill("0");
    await shot(page, "12-template-form", { viewport: true });
    await dialog.getByRole("button", { name: "Create template" }).click();
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });

    await page.getByRole("button", { name: /^Payroll vendors/ }).click();
    await page.getByRole("button", { name: "Edit Payroll vendors" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Payroll vendors" });
    await edit.getByLabel("Name").fill("Payroll vendors v2");
    await edit.getByRole("button", { name: "Save template" }).click();
    await edit.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByRole("button", { name: /^Payroll vendors v2/ }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByText("Who is your data protection officer?").waitFor();
    await shot(page, "13-templates");

    await page.goto(vendorUrl);
    await page.getByRole("button", { name: "Send a questionnaire" }).click();
    const send = page.getByRole("dialog", { name: "Send a security questionnaire" });
    await send.getByRole("combobox", { name: "Questionnaire" }).click();
    await page.getByRole("option", { name: /Payroll vendors v2/ }).click();
    await send.getByLabel("Contact email").fill("dpo@nimbus-payroll.example");
    await send.getByRole("button", { name: "Send" }).click();
    await send.getByText("received an email with the link").waitFor({ timeout: UI_TIMEOUT });
    await send.getByRole("button", { name: "Done" }).click();
    await page.getByTestId("vendor-questionnaire").getByText("Payroll vendors v2").waitFor({ timeout: UI_TIMEOUT });
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
