/**
 * The SOC 2 program journey in a real browser against the real server: a new organization creates its program →
 * answers part of the self-assessment → scopes the audit in the wizard → adopts the library controls → readiness
 * shows the gaps → a remediation item made from a gap is started, done (moving its controls) and verified →
 * readiness rises → the plan exports as PDF. Screenshots (light and dark) go to test-results/ui-review/.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkIn } from "../test/smtp.ts";
import {
  type E2eApp,
  inviteMember,
  type MailCatcher,
  screenshots,
  setUp,
  signIn,
  startAppWithMail,
} from "./helpers.ts";

const shot = screenshots("ui-review");
const OWNER = {
  org: "Borealis Analytics",
  name: "Katherine Johnson",
  email: "kj@borealis.test",
  password: "glacier-orbit-maple-71",
};
const MEMBER = { name: "Dorothy Vaughan", email: "dorothy@borealis.test", password: "lantern-quartz-river-38" };
const VIEWER = { name: "Mary Jackson", email: "mary@borealis.test", password: "harbor-cobalt-fern-52" };
const PROGRAM = `SOC 2 Type II ${new Date().getFullYear() + 1}`;

let app: E2eApp;
let smtp: MailCatcher;
let page: Page;
let programUrl: string;
let scoreBefore = 0;

/**
 * The declared readiness in percent (what people have said so far: no evidence is collected in this journey), read
 * from the levels legend beside the score ring.
 */
async function overallScore(p: Page): Promise<number> {
  const label = (await p.getByTestId("level-declared").first().getAttribute("aria-label")) ?? "";
  const m = /Declared: (\d+)%/.exec(label);
  if (!m) throw new Error(`No score in "${label}"`);
  return Number(m[1]);
}

const nav = (name: string) =>
  page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name, exact: true });
const next = () => page.getByRole("button", { name: "Save and continue" }).click();

