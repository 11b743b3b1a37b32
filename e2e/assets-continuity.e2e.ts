/**
 * The asset inventory and continuity in a real browser: the owner adds a system by hand (in scope) and two more
 * from a CSV, marks the imported database in scope, sets its RTO and RPO, records a restore test that takes longer
 * than the RTO, and sees the test marked "objectives missed" and AVL-03 not met. Screenshots: test-results/assets-continuity/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eApp, screenshots, setUp, startApp, UI_TIMEOUT } from "./helpers.ts";

const shot = screenshots("assets-continuity");
const OWNER = {
  org: "Juniper Ledger",
  name: "Katherine Johnson",
  email: "katherine@juniper.test",
  password: "orbit-lantern-quartz-61",
};
const CSV = [
  "name,kind,owner,classification,environment,in scope",
  `Orders database,data store,${OWNER.email},restricted,production,no`,
  `Slack,saas,${OWNER.email},internal,corporate,no`,
].join("\n");

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
});
afterAll(async () => {
  await app?.close();
});

/** Picks an option of a Mantine select (typing first into a searchable one). */
async function choose(
  label: RegExp | string,
  option: RegExp | string,
  scope = page.getByRole("dialog"),
  type?: string,
) {
  const input = scope.getByLabel(label, { exact: typeof label === "string" });
  if (type) await input.fill(type);
  else await input.click();
  await page.getByRole("option", { name: option }).first().click();
}

describe("assets and continuity journey", () => {
  it("adds a system by hand and two assets from a CSV, and marks the database in scope", async () => {
    await setUp(page, OWNER);
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Assets" }).click();
    await page.waitForURL("**/assets");
    await page.getByText("No assets yet").waitFor();
    await shot(page, "01-empty");

    await page.getByRole("button", { name: "Add assets" }).click();
    await page.getByRole("menuitem", { name: "One by hand" }).click();
    const add = page.getByRole("dialog", { name: "Add an asset" });
    await add.getByLabel(/^Name/).fill("Billing API");
    await choose("Owner", new RegExp(OWNER.name), add, "Katherine");
    await choose("Data classification", "Confidential", add);
    await choose("Environment", "Production", add);
    await add.getByLabel(/In the audit's scope/).check();
    await add.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("heading", { name: "Billing API" }).waitFor();
    await shot(page, "02-asset");

    await page.getByRole("link", { name: "Assets" }).first().click();
    await page.waitForURL("**/assets");
    await page.getByRole("button", { name: "Add assets" }).click();
    await page.getByRole("menuitem", { name: "Import a CSV or XLSX" }).click();
    const dialog = page.getByRole("dialog", { name: "Import assets" });
    await dialog.getByLabel("Or paste (and fix) CSV here").fill(CSV);
    await dialog.getByRole("button", { name: "Check the file" }).click();
    await dialog.getByText("2 to add").waitFor();
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    const table = page.getByRole("table", { name: "Assets" });
    await table.getByText("Orders database").waitFor();

    await table.getByRole("link", { name: "Orders database" }).click();
    await page.getByRole("heading", { name: "Orders database" }).waitFor();
    await page.getByRole("button", { name: "Edit", exact: true }).first().click();
    const edit = page.getByRole("dialog", { name: /Edit/ });
    await edit.getByLabel(/In the audit's scope/).check();
    await edit.getByRole("button", { name: "Save" }).click();
    await edit.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByText("In scope", { exact: true }).waitFor();

    await page.getByRole("link", { name: "Assets" }).first().click();
    const inScope = page.getByRole("region", { name: "In-scope assets" });
    await inScope.getByText("2 in scope").waitFor();
    await inScope.getByRole("link", { name: "Orders database" }).waitFor();
    await table.getByText("Slack").waitFor();
    await shot(page, "03-inventory");
  });

  it("sets RTO and RPO, records a restore test that misses the RTO, and AVL-03 says so", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Continuity" }).click();
    await page.waitForURL("**/continuity");
    await page.getByText("No tests recorded yet").waitFor();

    await page.getByRole("button", { name: "Set RTO and RPO" }).click();
    const objective = page.getByRole("dialog", { name: "Set recovery objectives" });
    await choose(/System or data store/, /Orders database/, objective);
    await objective.getByLabel("RTO", { exact: true }).fill("4");
    await objective.getByLabel("RPO", { exact: true }).fill("1");
    await objective.getByRole("button", { name: "Save" }).click();
    await objective.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    const objectives = page.getByRole("region", { name: "Recovery objectives" });
    await objectives.getByText("4 h").waitFor();
    await objectives.getByText("Never tested").waitFor();

    await page.getByRole("button", { name: "Record a test" }).click();
    const record = page.getByRole("dialog", { name: "Record a test" });
    await record
      .getByRole("textbox", { name: /Scenario/ })
      .fill("Restore last night's snapshot of the orders database");
    await choose("Systems covered", /Orders database/, record);
    await record.getByLabel("Recovery time achieved", { exact: true }).fill("6");
    await record.getByLabel("Data lost", { exact: true }).fill("30");
    await record.getByRole("button", { name: "Record", exact: true }).click();
    await record.waitFor({ state: "hidden", timeout: UI_TIMEOUT });

    const tests = page.getByRole("table", { name: "Tests" });
    await tests.getByText("Objectives missed").waitFor();
    await objectives.getByText("Objectives missed").waitFor();
    await expect
      .poll(() => page.getByTestId("check-AVL-03").innerText(), { timeout: UI_TIMEOUT })
      .toMatch(/not met[\s\S]*Orders database/i);
    await shot(page, "04-continuity");

    await tests.getByRole("link").first().click();
    await page.waitForURL(/\/continuity\/tests\/[0-9a-f-]{36}$/);
    await page.getByText("4 h (missed)").waitFor();
    await shot(page, "05-test");

    // The recovery took 3 hours, not 6: the corrected test keeps the 4 h RTO it was recorded with and now meets it.
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const fix = page.getByRole("dialog", { name: "Correct the test" });
    await fix.getByLabel("Recovery time achieved", { exact: true }).fill("3");
    await fix.getByRole("button", { name: "Save" }).click();
    await fix.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page.getByText("The test was corrected.").waitFor();
    await expect.poll(() => page.getByText("4 h (missed)").count(), { timeout: UI_TIMEOUT }).toBe(0);
    await page.getByText("Objectives met").first().waitFor();
    await shot(page, "05b-test-corrected");

    // The database's page shows its objectives and that last restore test.
    await page.getByRole("link", { name: "Orders database" }).first().click();
    await page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
    const recovery = page.getByRole("region", { name: "Recovery" });
    await recovery.getByText("4 h", { exact: true }).waitFor();
    await recovery.getByText("Objectives met").waitFor();
    await shot(page, "06-asset-recovery");

    // Past test records come in through the shared import: a failover drill from last year's file.
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Continuity" }).click();
    await page.waitForURL("**/continuity");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const importing = page.getByRole("dialog", { name: "Import test records" });
    await importing
      .getByLabel("Or paste (and fix) CSV here")
      .fill(
        "date,kind,scenario,result,systems\n2026-01-20,failover drill,Fail over to the second region,pass,Orders database",
      );
    await importing.getByRole("button", { name: "Check the file" }).click();
    await importing.getByText("1 to add").waitFor();
    await shot(page, "07-import-tests", { viewport: true });
    await importing.getByRole("button", { name: "Import", exact: true }).click();
    await importing.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
    await page
      .getByRole("table", { name: "Tests" })
      .getByText(/Fail over to the second region/)
      .waitFor();
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
