/**
 * The policy templates in a real browser: the templates page (from Policies) lists every template with the controls it supports,
 * search narrows the list, and a template renders as a document with the organization's name filled in — an
 * organization name that looks like HTML shows as text and never becomes markup. Screenshots in
 * test-results/policies/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eApp, screenshots, setUp, startApp, UI_TIMEOUT } from "./helpers.ts";

const shot = screenshots("policies");
const ORG = `Globex <img src=x onerror="window.pwned=1"> & Co`;
const OWNER = { org: ORG, name: "Pat Policy", email: "pat@globex.test", password: "correct horse battery staple 42" };

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
});

afterAll(async () => {
  await app?.close();
});

describe("policy templates", () => {
  it("lists every policy with the controls it supports, and searches them", async () => {
    await setUp(page, OWNER);
    await page.getByRole("link", { name: "Policies", exact: true }).click();
    await page.waitForURL("**/policies");
    await page.getByRole("link", { name: "Templates" }).click();
    await page.waitForURL("**/policies/templates");
    const table = page.getByRole("table", { name: "Policy templates" });
    await table.getByTestId("policy-backup").waitFor({ timeout: UI_TIMEOUT });
    expect(await table.locator("tbody tr").count()).toBeGreaterThanOrEqual(25);
    await expect.poll(() => table.getByTestId("policy-backup").innerText()).toContain("AVL-02");
    await shot(page, "01-list");

    await page.getByLabel("Search policies").fill("ACC-03");
    await expect.poll(() => table.locator("tbody tr").count(), { timeout: UI_TIMEOUT }).toBe(2);
    expect(await table.getByTestId("policy-access-control").count()).toBe(1);
    expect(await table.getByTestId("policy-password-authentication").count()).toBe(1);
  });

  it("renders a template with the organization's name, safely", async () => {
    await page.getByRole("table", { name: "Policy templates" }).getByText("Password and Authentication Policy").click();
    await page.waitForURL("**/policies/templates/password-authentication");
    const doc = page.getByTestId("policy-document");
    await doc.getByRole("heading", { name: "Password and Authentication Policy", level: 1 }).waitFor();
    await doc.getByRole("heading", { name: "Policy statements" }).waitFor();
    expect(await doc.locator("table").count()).toBeGreaterThanOrEqual(2);
    expect(await doc.innerText()).toContain(ORG);
    expect(await doc.innerText()).not.toMatch(/\{\{|\}\}/);
    expect(await doc.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.getByTestId("policy-controls").innerText()).toContain("ACC-03");
    await shot(page, "02-detail");
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
