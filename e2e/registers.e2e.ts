/**
 * The registers together, as one organization uses them (issue 13 §8): the owner creates the SOC 2 program, adds a
 * vendor and reviews its SOC 2 Type II report until the vendor's due diligence is current, records a risk to
 * mitigate and links a control of the program to it, imports two scanners' reports and reads the SLA dashboard
 * they produce, logs an incident and takes it to a finished post-mortem, and finds every one of those changes in the
 * activity log. axe runs on every page the journey shows. Screenshots: test-results/registers/.
 */
import fs from "node:fs";
import path from "node:path";
import dayjs from "dayjs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfLines } from "../src/modules/remediation/testing.ts";
import {
  createProgram,
  type E2eApp,
  importScannerReport,
  moveIncident,
  ROOT,
  SAMPLE_PDF,
  screenshots,
  setUp,
  startApp,
  UI_TIMEOUT,
} from "./helpers.ts";

const shot = screenshots("registers");
const OWNER = {
  org: "Larkspur Health",
  name: "Dorothy Vaughan",
  email: "dorothy@larkspur.test",
  password: "compass-amber-willow-59",
};
const VENDOR = "Cirrus Mail Relay";
const RISK = "Customer records exposed through a misconfigured storage bucket";
const INCIDENT = "Patient export emailed to the wrong clinic";
const FIXTURES = path.resolve(import.meta.dirname, "../src/modules/vulnerabilities/scanners/fixtures");
// The report's period ended three months ago, so it stays current for nine more months whenever the journey runs.
const PERIOD_END = dayjs().subtract(3, "month");
const PERIOD_START = PERIOD_END.subtract(1, "year").add(1, "day");
const day = (d: dayjs.Dayjs) => d.format("D MMM YYYY");

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
});
afterAll(async () => {
  await app?.close();
});

const nav = (name: string) =>
  page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name, exact: true });

