/**
 * The API docs page in a real browser: Swagger UI renders the installation's own OpenAPI document, and every
 * request the page makes (scripts, styles, fonts, images, the document itself) goes to the installation, with no
 * CSP violation. Screenshot in test-results/api-docs/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkA11y, type E2eApp, screenshots, startApp } from "./helpers.ts";

const shot = screenshots("api-docs");

let app: E2eApp;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
  page.on("request", (r) => requested.push(r.url()));
});

afterAll(async () => {
  await app?.close();
});

describe("the API docs page", () => {
  it("renders the installation's own operations from the installation alone", async () => {
    await page.goto("/api/docs");
    await page.getByRole("heading", { name: /Assay API/ }).waitFor();
    await page.locator('.opblock-summary-path[data-path="/api/v1/setup/status"]').first().waitFor();
    // Swagger UI's own markup (its colours, buttons inside buttons, an unlabelled server select) is third-party and
    // excluded from the accessibility check; the rest of the page is checked (docs/accessibility.md).
    await shot(page, "01-docs", { a11y: false });
    await checkA11y(page, "api-docs/01-docs", [".swagger-ui"]);

    const origin = new URL(app.base).origin;
    const elsewhere = requested.filter((u) => !u.startsWith("data:") && new URL(u).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(requested.some((u) => u.endsWith("/api/docs/json"))).toBe(true);
    // No validator badge (it would be an image from validator.swagger.io).
    expect(await page.locator("img[src*='validator']").count()).toBe(0);
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
