/**
 * The foundation journey in a real browser against the real server (a child process on a fresh data folder)
 * with real SMTP: first-run setup → sign in → enroll TOTP → invite a member (mail caught by the local SMTP
 * server) → the member accepts, sets a password and signs in → the owner sees both people and their events in
 * Activity → the ledger verifies. Screenshots go to test-results/e2e/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as OTPAuth from "otpauth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkIn, startSmtpCatcher } from "../test/smtp.ts";
import { type E2eApp, expectDarkTheme, screenshots, setUp, signIn, signOut, startApp } from "./helpers.ts";

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
    // A mistyped address is refused with the reason, and the message goes as soon as the address is right.
    const email = page.getByRole("textbox", { name: "Email" });
    const wrong = page.getByText("Enter an email address like name@example.com.");
    await email.fill("grace@acme");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await wrong.waitFor();
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    await shot(page, "06a-invitation-invalid-email");
    await email.fill(MEMBER.email);
    await wrong.waitFor({ state: "detached" });
    expect(await email.getAttribute("aria-invalid")).not.toBe("true");
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
    // The log reads as sentences with people's names, not event codes.
    const lines = page.getByTestId("ledger-description");
    await lines.first().waitFor();
    const described = await lines.allTextContents();
    for (const line of [
      `${OWNER.name} created the organization ${OWNER.org}`,
      `${OWNER.name} turned on multi-factor authentication with an authenticator app`,
      `${OWNER.name} invited ${MEMBER.email} as employee`,
      `${MEMBER.name} joined the organization as employee`,
    ])
      expect(described).toContain(line);
    expect(described.join("\n")).not.toMatch(/organization\.created|user\.mfa_enabled|invitation\.created/);
    const table = (await page.getByRole("table", { name: "Ledger entries" }).textContent()) ?? "";
    for (const text of [OWNER.email, MEMBER.email]) expect(table).toContain(text);

    await page.getByRole("button", { name: "Verify ledger" }).click();
    const verified = page.getByTestId("ledger-verified");
    await verified.waitFor();
    expect(await verified.textContent()).toContain("Ledger intact");
    expect(await page.getByTestId("ledger-broken").count()).toBe(0);
    await rows.first().click();
    await shot(page, "10-activity-verified");

    await rows.first().click(); // closed again

    // One click on a line shows the raw entry: its code, hash and signature.
    const invited = page.locator("[data-testid^=ledger-row-]", { hasText: `invited ${MEMBER.email}` });
    await invited.click();
    const raw = page.getByTestId("ledger-raw");
    await raw.waitFor({ state: "attached" });
    expect(await raw.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('"action": "invitation.created"')]),
    );
    expect((await page.getByTestId("ledger-signature").allTextContents()).every((t) => t.length > 40)).toBe(true);

    // The record button keeps only the entries about that invitation, and the filter is in the address.
    await invited.getByRole("button", { name: `Show only entries about ${MEMBER.email}` }).click();
    await page.waitForURL(/entityType=invitation&entityId=/);
    await page.getByTestId("record-filter").getByText(`Only ${MEMBER.email}`).waitFor();
    await expect.poll(async () => (await lines.allTextContents()).every((t) => t.includes(MEMBER.email))).toBe(true);
    await page.reload();
    await page.getByTestId("record-filter").getByText(`Only ${MEMBER.email}`).waitFor();
    expect(await lines.count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: /Show entries about every record/ }).click();
    await page.waitForURL((url) => !url.searchParams.has("entityId"));

    // Filtered by person and kind, through the address too.
    await page.getByRole("combobox", { name: "Person" }).click();
    await page.getByRole("option", { name: OWNER.email }).click();
    await page.waitForURL(/actor=/);
    await page.getByRole("combobox", { name: "Kind" }).click();
    await page.getByRole("combobox", { name: "Kind" }).fill("MFA turned on");
    await page.getByRole("option", { name: "Account: MFA turned on" }).click();
    await page.waitForURL(/action=user\.mfa_enabled/);
    await expect
      .poll(() => lines.allTextContents())
      .toEqual([`${OWNER.name} turned on multi-factor authentication with an authenticator app`]);
    await page.goto("/activity");
    await lines.first().waitFor();
    await shot(page, "10b-activity-described");
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await expectDarkTheme(page);
    await shot(page, "10c-activity-dark");
    await page.getByRole("button", { name: "Switch to light theme" }).click();

    // For the auditor: the verifiable chain and the signed checkpoints, then a verification against that file.
    const download = async (item: RegExp) => {
      await page.getByRole("button", { name: "Export", exact: true }).click();
      const [file] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("menuitem", { name: item }).click(),
      ]);
      return fs.readFileSync((await file.path())!, "utf8");
    };
    const chain = (await download(/Verifiable/))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(chain.length).toBeGreaterThan(3);
    expect(chain.every((e, i) => e.seq === i + 1 && e.signature)).toBe(true);
    const checkpoints = await download(/Signed checkpoints/);
    const saved = path.join(os.tmpdir(), `assay-e2e-checkpoints-${Date.now()}.jsonl`);
    fs.writeFileSync(saved, checkpoints);
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser"),
      page.getByRole("button", { name: "Verify against saved checkpoints…" }).click(),
    ]);
    await chooser.setFiles(saved);
    await page.getByTestId("ledger-verified").waitFor();
    fs.rmSync(saved, { force: true });
  });

  it("the owner is told which field is missing when creating an API token", async () => {
    const page = ownerPage;
    await page.goto("/settings/tokens");
    await page.getByRole("button", { name: "Create token" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Create API token" });
    const create = dialog.getByRole("button", { name: "Create token" });
    expect(await create.isEnabled()).toBe(true);
    await create.click();
    const missing = dialog.getByText("Name the token, so you recognise it later.");
    await missing.waitFor();
    const name = dialog.getByRole("textbox", { name: "Name" });
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot(page, "11-token-name-missing", { viewport: true });
    await name.fill("CI evidence upload");
    await missing.waitFor({ state: "detached" });
    await create.click();
    await page.getByRole("dialog", { name: "Copy your new token" }).waitFor();
    await page.getByRole("button", { name: "I have copied it" }).click();
    await page
      .getByRole("cell", { name: /CI evidence upload/ })
      .first()
      .waitFor();
  });

  it("on a 390 px wide phone the header fits and tables scroll inside their card", async () => {
    const page = ownerPage;
    const desktop = page.viewportSize()!;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto("/settings/members");
      await page.getByText(MEMBER.email).waitFor();
      const header = await page.locator("header button, header a").evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { name: el.getAttribute("aria-label") ?? el.textContent, left: r.left, right: r.right };
        }),
      );
      expect(header.length).toBeGreaterThanOrEqual(4);
      expect(header.filter((b) => b.left < 0 || b.right > 390)).toEqual([]);
      await page.getByRole("button", { name: `Account menu for ${OWNER.name}` }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const scroller = await page
        .getByRole("table")
        .first()
        .evaluate((t) => {
          const box = t.closest(".mantine-ScrollArea-viewport") ?? t.parentElement!;
          return { inner: box.scrollWidth, outer: box.clientWidth, right: box.getBoundingClientRect().right };
        });
      expect(scroller.inner).toBeGreaterThan(scroller.outer);
      expect(scroller.right).toBeLessThanOrEqual(390);
      await shot(page, "12-members-phone", { viewport: true });
    } finally {
      await page.setViewportSize(desktop);
    }
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