describe("registers journey", () => {
  it("adds a vendor and reviews its SOC 2 Type II report until its due diligence is current", async () => {
    await setUp(page, OWNER);
    await createProgram(page);

    await nav("Vendors").click();
    await page.waitForURL("**/vendors");
    await page.getByRole("button", { name: "Add a vendor" }).click();
    const add = page.getByRole("dialog", { name: "Add a vendor" });
    await add.getByLabel("Name").fill(VENDOR);
    await add.getByLabel("Owner").fill("Dorothy");
    await page.getByRole("option", { name: /Dorothy Vaughan/ }).click();
    await add.getByLabel("Services").fill("Sends appointment reminders to patients by email");
    await add.getByRole("combobox", { name: "Criticality" }).click();
    await page.getByRole("option", { name: "High" }).click();
    await add.getByRole("button", { name: "Add vendor" }).click();
    await page.waitForURL(/\/vendors\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: VENDOR }).waitFor();
    // No report yet: a high vendor without due diligence.
    await page.getByText("No report", { exact: true }).waitFor();
    await shot(page, "01-vendor-new");

    await page.getByRole("button", { name: "Upload a report" }).click();
    const upload = page.getByRole("dialog", { name: "Upload an assurance report" });
    await upload
      .locator('input[type="file"]')
      .setInputFiles({ name: "cirrus-soc2-type2.pdf", mimeType: "application/pdf", buffer: SAMPLE_PDF });
    await upload.getByLabel("Report type", { exact: true }).and(page.locator("input")).click();
    await page.getByRole("option", { name: "SOC 2 Type II" }).click();
    await upload.getByLabel("Opinion", { exact: true }).and(page.locator("input")).click();
    await page.getByRole("option", { name: "Qualified", exact: true }).click();
    await upload.getByLabel("Period start").fill(PERIOD_START.format("YYYY-MM-DD"));
    await upload.getByLabel("Period end").fill(PERIOD_END.format("YYYY-MM-DD"));
    await upload
      .getByLabel("Exceptions noted")
      .fill("Two of 25 sampled changes were deployed without a recorded approval");
    await upload
      .getByLabel("Complementary user entity controls that fall on us")
      .fill("ACC-03: Remove leavers' access to the relay console within one business day");
    await shot(page, "02-report-form", { viewport: true });
    await upload.getByRole("button", { name: "Upload report" }).click();
    await upload.waitFor({ state: "hidden", timeout: UI_TIMEOUT });

    const report = page.getByTestId("vendor-report");
    await report.getByText("cirrus-soc2-type2.pdf").waitFor();
    await report.getByText("Not reviewed yet").waitFor();
    await report.getByRole("button", { name: "Mark reviewed" }).click();
    await report.getByText(/Dorothy Vaughan, /).waitFor({ timeout: UI_TIMEOUT });
    expect(await report.innerText()).toContain("SOC 2 Type II");
    await report.getByText("Qualified", { exact: true }).waitFor();
    await report.getByText(`${day(PERIOD_START)} – ${day(PERIOD_END)}`).waitFor();
    await report.getByText(day(PERIOD_END.add(12, "month"))).waitFor();
    await report.getByText("Two of 25 sampled changes were deployed without a recorded approval").waitFor();
    await report.getByText("Remove leavers' access to the relay console within one business day").waitFor();
    expect(await report.getByText("ACC-03", { exact: true }).count()).toBe(1);
    // The vendor's due diligence is now current.
    await page.getByText(`Current · ${day(PERIOD_END.add(12, "month"))}`, { exact: true }).waitFor();
    expect(await page.getByText("No report", { exact: true }).count()).toBe(0);
    await shot(page, "03-vendor-current");
  });

  it("records a risk to mitigate, rated before and after treatment, and links a control of the program", async () => {
    await nav("Risks").click();
    await page.waitForURL("**/risks");
    await page.getByRole("button", { name: "Add risks" }).click();
    await page.getByRole("menuitem", { name: "New risk" }).click();
    const dialog = page.getByRole("dialog", { name: "New risk" });
    const select = async (label: string, option: string) => {
      await dialog.getByLabel(label, { exact: true }).and(page.locator("input")).click();
      await page.getByRole("option", { name: option, exact: true }).click();
    };
    await dialog.getByRole("textbox", { name: "Title", exact: true }).fill(RISK);
    await select("Owner", "Dorothy Vaughan");
    await select("Likelihood", "4 Likely");
    await select("Impact", "4 Major");
    await select("Residual likelihood", "2 Unlikely");
    await select("Residual impact", "3 Moderate");
    await select("Treatment", "Mitigate");
    await dialog.getByLabel("Treatment plan").fill("Block public buckets by policy; review bucket access monthly.");
    await shot(page, "04-risk-form", { viewport: true });
    await dialog.getByRole("button", { name: "Add risk" }).click();
    await page.waitForURL(/\/risks\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: RISK }).waitFor();
    await page.getByText("16 · High").first().waitFor();
    await page.getByText("6 · Medium").first().waitFor();
    // Mitigation does not count until a control is linked.
    await page.getByText("Mitigation without controls").waitFor();
    await page.getByText(`“${RISK}” is in the register.`).waitFor({ state: "hidden", timeout: UI_TIMEOUT });

    await page.getByRole("button", { name: "Edit links" }).click();
    await page.getByLabel("Controls", { exact: true }).and(page.locator("input")).fill("AST-04");
    await page.getByRole("option", { name: /^AST-04/ }).click();
    await page.getByRole("button", { name: "Save links" }).click();
    await page.getByText("Mitigation without controls").waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page
      .getByRole("link", { name: /AST-04/ })
      .first()
      .waitFor();
    await shot(page, "05-risk-linked");

    await page.getByRole("link", { name: "Risks" }).first().click();
    await page.waitForURL("**/risks");
    const row = page.getByRole("table", { name: "Risks" }).getByRole("row", { name: new RegExp(RISK) });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/16 · High\s+6 · Medium\s+Mitigate\s+Dorothy Vaughan/);
    // The inherent heat map counts it in likelihood 4 × impact 4.
    expect(await page.getByTestId("cell-4-4").innerText()).toBe("1");
    await shot(page, "06-risks");
  });

  it("imports two scanners' reports through the vulnerabilities page", async () => {
    await nav("Vulnerabilities").click();
    await page.waitForURL("**/vulnerabilities");
    await page.getByText("No findings yet").waitFor();

    // Trivy's SARIF of an Alpine image: four medium findings.
    let dialog = await importScannerReport(
      page,
      "trivy-alpine-3.10.sarif",
      fs.readFileSync(path.join(FIXTURES, "trivy-alpine-3.10.sarif")),
    );
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByText("4 new, 0 seen again, 0 reopened, 0 resolved.").waitFor();
    // Grype's JSON of another image: one critical and one low.
    dialog = await importScannerReport(
      page,
      "grype-image.json",
      fs.readFileSync(path.join(FIXTURES, "grype-image.json")),
    );
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByText("2 new, 0 seen again, 0 reopened, 0 resolved.").waitFor();
  });

  it("shows the SLA dashboard with the open findings per severity, their fix-by dates and the trend", async () => {
    const summary = page.getByRole("region", { name: "Vulnerability summary" });
    const open = (s: string) => summary.getByTestId(`open-${s}`).getByRole("button").innerText();
    await expect.poll(() => open("critical"), { timeout: UI_TIMEOUT }).toMatch(/^1\b/);
    expect(await open("high")).toMatch(/^0\b/);
    expect(await open("medium")).toMatch(/^4\b/);
    expect(await open("low")).toMatch(/^1\b/);
    expect((await summary.innerText()).replace(/\s+/g, " ")).toContain("6 open, 0 past their fix-by date.");
    expect(await summary.getByText(/\d+ late$/).count()).toBe(0);
    // The trend: one area, on a scale that reaches this week's six open findings.
    expect(await summary.locator(".recharts-area").count()).toBe(1);
    const highestTick = async () =>
      Math.max(
        ...(await summary.locator(".recharts-cartesian-axis-tick-value").allTextContents())
          .map(Number)
          .filter(Number.isFinite),
      );
    await expect.poll(highestTick, { timeout: UI_TIMEOUT }).toBeGreaterThanOrEqual(6);

    // Fix-by dates from the default SLAs: critical 15 days, medium 90, low 180; none is late.
    const findings = page.getByRole("table", { name: "Findings" });
    await findings.getByText("CVE-2019-1549").first().waitFor();
    const due = async (days: number) => findings.getByText(new RegExp(`\\(in (${days - 1}|${days}) days\\)`)).count();
    await expect.poll(() => due(15), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await due(90)).toBe(4);
    expect(await due(180)).toBe(1);
    expect(await findings.getByText(/days? late\)/).count()).toBe(0);
    await shot(page, "08-vulnerability-dashboard");
  });

  it("logs an incident and takes it through containment and resolution to a finished post-mortem", async () => {
    await nav("Incidents").click();
    await page.waitForURL("**/incidents");
    await page.getByRole("button", { name: "Log an incident" }).click();
    const dialog = page.getByRole("dialog", { name: "Log an incident" });
    await dialog.getByRole("textbox", { name: "Title", exact: true }).fill(INCIDENT);
    await dialog.getByLabel(/^Severity/).click();
    await page.getByRole("option", { name: "SEV2 · high" }).click();
    await dialog.getByLabel(/^Incident commander/).click();
    await page.getByRole("option", { name: /Dorothy Vaughan/ }).click();
    await dialog
      .getByRole("textbox", { name: "Summary", exact: true })
      .fill("A scheduled export of 40 patient appointments went to a clinic outside the care group.");
    await dialog.getByRole("button", { name: "Log incident" }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: `INC-1 · ${INCIDENT}` }).waitFor();

    await moveIncident(page, "Mark triaged", "triaged");
    await moveIncident(page, "Mark contained", "contained");
    await moveIncident(page, "Mark resolved", "resolved");
    const pm = page.getByRole("form", { name: "Post-mortem" });
    await pm
      .getByRole("textbox", { name: "Root cause", exact: true })
      .fill("The export job read the clinic from a cached directory that was a week out of date.");
    await pm
      .getByRole("textbox", { name: "Lessons learned", exact: true })
      .fill("Resolve recipients at send time; send patient exports only to verified addresses.");
    await pm.getByRole("button", { name: "Save post-mortem" }).click();
    await page.getByText("Post-mortem saved.").waitFor();
    await moveIncident(page, "Mark post-mortem done", "post-mortem done");

    await page.locator("main").getByText("Post-mortem done", { exact: true }).first().waitFor();
    await shot(page, "09-incident-done");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Post-mortem PDF" }).click(),
    ]);
    const file = path.join(ROOT, "test-results/registers/post-mortem.pdf");
    await download.saveAs(file);
    const lines = pdfLines(fs.readFileSync(file));
    for (const text of [INCIDENT, "cached directory", "Post-mortem done"])
      expect(
        lines.some((l) => l.includes(text)),
        `the PDF shows “${text}”`,
      ).toBe(true);
  });

  it("finds a change from every register in the activity log", async () => {
    await nav("Activity").click();
    await page.waitForURL("**/activity");
    const ledger = page.getByRole("table", { name: "Ledger entries" });
    // Newest first: the journey's changes, one register after another, above the program's creation.
    for (const sentence of [
      "Dorothy Vaughan moved INC-1 to post-mortem done",
      "Dorothy Vaughan moved INC-1 to triaged",
      `Dorothy Vaughan logged INC-1 “${INCIDENT}” (sev2)`,
      "Dorothy Vaughan imported the scanner report “grype-image.json”: 2 new, 0 reopened, 0 resolved",
      "Dorothy Vaughan imported the scanner report “trivy-alpine-3.10.sarif”: 4 new, 0 reopened, 0 resolved",
      "Dorothy Vaughan linked a risk to AST-04",
      `Dorothy Vaughan added the risk “${RISK}”`,
      `Dorothy Vaughan reviewed the report “cirrus-soc2-type2.pdf” of “${VENDOR}”`,
      `Dorothy Vaughan recorded the SOC 2 Type II report “cirrus-soc2-type2.pdf” of “${VENDOR}”`,
      `Dorothy Vaughan added the vendor “${VENDOR}”`,
    ])
      await ledger.getByText(sentence, { exact: true }).waitFor();
    const said = await ledger.getByTestId("ledger-description").allInnerTexts();
    const at = (start: string) => said.findIndex((d) => d.startsWith(start));
    expect(at("Dorothy Vaughan moved INC-1 to post-mortem done")).toBeLessThan(at("Dorothy Vaughan logged INC-1"));
    expect(at("Dorothy Vaughan logged INC-1")).toBeLessThan(at("Dorothy Vaughan imported the scanner report"));
    expect(at("Dorothy Vaughan imported the scanner report")).toBeLessThan(at("Dorothy Vaughan added the risk"));
    expect(at("Dorothy Vaughan added the risk")).toBeLessThan(at("Dorothy Vaughan added the vendor"));
    // Each register's entries name their record, even those (a status move, an import) whose payload does not.
    for (const record of ["INC-1", "trivy-alpine-3.10.sarif", "cirrus-soc2-type2.pdf", RISK, VENDOR])
      await ledger
        .getByRole("button", { name: `Show only entries about ${record}` })
        .first()
        .waitFor();
    expect(await ledger.getByRole("button", { name: "Show only entries about INC-1" }).count()).toBe(6);
    await shot(page, "10-activity");
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
