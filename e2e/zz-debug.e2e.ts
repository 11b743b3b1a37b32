/**
 * The SOC 2 program journey in a real browser against the real server: a new organization creates its program →
 * answers part of the self-assessment → scopes the audit in the wizard → adopts the library controls → readiness
 * shows the gaps → a remediation item made from a gap is started, done (moving its controls) and verified →
 * readiness rises → the plan exports as PDF. Screenshots (light and dark) go to test-results/ui-review/.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eApp, inviteMember, type MailCatcher, screenshots, setUp, startAppWithMail } from "./helpers.ts";

const shot = screenshots("ui-review");
const OWNER = {
  org: "Borealis Analytics",
  name: "Katherine Johnson",
  email: "kj@borealis.test",
  password: "glacier-orbit-maple-71",
};
const MEMBER = { name: "Dorothy Vaughan", email: "dorothy@borealis.test", password: "lantern-quartz-river-38" };
const PROGRAM = `SOC 2 Type II ${new Date().getFullYear() + 1}`;

let app: E2eApp;
let smtp: MailCatcher;
let page: Page;
let programUrl: string;
let scoreBefore = 0;

/** The overall readiness in percent, read from the score ring's label. */
async function overallScore(p: Page): Promise<number> {
  const label = (await p.getByTestId("overall-score").getAttribute("aria-label")) ?? "";
  const m = /Overall readiness (\d+)%/.exec(label);
  if (!m) throw new Error(`No score in "${label}"`);
  return Number(m[1]);
}

const nav = (name: string) =>
  page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name, exact: true });
const next = () => page.getByRole("button", { name: "Save and continue" }).click();

let close = async () => {};
beforeAll(async () => {
  ({ app, smtp, page, close } = await startAppWithMail());
  page.on("response", (r) => { if (r.url().includes("/api/")) console.log("RESP", r.status(), r.request().method(), r.url().replace(/^https?:\/\/[^/]+/, "")); });
  page.on("console", (m) => console.log("CONSOLE", m.type(), m.text()));
});
afterAll(() => close());

