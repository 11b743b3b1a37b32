/**
 * A remediation plan item as an auditor expects it, in a real browser against the real server: the owner creates
 * an item with resources (the form says which required field is missing), breaks its corrective action into steps
 * (owners, dates), is refused "done" while the root cause is empty (the error says what is missing), completes the
 * steps, fills the root cause and marks it done with a note; the owner's Verify button is disabled and says why;
 * another member verifies it with a note; the history speaks in field labels; an item with a 300-character word
 * stays inside the list and the drawer; the PDF plan shows the steps and both notes; the owner comments on the item,
 * mentioning the verifier.
 * Screenshots: test-results/remediation/.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfLines } from "../src/modules/remediation/testing.ts";
import {
  createProgram,
  type E2eApp,
  inviteMember,
  type MailCatcher,
  screenshots,
  setUp,
  startAppWithMail,
} from "./helpers.ts";

const shot = screenshots("remediation");
const OWNER = {
  org: "Halcyon Freight",
  name: "Grace Hopper",
  email: "grace@halcyon.test",
  password: "cobalt-harbor-lamp-52",
};
const VERIFIER = { name: "Mary Jackson", email: "mary@halcyon.test", password: "willow-signal-prism-83" };

let app: E2eApp;
let smtp: MailCatcher;
let page: Page;
let programUrl: string;
let verifier: Awaited<ReturnType<typeof inviteMember>> | undefined;
let close = async () => {};

const drawerOf = (p: Page) => p.getByRole("dialog").filter({ has: p.getByRole("tab", { name: "Details" }) });
const steps = (p: Page) => drawerOf(p).getByRole("group", { name: "Corrective action steps" });

beforeAll(async () => {
  ({ app, smtp, page, close } = await startAppWithMail());
});
afterAll(async () => {
  await verifier?.context.close();
  await close();
});

describe("remediation plan item journey", () => {
  it("creates a program and an item with resources", async () => {
    await setUp(page, OWNER);
    // A second member first: with one member only, the owner may verify their own items.
    verifier = await inviteMember(page, app, smtp, VERIFIER, "Compliance manager");
    programUrl = await createProgram(page, { library: false });

    await page.goto(`${programUrl}/remediation`);
    await page.getByRole("button", { name: "New item" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New remediation item" });
    // Nothing filled in: the button is not silently disabled, the fields say what they need.
    await dialog.getByRole("button", { name: "Create item" }).click();
    await dialog.getByText("Give the item a short title").waitFor();
    await dialog.getByText("Describe the gap: what is missing or not working.").waitFor();
    expect(await dialog.getByLabel("Title").getAttribute("aria-invalid")).toBe("true");
    await shot(page, "01-new-item-missing-fields", { viewport: true });
    await dialog.getByLabel("Title").fill("Enforce MFA on the cloud console");
    await dialog.getByLabel("Gap").fill("Two administrators sign in with a password only.");
    await dialog.getByLabel("What could happen").fill("A phished admin password gives an attacker all of production.");
    await dialog.getByLabel("Monitoring and verification").fill("Monthly IAM credential report, reviewed by security.");
    await dialog.getByLabel("Owner", { exact: true }).fill("Grace");
    await page.getByRole("option", { name: /Grace Hopper/ }).click();
    const resources = dialog.getByRole("group", { name: "Resources" });
    await resources.getByRole("button", { name: "Add resource" }).click();
    await resources.getByLabel("Resource 1 name").fill("Platform team");
    await resources.getByLabel("Resource 1 detail").fill("two engineers for a week");
    await resources.getByRole("button", { name: "Add resource" }).click();
    await resources.getByLabel("Resource 2 kind").click();
    await page.getByRole("option", { name: "Budget" }).click();
    await resources.getByLabel("Resource 2 name").fill("€1,200");
    await shot(page, "01-new-item", { viewport: true });
    await dialog.getByRole("button", { name: "Create item" }).click();
    const drawer = drawerOf(page);
    await drawer.getByRole("tab", { name: "Details" }).waitFor();
    await drawer.getByText("Platform team").waitFor();
  });

  it("breaks the corrective action into steps with owners and dates", async () => {
    const group = steps(page);
    await group.getByRole("button", { name: "Add step" }).click();
    await group.getByLabel("Step 1 title").fill("Enrol every admin with a hardware key");
    await group.getByRole("button", { name: "Add step" }).click();
    await group.getByLabel("Step 2 title").fill("Enable the MFA policy in the identity provider");
    await group.getByLabel("Step 2 owner").fill("Grace");
    await page.getByRole("option", { name: /Grace Hopper/ }).click();
    // Reorder: the policy comes first.
    await group.getByRole("button", { name: "Move step 2 up" }).click();
    expect(await group.getByLabel("Step 1 title").inputValue()).toBe("Enable the MFA policy in the identity provider");
    await group.getByRole("button", { name: "Save steps" }).click();
    await page.getByText("R-1: steps saved.").waitFor();
    await group.getByText("0 of 2 steps done (0%)").waitFor();
    await shot(page, "02-steps", { viewport: true });
  });

  it("is refused done while the root cause is empty, and says what is missing", async () => {
    const drawer = drawerOf(page);
    await drawer.getByRole("button", { name: "Start R-1" }).click();
    await drawer.getByRole("button", { name: "Mark done R-1" }).click();
    const done = page.getByRole("dialog", { name: "Mark done: R-1" });
    await done.getByLabel("What was done").fill("MFA enforced.");
    await done.getByRole("button", { name: "Mark done" }).click();
    const error = done.getByText(/R-1 cannot be marked done yet/);
    await error.waitFor();
    const text = (await error.textContent()) ?? "";
    expect(text).toContain("the root cause");
    expect(text).toContain("to be done or skipped");
    await shot(page, "03-done-refused", { viewport: true });
    await done.getByRole("button", { name: "Cancel" }).click();
  });

  it("completes the steps, fills the root cause and is marked done", async () => {
    const group = steps(page);
    for (const n of [1, 2]) {
      await group.getByLabel(`Step ${n} status`).click();
      await page.getByRole("option", { name: "Done", exact: true }).click();
    }
    await group.getByRole("button", { name: "Save steps" }).click();
    await group.getByText("2 of 2 steps done (100%)").waitFor();

    const drawer = drawerOf(page);
    await drawer.getByRole("tab", { name: "Edit" }).click();
    await drawer.getByLabel("Root cause").fill("MFA was never required when the accounts were created.");
    await drawer.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("R-1 saved.").waitFor();
    await drawer.getByRole("tab", { name: "Details" }).click();
    await drawer.getByRole("button", { name: "Mark done R-1" }).click();
    const done = page.getByRole("dialog", { name: "Mark done: R-1" });
    // "What was done" is required: said under the field, nothing is sent.
    await done.getByRole("button", { name: "Mark done" }).click();
    await done.getByText("Say what was done to fix the gap.").waitFor();
    await done.getByLabel("What was done").fill("MFA enforced for every console user.");
    await done.getByRole("button", { name: "Mark done" }).click();
    await done.waitFor({ state: "hidden" });
    // The owner cannot verify their own item: the button is disabled and says why, before any form is filled.
    const verifyButton = drawer.getByRole("button", { name: "Verify R-1" });
    await verifyButton.waitFor();
    expect(await verifyButton.isDisabled()).toBe(true);
    await drawer.getByText(/You own R-1, so someone else must verify it/).waitFor();
    expect(await page.getByRole("dialog", { name: "Verify the fix: R-1" }).count()).toBe(0);
    await shot(page, "03b-verify-unavailable", { viewport: true });

    // The history names fields as the form does.
    await drawer.getByRole("tab", { name: /History/ }).click();
    await drawer.getByText("Changed root cause").waitFor();
    expect(await drawer.getByText(/rootCause|ownerUserId/).count()).toBe(0);
    await drawer.getByRole("tab", { name: "Details" }).click();
  });

  it("is verified by another member", async () => {
    const member = verifier!.page;
    await member.goto(`${programUrl}/remediation`);
    await member.getByRole("link", { name: "R-1" }).click();
    const drawer = drawerOf(member);
    await drawer.getByRole("button", { name: "Verify R-1" }).click();
    const verify = member.getByRole("dialog", { name: "Verify the fix: R-1" });
    await verify.getByRole("button", { name: "Verify" }).click();
    await verify.getByText("Say how you checked the fix.").waitFor();
    await verify.getByLabel("How you checked it").fill("Tried a console login without MFA: refused.");
    await verify.getByRole("button", { name: "Verify" }).click();
    await verify.waitFor({ state: "hidden" });
    await drawer.getByText(`by ${VERIFIER.name}`).waitFor();
    await drawer.getByText("MFA enforced for every console user.").waitFor();
    await drawer.getByText("Tried a console login without MFA: refused.").waitFor();
    await shot(member, "04-verified", { viewport: true });
  });

  it("wraps a 300-character word in the list and the drawer instead of pushing everything off-screen", async () => {
    const word = `https://tracker.example.com/${"x".repeat(262)}`;
    await page.goto(`${programUrl}/remediation`);
    await page.getByRole("button", { name: "New item" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New remediation item" });
    await dialog.getByLabel("Title").fill(word.slice(0, 290));
    await dialog.getByLabel("Gap").fill(`${word}${word}`);
    await dialog.getByRole("button", { name: "Create item" }).click();
    const drawer = drawerOf(page);
    await drawer.getByRole("tab", { name: "Details" }).waitFor();
    const body = drawer.getByTestId("remediation-drawer-body");
    const fits = await body.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(fits, "the drawer's content is no wider than the drawer").toBe(true);
    await shot(page, "05-long-word-drawer", { viewport: true });
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });
    const row = page.getByTestId("item-R-2");
    await row.waitFor();
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    for (const cell of ["Due", "Status"]) {
      const header = page.getByRole("columnheader", { name: cell, exact: true });
      const box = await header.boundingBox();
      expect(box && box.x + box.width <= width, `${cell} column on screen`).toBe(true);
    }
    const rowBox = await row.boundingBox();
    expect(rowBox && rowBox.x + rowBox.width <= width + 1, "the row fits the window").toBe(true);
    await shot(page, "06-long-word-list");
  });

  it("links a gap that already has an open item to it instead of offering a duplicate", async () => {
    await page.goto(`${programUrl}/readiness?tab=gaps`);
    const card = page.locator("[data-testid^=gap-CC]").first();
    await card.waitFor();
    const criterion = ((await card.getAttribute("data-testid")) ?? "").replace("gap-", "");
    await card.getByRole("button", { name: `Create remediation item for ${criterion}` }).click();
    const dialog = page.getByRole("dialog", { name: "New remediation item" });
    await dialog.getByRole("button", { name: "Create item" }).click();
    await drawerOf(page).getByRole("tab", { name: "Details" }).waitFor();
    await page.goto(`${programUrl}/readiness?tab=gaps`);
    const again = page.getByTestId(`gap-${criterion}`);
    await again.getByRole("link", { name: `Open R-3, the remediation item for ${criterion}` }).waitFor();
    expect(await again.getByRole("button", { name: /^Create remediation item/ }).count()).toBe(0);
    await shot(page, "07-gap-with-open-item", { viewport: true });
  });

  it("the PDF plan shows the steps", async () => {
    const res = await page.request.get(`/api/v1${programUrl}/remediation.pdf`);
    expect(res.status()).toBe(200);
    const pdf = Buffer.from(await res.body());
    fs.writeFileSync(`${screenshotsDir()}/plan.pdf`, pdf);
    const lines = pdfLines(pdf);
    for (const text of [
      "Corrective action steps",
      "Enable the MFA policy in the identity provider",
      "Enrol every admin with a hardware key",
      "2 of 2 steps done or skipped (100%)",
      "MFA was never required when the accounts were created.",
      "What was done",
      "MFA enforced for every console user.",
      "How it was checked",
      "Tried a console login without MFA: refused.",
    ])
      expect(
        lines.some((l) => l.includes(text)),
        text,
      ).toBe(true);
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it("comments on an item, mentioning another member", async () => {
    await page.goto(`${programUrl}/remediation`);
    await page.getByRole("link", { name: "R-1", exact: true }).click();
    const drawer = drawerOf(page);
    await drawer.getByRole("tab", { name: "Comments" }).click();
    await drawer.getByText("No comments yet").waitFor();
    await drawer.getByLabel("Comment", { exact: true }).fill(`@${VERIFIER.email} please verify`);
    await drawer.getByRole("button", { name: "Post" }).click();
    const comment = drawer.getByTestId("remediation-comment");
    await comment.getByText("please verify").waitFor();
    await comment.getByText(OWNER.name).waitFor();
    await shot(page, "08-comment", { viewport: true });
    expect(app.pageErrors).toEqual([]);
  });
});

const screenshotsDir = () => new URL("../test-results/remediation", import.meta.url).pathname;
