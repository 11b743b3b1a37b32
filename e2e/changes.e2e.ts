/**
 * The change register in a real browser: the owner syncs a real local git repository (merges --no-ff, a self-merge,
 * a direct commit), sees the unreviewed ones flagged, records an emergency change they cannot approve themselves; a
 * compliance manager approves it after the fact; the owner downloads the population CSV, then widens the window
 * for after-the-fact approval in the settings dialog and sees a new emergency change judged by it.
 * Screenshots: test-results/changes/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeChangeRepository } from "../src/integrations/git/testing.ts";
import {
  type E2eApp,
  inviteMember,
  type MailCatcher,
  screenshots,
  setUp,
  startAppWithMail,
  UI_TIMEOUT,
} from "./helpers.ts";

const shot = screenshots("changes");
const OWNER = {
  org: "Quayside Apps",
  name: "Ada Lovelace",
  email: "ada@quayside.test",
  password: "copper-wren-valley-38",
};
const APPROVER = { name: "Bob Reviewer", email: "bob@quayside.test", password: "slate-harbor-pine-52" };

const root = fs.mkdtempSync(path.join(os.tmpdir(), "assay-e2e-changes-"));
const fixture = makeChangeRepository(root);
let app: E2eApp;
let smtp: MailCatcher;
let page: Page;
let close = async () => {};
let approver: Awaited<ReturnType<typeof inviteMember>> | undefined;
let changeUrl = "";

beforeAll(async () => {
  ({ app, smtp, page, close } = await startAppWithMail({ ASSAY_CONNECTOR_LOCAL_PATHS: root }));
});
afterAll(async () => {
  await approver?.context.close();
  await close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** A POST from the signed-in page (the git connection is made through the API, as a script would). */
async function post(p: Page, url: string, body: unknown) {
  return p.evaluate(
    async ([u, b]) => {
      const s = await (await fetch("/api/v1/auth/session")).json();
      const res = await fetch(u as string, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": s.csrfToken },
        body: JSON.stringify(b),
      });
      return res.status;
    },
    [url, body] as const,
  );
}

/** The local wall clock a minute ago, as a datetime-local field takes it. */
const localNow = () => {
  const d = new Date(Date.now() - 60_000 - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

describe("changes journey", () => {
  it("syncs a local git repository and flags the changes nobody else reviewed", async () => {
    await setUp(page, OWNER);
    approver = await inviteMember(page, app, smtp, APPROVER, "Compliance manager");
    expect(
      await post(page, "/api/v1/monitoring/connections", {
        type: "git",
        name: "Mobile app repository",
        config: { path: fixture.repo },
      }),
    ).toBe(201);
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Changes" }).click();
    await page.waitForURL("**/changes");
    await page.getByText("No changes yet").waitFor();
    await shot(page, "01-empty");

    await page.getByRole("button", { name: "Sync", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Sync changes from a connection" });
    await dialog.getByLabel("From").fill("2026-05-01");
    await dialog.getByLabel("To").fill("2026-05-31");
    await dialog.getByRole("button", { name: "Sync", exact: true }).click();
    await dialog.getByText("5 changes from 2026-05-01 to 2026-05-31: 5 new, 0 updated, 0 unchanged.").waitFor({
      timeout: UI_TIMEOUT,
    });
    await shot(page, "02-synced", { viewport: true });
    await dialog.getByRole("button", { name: "Done" }).click();

    const table = page.getByRole("table", { name: "Changes" });
    await table.getByText("Merge branch 'feature/login'").waitFor();
    // The self-merge and the direct commit: nobody but Ada.
    expect(await table.getByText("Unreviewed", { exact: true }).count()).toBe(2);
    await shot(page, "03-list");
    await page.getByRole("textbox", { name: /Search title/ }).fill("feature/self");
    await expect.poll(() => table.getByRole("row").count(), { timeout: UI_TIMEOUT }).toBe(2);
    await table.getByRole("link", { name: /feature\/self/ }).click();
    await page.getByRole("alert").filter({ hasText: "No independent review" }).waitFor();
    await shot(page, "04-unreviewed-change");
  });

  it("records an emergency change its author cannot approve, and another person approves it after the fact", async () => {
    await page.goto("/changes/new");
    await page.getByLabel("Title").fill("Roll back the payment SDK after checkout failures");
    await page.getByLabel("Author").fill(OWNER.email);
    await page.getByLabel("Merged at").fill(localNow());
    await page.getByLabel("Emergency change").check();
    await page.getByLabel("Risk and impact").fill("Checkout failed for 12% of customers for 20 minutes.");
    await page.getByRole("button", { name: "Record", exact: true }).click();
    await page.waitForURL(/\/changes\/[0-9a-f-]{36}$/);
    changeUrl = new URL(page.url()).pathname;
    await page.getByText("The author of a change cannot approve it: another person must.").waitFor();
    await shot(page, "05-emergency-author");

    const other = approver!.page;
    await other.goto(changeUrl);
    await other
      .getByLabel("Justification")
      .fill("Rollback only; diff checked, incident INC-7 opened for the root cause.");
    await other.getByRole("button", { name: "Approve", exact: true }).click();
    await other.getByText(/Approved after the fact by/).waitFor({ timeout: UI_TIMEOUT });
    await shot(other, "06-approved");
  });

  it("shows the population of the period with its counts and downloads it as CSV", async () => {
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`/changes/population?from=2026-05-01&to=${today}`);
    await page.getByTestId("count-changes").filter({ hasText: "6" }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId("count-unreviewed").innerText()).toBe("3");
    expect(await page.getByTestId("count-emergency").innerText()).toBe("1");
    expect(await page.getByTestId("count-emergency unapproved").innerText()).toBe("0");
    await shot(page, "07-population");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Download the population as CSV/ }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(download.suggestedFilename()).toBe(`change-population-2026-05-01-to-${today}.csv`);
    expect(csv.trim().split(/\r?\n/)).toHaveLength(7);
    expect(csv).toContain("Roll back the payment SDK");
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it("sets the window for approving emergency changes after the fact, and a change page states it", async () => {
    await page.goto("/changes");
    await page.getByRole("button", { name: "Settings", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Change settings" });
    const days = dialog.getByRole("textbox", { name: /Days to approve an emergency change/ });
    await expect.poll(() => days.inputValue(), { timeout: UI_TIMEOUT }).toBe("3 days");
    await days.fill("7");
    await shot(page, "08-settings", { viewport: true });
    await dialog.getByRole("button", { name: "Save settings" }).click();
    await page
      .getByText("Emergency changes are judged by the new window from now on.")
      .waitFor({ timeout: UI_TIMEOUT });
    await dialog.waitFor({ state: "hidden" });

    await page.goto("/changes/new");
    await page.getByLabel("Title").fill("Hotfix the session cookie flags");
    await page.getByLabel("Merged at").fill(localNow());
    await page.getByLabel("Emergency change").check();
    await page.getByRole("button", { name: "Record", exact: true }).click();
    await page.waitForURL(/\/changes\/[0-9a-f-]{36}$/);
    await page.getByText(/approves it within 7 days\./).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, "09-emergency-window");
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
