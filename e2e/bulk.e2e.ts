/**
 * Bulk edits in a real browser against the real server: the owner adopts the control library, ticks two controls,
 * chooses a new owner, sees what changes on each control before anything is saved, applies it, and the list shows
 * the new owner on both. Screenshots: test-results/bulk/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProgram, type E2eApp, screenshots, setUp, startApp } from "./helpers.ts";

const shot = screenshots("bulk");
const OWNER = {
  org: "Larkspur Labs",
  name: "Dana Scully",
  email: "dana@larkspur.test",
  password: "amber-quartz-river-61",
};

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
});
afterAll(() => app.close());

describe("bulk edit journey", () => {
  it("changes the owner of two controls after previewing what changes on each", async () => {
    await setUp(page, OWNER);
    await page.goto(`${await createProgram(page)}/controls`);

    const boxes = page.getByRole("checkbox", { name: /^Select / });
    await boxes.first().waitFor();
    const keys: string[] = [];
    for (const i of [0, 1]) {
      keys.push((await boxes.nth(i).getAttribute("aria-label"))!.replace("Select ", ""));
      await boxes.nth(i).check();
    }
    const bar = page.getByTestId("bulk-bar");
    await bar.getByText("2 controls selected").waitFor();
    await bar.getByRole("button", { name: "Edit selected…" }).click();

    const dialog = page.getByRole("dialog", { name: "Edit selected controls" });
    // Nothing chosen: the preview says what to choose instead of doing nothing.
    await dialog.getByRole("button", { name: "Preview changes" }).click();
    await dialog.getByText("Choose a new owner, frequency or status first.").waitFor();
    await dialog.getByLabel("Owner", { exact: true }).fill("Dana");
    await page.getByRole("option", { name: /Dana Scully/ }).click();
    await dialog.getByRole("button", { name: "Preview changes" }).click();

    const preview = dialog.getByTestId("bulk-preview");
    await preview.waitFor();
    const lines = await preview.getByRole("listitem").allTextContents();
    expect(lines).toEqual(keys.map((k) => `${k}: owner nobody → Dana Scully`));
    await preview.getByText("Changes: 2").waitFor();
    await shot(page, "01-preview", { viewport: true });
    // The same preview in the dark theme (looked at, and checked by axe like every screenshot). The dialog's
    // overlay covers the theme button, so the scheme Mantine reads is switched on the document directly.
    const scheme = (s: string) =>
      page.evaluate((v) => document.documentElement.setAttribute("data-mantine-color-scheme", v), s);
    await scheme("dark");
    await shot(page, "01b-preview-dark", { viewport: true });
    await scheme("light");

    await dialog.getByRole("button", { name: "Apply 2 changes" }).click();
    await dialog.waitFor({ state: "hidden" });
    for (const k of keys) await page.getByTestId(`control-row-${k}`).getByText("Dana Scully").waitFor();
    await bar.waitFor({ state: "hidden" });
    await shot(page, "02-applied");
  });

  it("saw no CSP violations and no page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
