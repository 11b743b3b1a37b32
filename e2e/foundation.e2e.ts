/**
 * The foundation journey in a real browser against the real server (a child process on a fresh data folder)
 * with real SMTP: first-run setup → sign in → enroll TOTP → invite a member (mail caught by the local SMTP
 * server) → the member accepts, sets a password and signs in → the owner sees both people and their events in
 * Activity → the ledger verifies. Screenshots go to test-results/e2e/.
 */
import * as OTPAuth from "otpauth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkIn, startSmtpCatcher } from "../test/smtp.ts";
import { type E2eApp, screenshots, setUp, signIn, signOut, startApp } from "./helpers.ts";

const shot = screenshots("e2e");

const OWNER = { org: "Acme Cloud", name: "Ada Lovelace", email: "ada@acme.test", password: "orbit-lantern-velvet-93" };
const MEMBER = { name: "Grace Hopper", email: "grace@acme.test", password: "copper-meadow-falcon-58" };

/** TOTP codes work once each: wait for a time step newer than the last one used. */
function codeGenerator(secret: string) {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
  let lastStep = -1;
  return async () => {
    let step = Math.floor(Date.now() / 30_000);
    if (step <= lastStep) {
      await new Promise((r) => setTimeout(r, (lastStep + 1) * 30_000 - Date.now() + 200));
      step = Math.floor(Date.now() / 30_000);
    }
    lastStep = step;
    return totp.generate({ timestamp: step * 30_000 + 1_000 });
  };
}

let app: E2eApp;
let base: string;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
let ownerPage: Page;
let nextCode: () => Promise<string>;
const newContext = () => app.newContext();

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  app = await startApp({ SMTP_URL: smtp.url, SMTP_FROM: "Assay <assay@e2e.test>" });
  base = app.base;
  ({ page: ownerPage } = await newContext());
});

afterAll(async () => {
  await app?.close();
  await smtp?.close().catch(() => {});
});

describe("foundation journey", () => {
  it("first run: setup creates the organization and its owner", async () => {
    const page = ownerPage;
    await setUp(page, OWNER);
    await shot(page, "01-home-after-setup");

    // Setup is closed from now on.
    await page.goto("/setup");
    await page.waitForURL(`${base}/`);
  });

  it("the owner signs out and signs in with a password", async () => {
    const page = ownerPage;
    await signOut(page, OWNER.name);
    await shot(page, "02-sign-in");
    await signIn(page, OWNER.email, OWNER.password);
    await page.getByRole("heading", { name: "Welcome, Ada" }).waitFor();
  });

  it("the owner enrolls TOTP and then signs in with a code", async () => {
    const page = ownerPage;
    await page.goto("/account");
    await page.getByRole("button", { name: "Set up MFA" }).click();
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
    const secret = (await page.getByLabel("Secret", { exact: true }).textContent())?.trim() ?? "";
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    nextCode = codeGenerator(secret);
    await shot(page, "03-mfa-scan");
    await page.getByLabel("Code from the app").fill(await nextCode());
    await page.getByRole("button", { name: "Turn on MFA" }).click();
    await page.getByText("Save these recovery codes now").waitFor();
    expect(await page.getByTestId("recovery-code").count()).toBeGreaterThanOrEqual(8);
    await shot(page, "04-mfa-recovery-codes");
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByText("Multi-factor authentication is on.").waitFor();

    await signOut(page, OWNER.name);
    await signIn(page, OWNER.email, OWNER.password);
    await page.getByLabel("Authentication code").waitFor();
    await shot(page, "05-mfa-challenge");
    await page.getByLabel("Authentication code").fill(await nextCode());
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "Welcome, Ada" }).waitFor();
  });

  it("the owner invites a member and the invitation arrives by email", async () => {
    const page = ownerPage;
    await page.goto("/settings/invitations");
    await page.getByLabel("Email").fill(MEMBER.email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByRole("cell", { name: MEMBER.email, exact: true }).waitFor();
    await shot(page, "06-invitation-pending");
    const mail = await smtp.waitFor(MEMBER.email);
    const link = linkIn(mail.raw, "/invite\\?token=");
    expect(link.startsWith(`${base}/invite?token=`)).toBe(true);

    // The member, in a browser of their own, accepts with a new account and is signed in.
    const { context, page: member } = await newContext();
    try {
      await member.goto(link);
      await member.getByRole("heading", { name: `Join ${OWNER.org}` }).waitFor();
      await shot(member, "07-invitation-accept");
      await member.getByLabel("Your name").fill(MEMBER.name);
      await member.getByLabel(/^Password/).fill(MEMBER.password);
      await member.getByRole("button", { name: "Create account and join" }).click();
      await member.getByRole("heading", { name: "Welcome, Grace" }).waitFor();

      // …and can sign in again with the password they chose.
      await signOut(member, MEMBER.name);
      await signIn(member, MEMBER.email, MEMBER.password);
      await member.getByRole("heading", { name: "Welcome, Grace" }).waitFor();
      await member.getByText(`${OWNER.org} · you are an employee`).waitFor();
      await shot(member, "08-member-home");
      // An employee has no Activity or Jobs in the navigation.
      expect(await member.getByRole("link", { name: "Activity" }).count()).toBe(0);
      expect(await member.getByRole("link", { name: "Jobs" }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("the owner sees both people and their events in Activity, and the ledger verifies", async () => {
    const page = ownerPage;
    await page.goto("/settings/members");
    await page.getByText(MEMBER.email).waitFor();
    await expect(page.getByText(OWNER.email).count()).resolves.toBeGreaterThan(0);
    await shot(page, "09-members");

    await page.goto("/activity");
    const rows = page.locator("[data-testid^=ledger-row-]");
    await rows.first().waitFor();
    const table = (await page.getByRole("table", { name: "Ledger entries" }).textContent()) ?? "";
    for (const text of [OWNER.email, MEMBER.email, "organization.created", "user.mfa_enabled", "invitation.created"])
      expect(table).toContain(text);

    await page.getByRole("button", { name: "Verify ledger" }).click();
    const verified = page.getByTestId("ledger-verified");
    await verified.waitFor();
    expect(await verified.textContent()).toContain("Ledger intact");
    expect(await page.getByTestId("ledger-broken").count()).toBe(0);
    await rows.first().click();
    await shot(page, "10-activity-verified");
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
