/**
 * Monitoring forms say what is wrong where it is wrong: a PostgreSQL port of 99999 is refused at the field naming
 * 99999 (not clamped to 65535), and requesting an exception with nothing filled in shows each missing field
 * instead of a disabled button. A Linux agent connection shows its last device report, not a sync schedule.
 * Screenshots: test-results/monitoring-forms/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eApp, screenshots, setUp, startApp, UI_TIMEOUT } from "./helpers.ts";

const shot = screenshots("monitoring-forms");
const OWNER = {
  org: "Pinecrest Bank",
  name: "Ada Lovelace",
  email: "ada@pinecrest.test",
  password: "copper-meadow-lantern-47",
};

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  // The machine's PostgreSQL is on loopback, which an installation must allow explicitly.
  app = await startApp({ ASSAY_OUTBOUND_ALLOW: "127.0.0.1" });
  ({ page } = await app.newContext());
});
afterAll(() => app.close());

describe("monitoring forms journey", () => {
  it("refuses an out-of-range port naming the value typed, then connects with a real one", async () => {
    await setUp(page, OWNER);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Integrations", exact: true })
      .click();
    await page.getByRole("button", { name: "Connect PostgreSQL" }).click();
    const dialog = page.getByRole("dialog", { name: "Connect PostgreSQL" });
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("Production database");
    await dialog.getByRole("textbox", { name: "Host", exact: true }).fill("127.0.0.1");
    await dialog.getByRole("textbox", { name: "User", exact: true }).fill("postgres");
    const port = dialog.getByRole("textbox", { name: "Port", exact: true });
    await port.fill("99999");
    await port.blur();
    expect(await port.inputValue()).toBe("99999");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await dialog.getByText("Port 99999 is out of range: use a whole number from 1 to 65535.").waitFor();
    await port.scrollIntoViewIfNeeded();
    expect(await dialog.getByText(/65535 (is|refused)|:65535/).count()).toBe(0);
    await shot(page, "01-port-out-of-range", { viewport: true });

    await port.fill("5432");
    await dialog.getByText("Port 99999 is out of range").waitFor({ state: "hidden" });
    await dialog.getByRole("combobox", { name: "Databases", exact: true }).fill("postgres");
    await dialog.getByRole("combobox", { name: "Databases", exact: true }).press("Enter");
    await dialog.getByRole("button", { name: "Save connection" }).click();
    await dialog.waitFor({ state: "hidden" });
    const card = page.getByRole("article", { name: "Connection Production database" });
    await card.getByRole("button", { name: "Sync now" }).click();
    await card.getByTestId("sync-result").waitFor({ timeout: 60_000 });
  });

  it("shows which exception fields are missing when the request is sent empty", async () => {
    await page.goto("/monitoring/tests/postgres.ssl_enabled");
    // The first sync runs on its own after saving; the machine's PostgreSQL has SSL off.
    await page
      .getByTestId("failing-resource")
      .first()
      .waitFor({ timeout: UI_TIMEOUT * 4 });
    await page.getByRole("button", { name: "Request exception" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Request an exception" });
    const submit = dialog.getByRole("button", { name: "Request exception" });
    expect(await submit.isDisabled()).toBe(false);
    await submit.click();
    await dialog
      .getByText("Explain why the failure is accepted (at least a sentence, 10 characters or more).")
      .waitFor();
    await dialog.getByText(/Nobody else may approve exceptions/).waitFor();
    expect(await dialog.getByLabel("Justification").getAttribute("aria-invalid")).toBe("true");
    await shot(page, "02-exception-missing-fields", { viewport: true });
    // Typing clears the field's message.
    await dialog.getByLabel("Justification").fill("Private network only; TLS arrives with the Q3 migration.");
    await dialog.getByText("Explain why the failure is accepted").waitFor({ state: "hidden" });
  });

  it("shows a Linux agent connection by its device reports: no schedule and no Sync now", async () => {
    await page.goto("/monitoring/integrations");
    await page.getByRole("button", { name: "Connect Linux endpoint agent" }).click();
    const dialog = page.getByRole("dialog", { name: "Connect Linux endpoint agent" });
    expect(await dialog.getByText("Schedule").count()).toBe(0);
    await dialog.getByRole("button", { name: "Save connection" }).click();
    await dialog.waitFor({ state: "hidden" });
    const card = page.getByRole("article", { name: "Connection Linux endpoint agent" });
    await card.getByTestId("last-report").getByText("No device has reported yet").waitFor();
    await card.getByText("No reports yet").waitFor();
    expect(await card.getByRole("button", { name: "Sync now" }).count()).toBe(0);
    expect(await card.getByText(/Next sync|Not synced yet/i).count()).toBe(0);
    await shot(page, "03-agent-connection");
  });

  it("saw no CSP violations and no page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
