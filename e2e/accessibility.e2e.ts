/**
 * Accessibility across the app in a real browser: every `shot()` runs axe-core (helpers.ts, critical and serious
 * violations fail when ASSAY_AXE=enforce). This journey adds what the others do not visit: long text in a form is
 * kept whole, counted near its limit and refused before anything is sent (the server's limit, from
 * src/core/text-limits.ts), and the main pages in the dark theme. Screenshots: test-results/accessibility/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEXT_LIMITS } from "../src/core/text-limits.ts";
import { createProgram, type E2eApp, expectDarkTheme, screenshots, setUp, signIn, startApp } from "./helpers.ts";

const shot = screenshots("accessibility");
const OWNER = {
  org: "Lumen Labs",
  name: "Katherine Johnson",
  email: "kj@lumen.test",
  password: "saffron-tide-quartz-41",
};

let app: E2eApp;
let page: Page;
let programUrl: string;

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
});
afterAll(async () => {
  await app?.close();
});

describe("accessibility journey", () => {
  it("keeps text over a field's limit whole, counts it, and refuses it before sending", async () => {
    await setUp(page, OWNER);
    programUrl = await createProgram(page, { library: false });

    await page.goto(`${programUrl}/remediation`);
    await page.getByRole("button", { name: "New item" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New remediation item" });
    await dialog.getByLabel("Title").fill("Rotate the deploy keys");
    const gap = dialog.getByRole("textbox", { name: "Gap" });
    const pasted = "The deploy keys have not been rotated since 2019. ".repeat(81).slice(0, TEXT_LIMITS.long + 1);
    await gap.fill(pasted);
    // Nothing is cut: the whole text stays in the field, with the count and the server's own words.
    expect((await gap.inputValue()).length).toBe(TEXT_LIMITS.long + 1);
    await dialog.getByText("4,001 / 4,000 characters").waitFor();
    await dialog.getByText("Keep this to at most 4,000 characters (it has 4,001).").waitFor();
    expect(await gap.getAttribute("aria-invalid")).toBe("true");

    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().includes("/remediation")) posts.push(r.url());
    });
    await dialog.getByRole("button", { name: "Create item" }).click();
    await expect.poll(() => gap.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot(page, "01-text-over-limit", { viewport: true });
    expect(posts).toEqual([]);
    expect(await dialog.isVisible()).toBe(true);

    // Back under the limit: the error goes, the count stays while near the limit.
    await gap.fill(pasted.slice(0, 3_500));
    await dialog.getByText("3,500 / 4,000 characters").waitFor();
    expect(await dialog.getByText(/Keep this to at most/).count()).toBe(0);
    await gap.fill("The deploy keys have not been rotated since 2019.");
    expect(await dialog.getByText(/ \/ 4,000 characters/).count()).toBe(0);
  });

  it("the main pages pass in the dark theme", async () => {
    const dark = await app.newContext({ colorScheme: "dark" });
    try {
      await signIn(dark.page, OWNER.email, OWNER.password);
      await dark.page.getByRole("heading", { name: "Welcome, Katherine" }).waitFor();
      await expectDarkTheme(dark.page);
      await shot(dark.page, "02-dark-home");
      for (const [name, path] of [
        ["03-dark-program", programUrl],
        ["04-dark-members", "/settings/members"],
        ["05-dark-tokens", "/settings/tokens"],
      ] as const) {
        await dark.page.goto(path);
        await dark.page.getByRole("heading", { level: 1 }).first().waitFor();
        await shot(dark.page, name);
      }
    } finally {
      await dark.context.close();
    }
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