let close = async () => {};
beforeAll(async () => {
  ({ app, smtp, page, close } = await startAppWithMail());
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
    // A missing name is said under the field when the person tries, not hidden behind a greyed-out button.
    await dialog.getByLabel("Program name").fill("");
    await dialog.getByRole("button", { name: "Create program" }).click();
    await dialog.getByText("Give the program a name").waitFor();
    await dialog.getByLabel("Program name").fill(PROGRAM);
    expect(await dialog.getByText("Give the program a name").count()).toBe(0);
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
    // Each answer is saved as it is given.
    const result = page.getByTestId("assessment-result");
    await expect.poll(() => result.textContent()).toContain("2 remediation items created");
    await page.getByText("3 of 33 questions answered").waitFor();
    await page.getByTestId("question-CC1.3").getByText("Saved").waitFor();
    await shot(page, "04-self-assessment");

    // Notes typed just before leaving the page are kept too.
    const notes = "No org chart yet; reporting lines live in people's heads.";
    const put = page.waitForResponse((r) => r.url().endsWith("/assessment") && r.request().method() === "PUT");
    await page.getByLabel("Notes on CC1.3").fill(notes);
    await nav("Dashboard").click();
    expect((await put).status()).toBe(200);
    await nav("Self-assessment").click();
    await page.getByText("3 of 33 questions answered").waitFor();
    await expect.poll(() => page.getByLabel("Notes on CC1.3").inputValue()).toBe(notes);
    expect(await page.getByTestId("question-CC1.3").getByLabel("No — not yet").isChecked()).toBe(true);
    expect(await page.getByTestId("question-CC1.2").getByLabel("Partly").isChecked()).toBe(true);
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
    await page.getByRole("button", { name: "Next 12 months" }).click();
    await page.getByTestId("period-ok").waitFor();
    expect(await page.getByTestId("window-length").textContent()).toMatch(/^36[56] days \(about 12 months\)$/);
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

  it("reopens the finished wizard at the review, and never calls a window that ended years ago good", async () => {
    // The window moves to one that ended years ago (as an import or an old program would have it).
    const status = await page.evaluate(async (url) => {
      const { csrfToken } = await (await fetch("/api/v1/auth/session")).json();
      const res = await fetch(`/api/v1${url}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", "x-csrf-token": csrfToken },
        body: JSON.stringify({ windowStart: "2019-01-01", windowEnd: "2019-12-31" }),
      });
      return res.status;
    }, programUrl);
    expect(status).toBe(200);
    await page.goto(`${programUrl}/scope`);
    await page.getByRole("heading", { name: "Scope the audit" }).waitFor();
    // Finished: straight to the review.
    await page.getByRole("button", { name: "Finish scoping" }).waitFor();
    expect(await page.getByTestId("period-warnings").textContent()).toContain("too old for a new report");
    expect(await page.getByTestId("period-ok").count()).toBe(0);
    // The suggestion does not keep the old start: it starts next month.
    await page.getByRole("button", { name: "Edit report and period" }).click();
    await page.getByRole("button", { name: "Next 12 months" }).click();
    await page.getByTestId("period-ok").waitFor();
    expect(await page.getByTestId("window-length").textContent()).toMatch(/^36[56] days \(about 12 months\)$/);
    await next();
    await next();
    await next();
    await next();
    await next();
    await page.getByRole("button", { name: "Finish scoping" }).click();
    await page.getByRole("heading", { name: PROGRAM }).waitFor();
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

    // Adding a control says which required field is missing instead of greying out the button.
    await page.getByRole("button", { name: "Add custom control" }).first().click();
    const add = page.getByRole("dialog", { name: "Add a custom control" });
    await add.getByRole("button", { name: "Add control" }).click();
    await add.getByText("Give the control a name.").waitFor();
    await add.getByText("Describe the control.").waitFor();
    await add.getByText("Map the control to at least one criterion.").waitFor();
    await add.getByLabel("Name").fill("Quarterly tabletop");
    expect(await add.getByText("Give the control a name.").count()).toBe(0);
    await add.getByRole("button", { name: "Cancel" }).click();
    await add.waitFor({ state: "hidden" });

    // A control explains itself: status with its reason, criteria, evidence, guidance, history.
    await page.locator("[data-testid^=control-row-] a").first().click();
    await page.getByTestId("control-status").waitFor();
    await shot(page, "13-control-drawer", { viewport: true });
    await page.getByRole("tab", { name: "Edit" }).click();
    await page.getByLabel("Applicable to this program").uncheck();
    await page.getByText("A justification is required").waitFor();
    await page.getByLabel("Applicable to this program").check();
    // Operating without evidence: saving says at once why it shows Implemented and what would make it Operating.
    await page.getByRole("combobox", { name: "Status", exact: true }).click();
    await page.getByRole("option", { name: "Operating" }).click();
    await page.getByRole("button", { name: "Save changes" }).click();
    const gap = page.getByTestId("operating-gap");
    await gap.waitFor();
    expect(await gap.textContent()).toMatch(
      /shown as Implemented.*no evidence is linked.*To show Operating: link evidence/,
    );
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
    // An item is marked done only with its root cause (and action and monitoring, which the gap fills in).
    await dialog.getByLabel("Root cause").fill("Nobody was asked to keep the organization chart up to date.");
    await shot(page, "17-remediation-new", { viewport: true });
    await dialog.getByRole("button", { name: "Create item" }).click();

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

  it("readiness rises", async () => {
    await nav("Readiness & gaps").click();
    await page.getByRole("tab", { name: "Overview" }).click();
    await page.getByTestId("overall-score").waitFor();
    await expect.poll(() => overallScore(page)).toBeGreaterThan(scoreBefore);
  });

  it("the dashboard headlines operating readiness, with what people declared as context", async () => {
    await nav("Dashboard").click();
    const ring = page.getByTestId("overall-score");
    await ring.waitFor();
    // Type II: the headline counts operating controls. Nothing has evidence yet, so it stays at 0 % while the
    // self-assessment and the remediation item have declared controls implemented.
    expect(await ring.textContent()).toMatch(/^0%Operating0 of \d+criteria ready at the operating level/);
    const levels = page.getByTestId("readiness-levels");
    expect(await levels.getByTestId("level-operating").getAttribute("aria-label")).toBe("Operating: 0%");
    expect(await levels.getByTestId("level-evidenced").getAttribute("aria-label")).toBe("Evidenced: 0%");
    await expect.poll(() => overallScore(page)).toBeGreaterThan(0);
    await levels.getByText(/Readiness is counted at three levels of proof/).waitFor();
    expect(await page.getByTestId("heatmap-level").textContent()).toBe("Share of controls operating:");
    await page.getByText("Readiness over time").waitFor();
    await shot(page, "19b-dashboard-levels");
  });

  it("exports the remediation plan as PDF", async () => {
    await nav("Remediation").click();
    await page.getByRole("table", { name: "Remediation items" }).waitFor();
    await shot(page, "20-remediation-list");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "PDF" }).click(),
    ]);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 4).toString()).toBe("%PDF");
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    // The view switch works from the keyboard (toasts may cover the pointer's way).
    await page.getByRole("radio", { name: "List" }).focus();
    await page.keyboard.press("ArrowRight");
    await page.getByRole("region", { name: "Verified column" }).waitFor();
    await shot(page, "21-remediation-board");
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

  it("a viewer reads a control without an Edit tab", async () => {
    const { context, page: viewer } = await inviteMember(page, app, smtp, VIEWER, "Viewer");
    try {
      await viewer.goto(`${programUrl}/controls`);
      await viewer.getByRole("table", { name: "Controls" }).waitFor();
      await viewer.locator("[data-testid^=control-row-] a").first().click();
      await viewer.getByTestId("control-status").waitFor();
      await viewer.getByRole("tab", { name: "Why this status" }).waitFor();
      expect(await viewer.getByRole("tab", { name: "Edit" }).count()).toBe(0);
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
    // ISO 27001 is reported in two parts, so Annex A coverage never reads as readiness for the whole standard.
    const iso = page.getByTestId("framework-iso27001-2022");
    await iso.getByText(/Clauses 4–10: \d+ of \d+ covered/).waitFor();
    await iso.getByText(/Annex A controls: \d+ of 93 covered/).waitFor();
    await iso.getByRole("link", { name: /See requirements/ }).click();
    await page.getByRole("table").first().waitFor();
    // Each covering control carries its strength; the crosswalk downloads as CSV.
    await page
      .getByText(/ · (equal|superset|subset|intersects)$/)
      .first()
      .waitFor();
    const csv = await page.request.get(
      (await page.getByRole("link", { name: "Crosswalk CSV" }).getAttribute("href")) ?? "",
    );
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split("\n")[0]).toMatch(/strength/i);
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

  it("work notifications: email as each person chooses, and the bell from the keyboard", async () => {
    // Dorothy was made owner of R-2 above: that email went out right away (the default), linking to the item.
    const assignedMail = () => smtp.messages.find((m) => m.to.includes(MEMBER.email) && m.raw.includes("You own R-2"));
    await expect.poll(() => !!assignedMail(), { timeout: 30_000 }).toBe(true);
    expect(linkIn(assignedMail()!.raw, "/remediation/")).toContain(`${programUrl}/remediation/`);

    const { context, page: member } = await app.newContext();
    try {
      await signIn(member, MEMBER.email, MEMBER.password);
      await member.getByRole("heading", { name: "Welcome, Dorothy" }).waitFor();
      // She wants assignments in the daily digest from now on; they still show in the app.
      await member.goto("/settings/notifications");
      const email = member.getByRole("radiogroup", { name: "Remediation work assigned to you by email" });
      await email.getByText("Daily digest").click();
      expect(await member.getByRole("switch", { name: /Remediation work assigned to you in the app/ }).count()).toBe(0);
      await member.getByRole("button", { name: "Save preferences" }).click();
      await member.getByText("Your notification preferences are saved.").waitFor();
      await shot(member, "35-member-notification-settings");

      await page.goto(`${programUrl}/remediation`);
      await page.getByRole("link", { name: "R-1" }).first().click();
      const drawer = page.getByRole("dialog").filter({ has: page.getByRole("tab", { name: "Details" }) });
      await drawer.getByRole("tab", { name: "Edit" }).click();
      await drawer.getByLabel("Owner").fill("Dorothy");
      await page.getByRole("option", { name: /Dorothy Vaughan/ }).click();
      await drawer.getByRole("button", { name: "Save changes" }).click();
      await page.getByText("R-1 saved.").waitFor();
      await page.keyboard.press("Escape");

      // Keyboard only: Enter opens the list, Escape closes it and gives focus back to the bell.
      await member.goto("/");
      const bell = member.getByRole("button", { name: /^Notifications, \d+ unread$/ });
      await bell.focus();
      const unreadBefore = await bell.getAttribute("aria-label");
      await member.keyboard.press("Enter");
      const list = member.getByRole("dialog", { name: "Notifications" });
      await list.getByText(/You own R-1/).waitFor();
      await shot(member, "33-member-notifications-light", { viewport: true });
      await member.keyboard.press("Escape");
      await list.waitFor({ state: "hidden" });
      await expect
        .poll(() => member.evaluate(() => document.activeElement?.getAttribute("aria-label")))
        .toMatch(/^Notifications, \d+ unread$/);
      await member.getByRole("button", { name: "Switch to dark theme" }).click();
      await member.mouse.move(600, 600); // no tooltip over the list
      await bell.focus();
      await member.keyboard.press("Enter");
      await list.getByText(/You own R-1/).waitFor();
      await shot(member, "34-member-notifications-dark", { viewport: true });
      // Tab reaches the notice; Enter opens the item it is about.
      for (let i = 0; i < 6; i++) {
        const focused = await member.evaluate(() => document.activeElement?.textContent ?? "");
        if (focused.includes("You own R-1")) break;
        await member.keyboard.press("Tab");
      }
      await member.keyboard.press("Enter");
      const item = member.getByRole("dialog").filter({ has: member.getByRole("tab", { name: "Details" }) });
      await expect.poll(() => item.locator(".assay-mono").first().textContent()).toBe("R-1");
      expect(member.url()).toContain(`${programUrl}/remediation/`);
      // Opening it marked it read.
      await expect
        .poll(() => member.getByRole("button", { name: /^Notifications/ }).getAttribute("aria-label"))
        .not.toBe(unreadBefore);
    } finally {
      await context.close();
    }
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