describe("program journey", () => {
  it("a new organization is guided to create its SOC 2 program", async () => {
    await setUp(page, OWNER);
    await nav("Get started").click();
    await page.getByRole("heading", { name: "Create your SOC 2 program" }).waitFor();
    await shot(page, "01-programs-empty");

    await page.getByRole("button", { name: "Create your SOC 2 program" }).click();
    const dialog = page.getByRole("dialog", { name: "Create your SOC 2 program" });
    expect(await dialog.getByLabel("Program name").inputValue()).toBe(PROGRAM);
    // This journey adopts the library later, from the Controls page.
    await dialog.getByLabel(/Start with the Assay control library/).uncheck();
    await shot(page, "02-create-program", { viewport: true });
    await dialog.getByRole("button", { name: "Create program" }).click();
    await page.getByRole("heading", { name: PROGRAM }).waitFor();
    programUrl = new URL(page.url()).pathname;
    expect(programUrl).toMatch(/^\/programs\/[0-9a-f-]{36}$/);
    await page.getByText("Start by scoping the audit").waitFor();
    await page.getByTestId("stage-scope").waitFor();
    // Stages whose modules do not exist yet say so instead of linking nowhere.
    expect(await page.getByTestId("stage-auditor").textContent()).toContain("Coming later");
    await shot(page, "03-dashboard-new");
  });

  it("answers part of the self-assessment and sees what changed", async () => {
    await nav("Self-assessment").click();
    await page.getByRole("heading", { name: "Self-assessment" }).waitFor();
    await page.getByTestId("question-CC1.1").getByText("Yes — in place").click();
    await page.getByTestId("question-CC1.2").getByText("Partly").click();
    await page.getByTestId("question-CC1.3").getByText("No — not yet").click();
    await page.getByLabel("Notes on CC1.3").fill("No org chart yet; reporting lines live in people's heads.");
    await page.getByRole("button", { name: "Save CC1 answers" }).click();
    const result = page.getByTestId("assessment-result");
    await result.waitFor();
    expect(await result.textContent()).toContain("2 remediation items created");
    await page.getByText("3 of 33 questions answered").waitFor();
    await shot(page, "04-self-assessment");
  });

  it("scopes the audit with the wizard", async () => {
    await nav("Scope").click();
    await page.getByRole("heading", { name: "Scope the audit" }).waitFor();
    // The decision helper recommends a report type, with reasons.
    await page.getByLabel("Yes, Type II").check();
    await page.getByLabel("6 months or more").check();
    await page.getByLabel("In 3–12 months").check();
    const advice = page.getByTestId("type-recommendation");
    expect(await advice.textContent()).toContain("We recommend Type II");
    await shot(page, "05-scope-type");
    await advice.getByRole("button", { name: "Use Type II" }).click();
    await next();

    // The server's period rule speaks as soon as the dates change.
    expect(await page.getByTestId("period-warnings").textContent()).toContain("Pick the audit window");
    await page.getByRole("button", { name: "12 months" }).click();
    await page.getByTestId("period-ok").waitFor();
    await page.getByTestId("window-length").waitFor();
    await shot(page, "06-scope-period");
    await next();

    await page.getByText("33 criteria in scope, 28 not relevant").waitFor();
    await page.getByRole("checkbox", { name: /Availability/ }).check();
    await page.getByText("36 criteria in scope, 25 not relevant").waitFor();
    await shot(page, "07-scope-categories");
    await next();

    await page
      .getByLabel("Services the system provides")
      .fill("Borealis is a hosted analytics platform for retailers.");
    await page.getByLabel("New service commitments entry").fill("99.9% monthly uptime");
    await page.getByLabel("New service commitments entry").press("Enter");
    await page.getByLabel("New infrastructure entry").fill("AWS production account (eu-west-1)");
    await page.getByLabel("New infrastructure entry").press("Enter");
    await shot(page, "08-scope-system");
    await next();

    await page.getByRole("button", { name: "+ Amazon Web Services" }).click();
    await page.getByLabel("New controls you expect them to operate entry").fill("Physical security of data centers");
    await page.getByLabel("New controls you expect them to operate entry").press("Enter");
    await shot(page, "09-scope-subservices");
    await next();

    await page.getByRole("button", { name: /^\+ manage who in their organization/ }).click();
    await next();
    await page.getByText("Amazon Web Services — carve-out, 1 expected control(s)").waitFor();
    await shot(page, "10-scope-review");
    await page.getByRole("button", { name: "Finish scoping" }).click();
    await page.getByRole("heading", { name: PROGRAM }).waitFor();
    await expect.poll(() => page.getByTestId("stage-scope").textContent()).toContain("Done");
  });

  it("adopts the library controls", async () => {
    await nav("Controls").click();
    await page.getByText("No controls yet").waitFor();
    await page.getByRole("button", { name: "Adopt library controls" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Adopt library controls" });
    await shot(page, "11-adopt", { viewport: true });
    await dialog.getByRole("button", { name: /^Adopt \d+ controls$/ }).click();
    await page.getByRole("table", { name: "Controls" }).waitFor();
    await page.getByText(/of \d+ controls/).waitFor();
    await shot(page, "12-controls");

    // A control explains itself: status with its reason, criteria, evidence, guidance, history.
    await page.locator("[data-testid^=control-row-] a").first().click();
    await page.getByTestId("control-status").waitFor();
    await shot(page, "13-control-drawer", { viewport: true });
    await page.getByRole("tab", { name: "Edit" }).click();
    await page.getByLabel("Applicable to this program").uncheck();
    await page.getByText("A justification is required").waitFor();
    await page.getByLabel("Applicable to this program").check();
    await page.keyboard.press("Escape");
  });

  it("shows readiness and the gaps, and each number explains itself", async () => {
    await nav("Readiness & gaps").click();
    await page.getByTestId("overall-score").waitFor();
    scoreBefore = await overallScore(page);
    expect(scoreBefore).toBeLessThan(100);
    await page.getByTestId("heat-CC6.1").click();
    await page.getByText("Mapped controls").waitFor();
    await shot(page, "14-readiness-explain", { viewport: true });
    await page.keyboard.press("Escape");
    // Criteria outside the scope are grey and say why.
    expect(await page.getByTestId("heat-PI1.1").getAttribute("data-state")).toBe("not_relevant");
    await shot(page, "15-readiness");
    await page.getByRole("tab", { name: /Gaps/ }).click();
    await page.locator("[data-testid^=gap-CC]").first().waitFor();
    await shot(page, "16-gaps");
  });

  it("creates a remediation item from a gap and completes it", async () => {
    await page
      .getByRole("button", { name: /^Create remediation item for CC/ })
      .first()
      .click();
    const dialog = page.getByRole("dialog", { name: "New remediation item" });
    expect(await dialog.getByLabel("Title").inputValue()).toMatch(/^CC\d\.\d+: /);
    await dialog
      .getByRole("radiogroup", { name: /^Likelihood/ })
      .getByText("4", { exact: true })
      .click();
    await expect.poll(() => dialog.getByTestId("risk-result").textContent()).toContain("High priority");
    await shot(page, "17-remediation-new", { viewport: true });
    await dialog.getByRole("button", { name: "Create item" }).click();
    await page.waitForTimeout(8000);
    await page.screenshot({ path: "/tmp/oa/after-create.png" });
    console.log("URL NOW", page.url());

    const drawer = page.getByRole("dialog").filter({ has: page.getByRole("tab", { name: "Details" }) });
    await drawer.getByRole("tab", { name: "Details" }).waitFor();
    const ref = ((await drawer.locator(".assay-mono").first().textContent()) ?? "").trim();
    expect(ref).toBe("R-3");
    await drawer.getByRole("button", { name: `Start ${ref}` }).click();
    await drawer.getByRole("button", { name: `Mark done ${ref}` }).click();
    const done = page.getByRole("dialog", { name: `Mark done: ${ref}` });
    await done.getByLabel("What was done").fill("Org chart published on the intranet; reviewed by the CEO.");
    await done.getByText("Also mark the linked controls implemented").waitFor();
    await shot(page, "18-remediation-done", { viewport: true });
    await done.getByRole("button", { name: "Mark done" }).click();
    await drawer.getByRole("button", { name: `Verify ${ref}` }).click();
    const verify = page.getByRole("dialog", { name: `Verify the fix: ${ref}` });
    await verify.getByLabel("How you checked it").fill("Checked the published chart.");
    await verify.getByRole("button", { name: "Verify" }).click();
    await drawer.getByText("Verified", { exact: true }).first().waitFor();
    await drawer.getByRole("tab", { name: /History/ }).click();
    await shot(page, "19-remediation-item", { viewport: true });
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });
  });

  it("a control owner is assigned an item and finds it through the bell", async () => {
    const { context, page: member } = await inviteMember(page, app, smtp, MEMBER, "Control owner");
    try {
      // The owner hands R-2 to Dorothy.
      await page.goto(`${programUrl}/remediation`);
      await page.getByRole("link", { name: "R-2" }).click();
      const drawer = page.getByRole("dialog").filter({ has: page.getByRole("tab", { name: "Details" }) });
      await drawer.getByRole("tab", { name: "Edit" }).click();
      await drawer.getByLabel("Owner").fill("Dorothy");
      await page.getByRole("option", { name: /Dorothy Vaughan/ }).click();
      await drawer.getByRole("button", { name: "Save changes" }).click();
      await page.getByText("R-2 saved.").waitFor();
      await page.keyboard.press("Escape");
      await drawer.waitFor({ state: "hidden" });

      // Dorothy's bell counts it; the notification leads to the item.
      await member.reload();
      const bell = member.getByRole("button", { name: "Notifications, 1 unread" });
      await bell.waitFor();
      await bell.click();
      await member.getByText(/You own R-2/).waitFor();
      await shot(member, "30-member-notifications", { viewport: true });
      await member.getByText(/You own R-2/).click();
      await member.getByRole("tab", { name: "Details" }).waitFor();
      expect(member.url()).toContain("/remediation/");
      await member.getByRole("dialog").getByRole("button", { name: "Start R-2" }).waitFor();
      await member.getByRole("button", { name: "Notifications" }).waitFor();
      await member.keyboard.press("Escape");
      // A control owner works on the program but does not manage it.
      await member.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Controls" }).click();
      await member.getByRole("table", { name: "Controls" }).waitFor();
      expect(await member.getByRole("button", { name: "Adopt library controls" }).count()).toBe(0);
      await shot(member, "31-member-controls");
    } finally {
      await context.close();
    }
  });

  it("looks right in the dark theme", async () => {
    await page.goto(`${programUrl}/remediation?view=board`);
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await page.getByRole("region", { name: "Verified column" }).waitFor();
    await shot(page, "22-dark-remediation-board");
    await nav("Dashboard").click();
    await page.getByRole("region", { name: "Certification journey" }).waitFor();
    await page.getByText("Readiness over time").waitFor();
    await shot(page, "23-dark-dashboard");
    await nav("Readiness & gaps").click();
    await page.getByTestId("overall-score").waitFor();
    await shot(page, "24-dark-readiness");
    await nav("Controls").click();
    await page.getByRole("table", { name: "Controls" }).waitFor();
    await shot(page, "25-dark-controls");
    await nav("Frameworks").click();
    await page
      .getByText(/Shared controls already cover \d+ of \d+/)
      .first()
      .waitFor();
    await shot(page, "26-dark-frameworks");
    await page
      .getByRole("link", { name: /See requirements/ })
      .first()
      .click();
    await page.getByRole("table").first().waitFor();
    await shot(page, "27-dark-framework-detail");
    await page.getByRole("button", { name: /^Notifications/ }).click();
    await shot(page, "28-dark-notifications", { viewport: true });
    await page.keyboard.press("Escape");
    await nav("Self-assessment").click();
    await page.getByTestId("question-CC1.1").waitFor();
    await shot(page, "28b-dark-assessment");
    await nav("Controls").click();
    await page.locator("[data-testid^=control-row-] a").first().click();
    await page.getByTestId("control-status").waitFor();
    await page.getByRole("tab", { name: "Edit" }).click();
    await shot(page, "28c-dark-control-edit", { viewport: true });
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Switch to light theme" }).click();
    await nav("Dashboard").click();
    await page.getByText("Readiness over time").waitFor();
    await shot(page, "29-dashboard");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, "32-mobile-dashboard");
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
