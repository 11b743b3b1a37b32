/**
 * The vulnerability register in a real browser: the owner imports Trivy's real report of an Alpine 3.10 image, sees
 * four medium findings with their fix-by dates on the dashboard and in the list, opens one; a broken report is refused
 * whole with where it breaks; the report after a fix resolves two. Screenshots: test-results/vulnerabilities/.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eApp, importScannerReport, screenshots, setUp, startApp, UI_TIMEOUT } from "./helpers.ts";

const shot = screenshots("vulnerabilities");
const OWNER = {
  org: "Halcyon Cloud",
  name: "Grace Hopper",
  email: "grace@halcyon.test",
  password: "lantern-quartz-meadow-47",
};
const REPORT = fs.readFileSync(
  path.resolve(import.meta.dirname, "../src/modules/vulnerabilities/scanners/fixtures/trivy-alpine-3.10.json"),
  "utf8",
);
const FIXED = (() => {
  const r = JSON.parse(REPORT);
  r.Results[0].Vulnerabilities = r.Results[0].Vulnerabilities.filter(
    (v: { PkgName: string }) => v.PkgName !== "libssl1.1",
  );
  return JSON.stringify(r);
})();

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
});
afterAll(async () => {
  await app?.close();
});

const importReport = (name: string, content: string) => importScannerReport(page, name, content);

describe("vulnerabilities journey", () => {
  it("starts empty and imports Trivy's report: four medium findings, due in 90 days", async () => {
    await setUp(page, OWNER);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Vulnerabilities" })
      .click();
    await page.waitForURL("**/vulnerabilities");
    await page.getByText("No findings yet").waitFor();
    await shot(page, "01-empty");

    // No GitHub connection yet: the sync says where to add one.
    await page.getByRole("button", { name: "Sync from GitHub" }).click();
    const sync = page.getByRole("dialog", { name: "Sync from GitHub" });
    await sync.getByText("No GitHub connection yet").waitFor();
    expect(await sync.getByRole("button", { name: "Sync", exact: true }).isDisabled()).toBe(true);
    await shot(page, "01b-sync-no-connection", { viewport: true });
    await sync.getByRole("button", { name: "Cancel" }).click();
    await sync.waitFor({ state: "hidden" });

    const dialog = await importReport("alpine-3.10.json", REPORT);
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByText("4 new, 0 seen again, 0 reopened, 0 resolved.").waitFor();
    const findings = page.getByRole("table", { name: "Findings" });
    await findings.getByText("CVE-2019-1549").first().waitFor();
    expect(await page.getByTestId("open-medium").innerText()).toContain("4");
    expect(await findings.getByText(/\(in (89|90) days\)/).count()).toBe(4);
    await shot(page, "02-imported");
  });

  it("opens a finding with its package, fixed version and advisory", async () => {
    await page.getByRole("table", { name: "Findings" }).getByRole("link").first().click();
    await page.waitForURL(/\/vulnerabilities\/[0-9a-f-]{36}$/);
    await page.getByText("Fixed in", { exact: true }).waitFor();
    await page
      .getByText(/1\.1\.1d-r/)
      .first()
      .waitFor();
    await shot(page, "03-finding");
    await page.getByRole("link", { name: "Vulnerabilities" }).first().click();
    await page.waitForURL("**/vulnerabilities");
  });

  it("refuses a broken report whole and says where it breaks", async () => {
    const dialog = await importReport("broken.json", REPORT.slice(0, Math.floor(REPORT.length / 2)));
    await dialog.getByRole("alert").waitFor({ timeout: UI_TIMEOUT });
    expect(await dialog.getByRole("alert").innerText()).toMatch(/line \d+/i);
    await shot(page, "04-refused", { viewport: true });
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  it("imports the report after the fix: the two libssl findings are resolved", async () => {
    const dialog = await importReport("alpine-3.10-fixed.json", FIXED);
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByText("0 new, 2 seen again, 0 reopened, 2 resolved.").waitFor();
    await expect.poll(() => page.getByTestId("open-medium").innerText(), { timeout: UI_TIMEOUT }).toContain("2");
    await page
      .getByRole("button", { name: "Imports" })
      .or(page.getByRole("link", { name: "Imports" }))
      .first()
      .click();
    await page.waitForURL("**/vulnerabilities/imports");
    const imports = page.getByRole("table", { name: "Imports" });
    await imports.getByText("alpine-3.10-fixed.json").waitFor();
    await shot(page, "05-imports");
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it("sets tighter SLAs, saves a view of the open findings and accepts one finding's risk", async () => {
    await page.getByRole("link", { name: "Vulnerabilities" }).first().click();
    await page.waitForURL("**/vulnerabilities");
    await page.getByRole("button", { name: "SLAs" }).click();
    const sla = page.getByRole("dialog", { name: "Remediation SLAs" });
    await sla.getByLabel("Medium").fill("30");
    await shot(page, "06-slas", { viewport: true });
    await sla.getByRole("button", { name: "Save SLAs" }).click();
    await sla.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    const findings = page.getByRole("table", { name: "Findings" });
    await expect.poll(() => findings.getByText(/\(in (29|30) days\)/).count(), { timeout: UI_TIMEOUT }).toBe(2);

    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Open", exact: true }).click();
    await page.waitForURL(/status=open/);
    await page.getByText("2 findings").waitFor();
    await page.getByRole("button", { name: "Views" }).click();
    await page.getByRole("menuitem", { name: "Save this view…" }).click();
    const naming = page.getByRole("dialog", { name: "Save this view" });
    await naming.getByLabel("Name").fill("Open findings");
    await naming.getByRole("button", { name: "Save view" }).click();
    await naming.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByRole("button", { name: "Open findings" }).waitFor();
    await shot(page, "07-saved-view");

    await findings.getByRole("link").first().click();
    await page.waitForURL(/\/vulnerabilities\/[0-9a-f-]{36}\?/);
    await page.getByRole("button", { name: "Accept the risk…" }).click();
    await page.getByLabel("Why").fill("Not reachable: the cipher suite is disabled in our TLS configuration.");
    await page.getByRole("button", { name: "Accept the risk", exact: true }).click();
    await page.getByText(/Accepted until/).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole("button", { name: "Withdraw the acceptance" }).waitFor();
    await shot(page, "08-accepted");
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
