/**
 * Alert settings in a real browser against the real server: a person chooses how each kind of alert reaches them
 * (kept after a reload), and an admin adds a Slack-compatible webhook that a real local HTTP receiver gets a test
 * message on, while the page only ever shows the URL's host. Screenshots go to test-results/alerts/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver } from "../src/modules/alerts/testing.ts";
import { type E2eApp, screenshots, setUp, startApp } from "./helpers.ts";

const shot = screenshots("alerts");
const OWNER = {
  org: "Orbit Payments",
  name: "Katherine Coleman",
  email: "kc@orbit.test",
  password: "meteor-lilac-fjord-91",
};

let app: E2eApp;
let page: Page;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // The local receiver is on loopback, which an installation must allow explicitly.
  app = await startApp({ ASSAY_WEBHOOK_ALLOW_PRIVATE_HTTP: "true", ASSAY_OUTBOUND_ALLOW: "127.0.0.1" });
  ({ page } = await app.newContext());
});

afterAll(async () => {
  await app?.close();
  await receiver?.close();
});

describe("alert settings", () => {
  it("saves each person's choice of channels per kind of alert", async () => {
    await setUp(page, OWNER);
    await page.goto("/settings/notifications");
    const email = page.getByRole("radiogroup", { name: "A test starts failing by email" });
    await email.getByText("Daily digest").click();
    await page.getByRole("switch", { name: "A sync fails in the app" }).click({ force: true });
    await page.getByText("2 unsaved changes").waitFor();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page.getByText("Your notification preferences are saved.").waitFor();
    await shot(page, "01-preferences");

    await page.reload();
    await expect
      .poll(() => email.getByRole("radio", { name: "Daily digest" }).isChecked(), { timeout: 15_000 })
      .toBe(true);
    expect(await page.getByRole("switch", { name: "A sync fails in the app" }).isChecked()).toBe(false);
  });

  it("adds a webhook, sends it a test message, and never shows the URL again", async () => {
    await page.goto("/settings/webhooks");
    await page.getByText("No webhooks").waitFor();
    await page.getByRole("button", { name: "Add webhook" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add webhook" });
    await dialog.getByLabel("Name").fill("#security-alerts");
    await dialog.getByLabel("Webhook URL").fill(receiver.url);
    await dialog.getByRole("checkbox", { name: "A test starts failing" }).check({ force: true });
    await dialog.getByRole("checkbox", { name: "Send a test message after saving" }).check({ force: true });
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText("answered HTTP 200").waitFor();
    await expect.poll(() => receiver.received.length).toBeGreaterThan(0);
    expect(JSON.stringify(receiver.received[0]!.body)).toContain("text");

    const row = page.getByRole("row").filter({ hasText: "#security-alerts" });
    expect(await row.textContent()).toContain(receiver.host);
    expect(await page.content()).not.toContain("s3cr3t-path-token");
    await shot(page, "02-webhooks");
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
