/// <reference lib="dom" />
/**
 * The monitoring journey in a real browser against the real server and the machine's PostgreSQL (127.0.0.1:5432,
 * user postgres, trust): connect it through the form generated from the connector's schema (a wrong role first,
 * to see the actionable error) → save → sync now with live progress, then the counts → the failing SSL test with
 * its reason and chart → an exception is requested and approved by a second member → the test counts as excepted.
 * A custom test is written with a bad rule (inline issues) and dry-run. Screenshots go to test-results/monitoring/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type E2eApp,
  expectDarkTheme,
  inviteMember,
  type MailCatcher,
  screenshots,
  setUp,
  startAppWithMail,
} from "./helpers.ts";

const shot = screenshots("monitoring");
const OWNER = {
  org: "Halcyon Labs",
  name: "Mary Jackson",
  email: "mary@halcyon.test",
  password: "harbor-violet-stone-52",
};
const APPROVER = { name: "Grace Hopper", email: "grace@halcyon.test", password: "compass-amber-field-19" };
const SSL_TEST = "PostgreSQL accepts encrypted connections (SSL on)";

let app: E2eApp;
let smtp: MailCatcher;
let page: Page;
let testUrl = "";

const nav = (p: Page, name: string) =>
  p.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name, exact: true }).click();

let close = async () => {};
beforeAll(async () => {
  // The machine's PostgreSQL is on loopback, which an installation must allow explicitly.
  ({ app, smtp, page, close } = await startAppWithMail({ ASSAY_OUTBOUND_ALLOW: "127.0.0.1" }));
});
afterAll(() => close());

describe("monitoring journey", () => {
  it("connects PostgreSQL through the generated setup form, testing the settings first", async () => {
    await setUp(page, OWNER);
    await nav(page, "Integrations");
    await page.getByText("Nothing is connected yet").waitFor();
    await shot(page, "01-integrations-empty");

    await page.getByRole("button", { name: "Connect PostgreSQL" }).click();
    const dialog = page.getByRole("dialog", { name: "Connect PostgreSQL" });
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("Production database");
    await dialog.getByRole("textbox", { name: "Host", exact: true }).fill("127.0.0.1");
    await dialog.getByRole("textbox", { name: "User", exact: true }).fill("assay_nobody");
    // Secrets are password inputs, never pre-filled.
    expect(await dialog.getByLabel("Password", { exact: true }).getAttribute("type")).toBe("password");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    const result = dialog.getByTestId("test-result");
    await result.waitFor();
    expect(await result.textContent()).toContain('role "assay_nobody" does not exist');
    expect(await result.textContent()).toContain("Create a read-only monitoring role");
    await shot(page, "02-connect-error", { viewport: true });

    await dialog.getByRole("textbox", { name: "User", exact: true }).fill("postgres");
    // An array field: only this database's public schema is checked (others come and go on a shared machine).
    await dialog.getByRole("combobox", { name: "Databases", exact: true }).fill("postgres");
    await dialog.getByRole("combobox", { name: "Databases", exact: true }).press("Enter");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await dialog.getByText("Connection works").waitFor();
    expect(await result.textContent()).toContain("Connected to PostgreSQL");
    await shot(page, "03-connect-ok", { viewport: true });
    await dialog.getByRole("button", { name: "Save connection" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("article", { name: "Connection Production database" }).waitFor();
  });

  it("syncs now, showing the progress and then what the sync found", async () => {
    const card = page.getByRole("article", { name: "Connection Production database" });
    // A local sync finishes within a poll or two, too fast to watch reliably: the first answer of the connection
    // list after the click says a sync is running at 40 %, as a long one would, and the card must show it.
    const list = /\/api\/v1\/monitoring\/connections(\?.*)?$/;
    let shown = false;
    await page.route(list, async (route) => {
      if (shown || route.request().method() !== "GET") return route.continue();
      shown = true;
      const response = await route.fetch();
      const body = (await response.json()) as { items: { currentJob: unknown }[] };
      for (const c of body.items)
        c.currentJob = { id: crypto.randomUUID(), status: "running", progress: 40, message: "reading roles" };
      await route.fulfill({ response, json: body });
    });
    await card.getByRole("button", { name: "Sync now" }).click();
    await card.getByTestId("sync-progress").getByText("Syncing · 40% · reading roles").waitFor();
    await page.unroute(list);
    const done = card.getByTestId("sync-result");
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toMatch(/Sync finished.*\d+ resources/);
    await card.getByText("Healthy").waitFor();
    await card.getByRole("button", { name: "Recent syncs" }).click();
    await shot(page, "04-synced");
    await card.getByRole("table", { name: "Recent syncs" }).getByText("Succeeded").first().waitFor();
  });

  it("lists the resources with filters kept in the URL, and opens one", async () => {
    await nav(page, "Resources");
    await page.getByRole("table", { name: "Resources" }).waitFor();
    await page.getByRole("switch", { name: "Failing only" }).click();
    await expect.poll(() => page.url()).toContain("failing=true");
    const server = page.getByRole("link", { name: /^PostgreSQL \d+.* at 127\.0\.0\.1:5432$/ });
    // The rows re-render with the filter a moment after the address changes: open the link that carries it.
    await expect.poll(() => server.getAttribute("href")).toContain("failing=true");
    await server.click();
    const drawer = page.getByRole("dialog");
    await drawer.getByText("SSL is off").first().waitFor();
    await drawer.getByRole("tab", { name: "Attributes" }).click();
    await drawer
      .getByRole("table", { name: /^Attributes of / })
      .getByText("ssl", { exact: true })
      .waitFor();
    await shot(page, "05-resource", { viewport: true });
    await drawer.getByRole("tab", { name: "History" }).click();
    await drawer.getByText(SSL_TEST).first().waitFor();
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });
    // Closing the drawer keeps the filters.
    await expect.poll(() => new URL(page.url()).search, { timeout: 5000 }).toBe("?failing=true");
  });

  it("shows the failing SSL test with its reason, SLA and chart", async () => {
    await nav(page, "Tests");
    const row = page.getByTestId("test-postgres.ssl_enabled");
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain("1 failing");
    expect(Number(await page.getByTestId("tile-failing").locator("[data-value]").textContent())).toBeGreaterThan(0);
    await shot(page, "06-tests");
    await row.getByRole("link", { name: SSL_TEST }).click();
    await page.getByRole("heading", { name: SSL_TEST }).waitFor();
    testUrl = new URL(page.url()).pathname;
    const failing = page.getByTestId("failing-resource");
    await failing.getByText("SSL is off").waitFor();
    expect(await failing.textContent()).toContain("Due in");
    await page.getByRole("region", { name: "Results over time" }).locator(".recharts-surface").waitFor();
    await page.getByRole("button", { name: "Dry run" }).click();
    await page.getByTestId("dry-run").getByText("No result would change.").waitFor();
    await shot(page, "07-test-detail");
  });

  it("a second member who may approve joins", async () => {
    const { context } = await inviteMember(page, app, smtp, APPROVER, "Compliance manager");
    await context.close();
  });

  it("requests an exception with an expiry; the approver approves it; the test counts as excepted", async () => {
    await page.goto(testUrl);
    await page.getByRole("button", { name: "Request exception" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Request an exception" });
    await dialog
      .getByLabel("Justification")
      .fill("The server only listens on the private network; TLS arrives with the Q3 migration.");
    await dialog.getByLabel("Approver").click();
    await page.getByRole("option", { name: /Grace Hopper/ }).click();
    await dialog.getByText("30 days", { exact: true }).click();
    await shot(page, "08-request-exception", { viewport: true });
    await dialog.getByRole("button", { name: "Request exception" }).click();
    await dialog.waitFor({ state: "hidden" });
    const exceptions = page.getByRole("region", { name: "Exceptions" });
    await exceptions.getByText("Waiting for Grace Hopper").waitFor();

    const { context, page: grace } = await app.newContext({ colorScheme: "dark" });
    try {
      await grace.goto("/sign-in");
      await grace.getByLabel("Email").fill(APPROVER.email);
      await grace.getByLabel(/^Password/).fill(APPROVER.password);
      await grace.getByRole("button", { name: "Sign in" }).click();
      await grace.getByRole("heading", { name: "Welcome, Grace" }).waitFor();
      await nav(grace, "Exceptions");
      await grace.getByText("1 exception waits for your approval").waitFor();
      await expectDarkTheme(grace);
      await shot(grace, "09-dark-exceptions-pending");
      await grace.getByRole("button", { name: `Approve exception for ${SSL_TEST}` }).click();
      const approve = grace.getByRole("dialog", { name: "Approve exception" });
      await approve.getByLabel("Note (optional)").fill("Agreed until the migration.");
      await approve.getByRole("button", { name: "Approve" }).click();
      await approve.waitFor({ state: "hidden" });
      await grace.getByRole("table", { name: "Exceptions" }).getByText("Active").waitFor();
      // The segmented control's radios are visually hidden: pick "Active" with the keyboard, as a person would.
      await grace.getByRole("radio", { name: "Pending" }).focus();
      await grace.keyboard.press("ArrowRight");
      await expect.poll(() => grace.url()).toContain("state=active");
      await grace.getByRole("table", { name: "Exceptions" }).getByText(SSL_TEST).waitFor();
      await shot(grace, "10-dark-exceptions-active");
    } finally {
      await context.close();
    }

    // A fresh load: the approval happened in another browser.
    await page.goto("/monitoring/tests");
    const row = page.getByTestId("test-postgres.ssl_enabled");
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain("1 excepted");
    expect(await row.textContent()).not.toContain("failing");
    expect(await page.getByTestId("tile-excepted").locator("[data-value]").textContent()).toBe("1");
    await shot(page, "11-tests-excepted");
    await row.getByRole("link", { name: SSL_TEST }).click();
    await page.getByRole("region", { name: "Exceptions" }).getByText("Active").waitFor();
    await page
      .getByTestId("failing-resource")
      .getByText(/Excepted until/)
      .waitFor();
    await shot(page, "12-test-excepted");
  });

  it("writes a custom test: rule problems show inline, the dry run previews it", async () => {
    await nav(page, "Tests");
    await page.getByRole("button", { name: "New custom test" }).click();
    const dialog = page.getByRole("dialog", { name: "New custom test" });
    await dialog.getByRole("textbox", { name: "Title", exact: true }).fill("Disconnections are logged");
    await dialog.getByRole("textbox", { name: "Key", exact: true }).fill("log-disconnections");
    await dialog.getByRole("combobox", { name: "Resource type", exact: true }).fill("setting");
    await dialog.getByRole("textbox", { name: "Rule", exact: true }).fill("attr: setting\nop: equals\nvalue: 'on'");
    await dialog.getByRole("button", { name: "Dry run" }).click();
    await dialog.getByRole("alert").filter({ hasText: "Invalid option" }).waitFor();
    await shot(page, "13-custom-test-invalid", { viewport: true });
    await dialog.getByRole("textbox", { name: "Rule", exact: true }).fill("attr: setting\nop: eq\nvalue: 'on'");
    await dialog.getByRole("textbox", { name: /^Applies when/ }).fill("attr: name\nop: eq\nvalue: log_disconnections");
    await dialog.getByRole("button", { name: "Dry run" }).click();
    await dialog.getByTestId("dry-run").getByText("log_disconnections").waitFor();
    await shot(page, "14-custom-test-dry-run", { viewport: true });
    await dialog.getByRole("button", { name: "Save and turn on" }).click();
    await page.getByRole("heading", { name: "Disconnections are logged" }).waitFor();
    expect(page.url()).toContain("/monitoring/tests/custom.log-disconnections");
  });

  it("looks right in the dark theme", async () => {
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await page.getByRole("region", { name: "Results over time" }).waitFor();
    await shot(page, "15-dark-custom-test");
    await nav(page, "Integrations");
    await page.getByRole("article", { name: "Connection Production database" }).waitFor();
    await shot(page, "16-dark-integrations");
    await nav(page, "Tests");
    await page.getByRole("table", { name: "Tests" }).waitFor();
    await shot(page, "17-dark-tests");
    await page.goto(testUrl);
    await page.getByRole("heading", { name: SSL_TEST }).waitFor();
    await page.getByRole("region", { name: "Results over time" }).locator(".recharts-surface").waitFor();
    await shot(page, "18-dark-test-detail");
    await nav(page, "Resources");
    await page.getByRole("table", { name: "Resources" }).waitFor();
    await shot(page, "19-dark-resources");
    await page.getByRole("button", { name: "Switch to light theme" }).click();
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
