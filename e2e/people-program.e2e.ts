/**
 * People routines end to end, as the program sees them (issue 12 §9): an owner creates the SOC 2 program, imports
 * herself and a compliance manager into the people directory and adds a new employee (onboarding, starting today)
 * who is invited with the employee role. She adopts the Acceptable Use Policy, which control HR-12 names; the
 * compliance manager approves it in his own browser; she publishes it to all staff. The employee signs in, accepts
 * it from My tasks, takes the security awareness course and passes its quiz, and signs the confidentiality
 * agreement; the onboarding steps fed by those routines complete themselves. The owner records the manager's steps
 * (background check, access, and the work device by hand with a note: no agent is enrolled here): onboarding is
 * done and the employee is compliant (the organization monitors no devices, so nobody is asked to enrol a computer).
 * HR-12 turns Operating with its "People routines" check met. Last, a leaver whose access was revoked
 * after the 24 h SLA shows as a deviation on the people dashboard and puts HR-10 in "Needs attention".
 * Screenshots: test-results/people-program/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourses } from "../src/content/index.ts";
import { type E2eApp, inviteMember, type MailCatcher, screenshots, setUp, startAppWithMail } from "./helpers.ts";

const shot = screenshots("people-program");
const OWNER = {
  org: "Juniper Freight",
  name: "Grace Hopper",
  email: "grace@juniper.test",
  password: "lilac-harbor-piston-52",
};
const APPROVER = { name: "Alan Turing", email: "alan@juniper.test", password: "quartz-meadow-falcon-18" };
const EMPLOYEE = { name: "Erin Okafor", email: "erin@juniper.test", password: "copper-willow-signal-73" };
const LEAVER = { name: "Leo Tolstoy", email: "leo@juniper.test" };
const POLICY = "Acceptable Use Policy";
/** The library control that names the Acceptable Use Policy and no other routine (src/content/controls/hr.yaml). */
const POLICY_CONTROL = "HR-12";
/** The quiz answers, from the server's own content file (src/content/training/security-awareness.yaml). */
const course = loadCourses().find((c) => c.id === "security-awareness")!;
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

let app: E2eApp;
let smtp: MailCatcher;
let page: Page;
let close = async () => {};
let approver: Awaited<ReturnType<typeof inviteMember>> | undefined;
let employee: Awaited<ReturnType<typeof inviteMember>> | undefined;
let programUrl = "";
let policyUrl = "";
let employeeUrl = "";

const literally = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const nav = (p: Page, name: string) =>
  p.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name, exact: true });

beforeAll(async () => {
  ({ app, smtp, page, close } = await startAppWithMail());
});
afterAll(async () => {
  await approver?.context.close();
  await employee?.context.close();
  await close();
});

/** Opens a program control's drawer from the controls page and returns its status text. */
async function openControl(p: Page, key: string) {
  await p.goto(`${programUrl}/controls`);
  await p.getByLabel("Search controls").fill(key);
  const row = p.getByTestId(`control-row-${key}`);
  await row.waitFor();
  await row.getByRole("link").first().click();
  await p.getByTestId("control-status").waitFor();
  return row;
}

/** Accepts the published policy from the portal, as the signed-in person. */
async function acceptFromPortal(p: Page) {
  await p.goto(`/portal/policies/${policyUrl.split("/").pop()}`);
  await p.getByLabel(new RegExp(`I have read the ${literally(POLICY)}`)).check();
  await p.getByRole("button", { name: "Accept" }).click();
  await p.getByTestId("accepted").waitFor();
}

describe("people program journey", () => {
  it("the owner creates the SOC 2 program with the control library", async () => {
    await setUp(page, OWNER);
    await nav(page, "Get started").click();
    await page.getByRole("button", { name: "Create your SOC 2 program" }).click();
    const dialog = page.getByRole("dialog", { name: "Create your SOC 2 program" });
    expect(await dialog.getByLabel(/Start with the Assay control library/).isChecked()).toBe(true);
    await dialog.getByRole("button", { name: "Create program" }).click();
    await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
    programUrl = new URL(page.url()).pathname;
    await shot(page, "01-program");
  });

  it("fills the people directory: owner and approver by CSV, the new employee by hand, invited as employee", async () => {
    approver = await inviteMember(page, app, smtp, APPROVER, "Compliance manager");
    await page.goto("/people");
    await page.getByRole("button", { name: "Import HR file" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Import people from an HR export" });
    await dialog
      .getByLabel("Or paste (and fix) CSV here")
      .fill(
        [
          "Email,Full Name,Type,Status,Job Title,Department,Manager Email,Hire Date,Termination Date",
          `${OWNER.email},${OWNER.name},employee,active,CEO,Management,,2024-01-15,`,
          `${APPROVER.email},${APPROVER.name},employee,active,Compliance Manager,Security,${OWNER.email},2024-03-01,`,
        ].join("\n"),
      );
    await dialog.getByRole("button", { name: "Check the file" }).click();
    await dialog.getByText("2 to add.").waitFor();
    await dialog.getByRole("button", { name: "Import" }).click();
    await page.getByText("People imported").waitFor();

    await page.getByRole("button", { name: "Add a person" }).first().click();
    const add = page.getByRole("dialog", { name: "Add a person" });
    await add.getByLabel("Full name").fill(EMPLOYEE.name);
    await add.getByLabel("Work email").fill(EMPLOYEE.email);
    await add.getByLabel("Job title").fill("Support Engineer");
    await add.getByLabel("Department").fill("Support");
    await add.getByLabel("Status", { exact: true }).click();
    await page.getByRole("option", { name: "Onboarding" }).click();
    await add.getByLabel("Start date").fill(today);
    await shot(page, "02-add-employee", { viewport: true });
    await add.getByRole("button", { name: "Add person" }).click();
    await page.getByRole("heading", { name: EMPLOYEE.name }).waitFor();
    employeeUrl = new URL(page.url()).pathname;
    const onboarding = page.getByRole("region", { name: "Onboarding" });
    await onboarding.getByText("0 of 6 steps done").waitFor();
    expect(await page.getByTestId("compliance").textContent()).not.toBe("Compliant");
    await shot(page, "03-employee-onboarding");

    employee = await inviteMember(page, app, smtp, EMPLOYEE, "Employee");
  });

  it("adopts the Acceptable Use Policy, which HR-12 names; HR-12 waits for it", async () => {
    await openControl(page, POLICY_CONTROL);
    expect(await page.getByTestId("control-status").textContent()).not.toContain("Operating");
    await shot(page, "04-control-before", { viewport: true });
    await page.keyboard.press("Escape");

    await page.goto("/policies");
    await page.getByRole("button", { name: "Adopt templates" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Adopt policy templates" });
    await dialog.getByLabel("Templates", { exact: true }).click();
    await page.getByRole("option", { name: POLICY }).click();
    await dialog.getByLabel("Templates", { exact: true }).press("Escape");
    await dialog.getByRole("button", { name: /^Adopt/ }).click();
    await page.waitForURL(/\/policies\/[0-9a-f-]{36}$/);
    policyUrl = new URL(page.url()).pathname;
    await page.getByTestId("policy-document").getByRole("heading", { name: POLICY, level: 1 }).waitFor();
  });

  it("goes through review with the compliance manager and is published to all staff", async () => {
    await page.getByRole("tab", { name: "Review and publish" }).click();
    await page.getByRole("combobox", { name: "Approvers" }).click();
    await page.getByRole("option", { name: APPROVER.name }).click();
    await page.getByRole("combobox", { name: "Approvers" }).press("Escape");
    await page.getByRole("button", { name: "Submit for review" }).click();
    await expect.poll(() => page.getByTestId("version-status").textContent(), { timeout: 15_000 }).toBe("In review");

    const a = approver!.page;
    await a.goto(`${policyUrl}?tab=review`);
    await a.getByRole("button", { name: "Approve", exact: true }).click();
    await a.getByText("You approved this version.").waitFor();
    await shot(a, "05-approved");

    await page.reload();
    await page.getByRole("tab", { name: "Review and publish" }).click();
    await page.getByLabel("All staff").check();
    await page.getByLabel(/Publish version 1/).check();
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    // Everyone in the directory is asked: the owner, the approver and the new employee.
    await page.getByText(/Version 1 is published; 3 people are asked to accept it/).waitFor();
    await shot(page, "06-published");
  });

  it("the employee accepts the policy from My tasks", async () => {
    const e = employee!.page;
    await e.goto("/");
    await nav(e, "My tasks").click();
    await e.waitForURL("**/portal");
    const task = e.getByRole("link", { name: new RegExp(`Accept the ${literally(POLICY)}, version 1`) });
    await task.waitFor();
    await shot(e, "07-my-tasks");
    await task.click();
    await e.waitForURL(/\/portal\/policies\//);
    await e.getByLabel(new RegExp(`I have read the ${literally(POLICY)}`)).check();
    await e.getByRole("button", { name: "Accept" }).click();
    await e.getByTestId("accepted").waitFor();
    await shot(e, "08-accepted");
  });

  it("the employee takes the security awareness course and passes the quiz", async () => {
    const e = employee!.page;
    await nav(e, "My training").click();
    await e.waitForURL("**/portal/training");
    await e.getByRole("button", { name: "Start the course" }).click();
    const sections = course.modules.flatMap((m) => m.sections);
    await e.getByRole("heading", { name: sections[0]!.title }).waitFor();
    for (let i = 1; i < sections.length; i++) {
      await e.getByRole("button", { name: "Next" }).click();
      await e.getByRole("heading", { name: sections[i]!.title }).waitFor();
    }
    await e.getByRole("button", { name: "Take the quiz" }).click();
    for (const q of course.quiz) {
      const right = q.options.find((o) => o.id === q.correct)!;
      const group = e.getByRole("radiogroup", { name: new RegExp(literally(q.prompt)) });
      await group.getByRole("radio", { name: right.text, exact: true }).check();
    }
    await shot(e, "09-quiz");
    await e.getByRole("button", { name: "Submit answers" }).click();
    await e.getByText("Passed with 100%").waitFor();
    await shot(e, "10-passed");
  });

  it("the employee signs the confidentiality agreement; the routine steps completed themselves", async () => {
    const e = employee!.page;
    await e.goto("/portal");
    await e.getByRole("link", { name: /Confidentiality agreement signed/ }).click();
    await e.waitForURL(/\/portal\/tasks\/checklist/);
    await e.getByRole("heading", { name: "Confidentiality agreement signed" }).waitFor();
    // The policy, training and device steps are completed by their routines: only this one has a button.
    await e.getByRole("button", { name: "Complete", exact: true }).click();
    const modal = e.getByRole("dialog", { name: /^Complete: / });
    await modal.getByLabel("Note").fill("Signed the agreement on my first day");
    await modal.getByRole("button", { name: "Mark done" }).click();
    await modal.waitFor({ state: "hidden" });
    await shot(e, "11-my-steps");
    await e.goto("/portal");
    // The organization monitors no devices, so the agent asks nobody to enrol a computer.
    await e.getByRole("heading", { name: "Done" }).waitFor();
    expect(await e.getByRole("link", { name: /Enrol your computer/ }).count()).toBe(0);
    await shot(e, "12-my-tasks-after");
  });

  it("the owner records the manager's steps: onboarding is done and the employee is compliant", async () => {
    await page.goto(employeeUrl);
    const onboarding = page.getByRole("region", { name: "Onboarding" });
    // Confidentiality (the employee), policies accepted and training finished (their routines).
    await onboarding.getByText("3 of 6 steps done").waitFor();
    await shot(page, "13-employee-three-done");
    await page.getByRole("button", { name: "Record a check" }).click();
    const check = page.getByRole("dialog", { name: "Record a background check" });
    await check.getByLabel("Provider").fill("Sterling");
    await check.getByRole("button", { name: "Record" }).click();
    await onboarding.getByText("4 of 6 steps done").waitFor();
    // No agent is enrolled in this journey: the owner completes the device step by hand, saying why.
    for (const [title, note] of [
      ["Work device enrolled", "Laptop JF-0042 handed over with disk encryption on; agent enrolment booked"],
      ["Access granted with the manager's approval", "Helpdesk and email access approved by Grace"],
    ] as const) {
      await onboarding.getByRole("button", { name: `Complete ${title}` }).click();
      const modal = page.getByRole("dialog", { name: /^Complete: / });
      await modal.getByLabel("Note").fill(note);
      await modal.getByRole("button", { name: "Mark done" }).click();
      await modal.waitFor({ state: "hidden" });
    }
    await onboarding.getByText("6 of 6 steps done").waitFor();
    // Onboarding is complete and nothing else is asked of Erin (no device monitoring here): she is compliant.
    await page.getByText("Nothing is outstanding.").waitFor();
    expect(await page.getByTestId("compliance").textContent()).toBe("Compliant");
    await shot(page, "14-employee-onboarded");
  });

  it("everyone accepts: HR-12 turns Operating with its people routine met", async () => {
    await acceptFromPortal(page);
    await acceptFromPortal(approver!.page);
    await page.goto(`${policyUrl}?tab=acceptance`);
    await expect
      .poll(() => page.getByTestId("acceptance-share").innerText(), { timeout: 15_000 })
      .toContain("3 of 3 people accepted version 1: 100%");
    await shot(page, "15-acceptance");

    const row = await openControl(page, POLICY_CONTROL);
    await expect
      .poll(() => page.getByTestId("control-status").textContent(), { timeout: 15_000 })
      .toContain("Operating");
    await page.getByRole("tab", { name: "Why this status" }).click();
    const routines = page.locator('section[aria-label="People routines"]');
    await routines.getByText(`${POLICY} approved, current and accepted`).waitFor();
    await routines.getByText("Met", { exact: true }).waitFor();
    await shot(page, "16-control-operating", { viewport: true });
    await page.keyboard.press("Escape");
    expect(await row.textContent()).toContain("Operating");
  });

  it("a leaver whose access was revoked after the SLA: a deviation, and HR-10 needs attention", async () => {
    await page.goto("/people");
    await page.getByRole("button", { name: "Add a person" }).first().click();
    const add = page.getByRole("dialog", { name: "Add a person" });
    await add.getByLabel("Full name").fill(LEAVER.name);
    await add.getByLabel("Work email").fill(LEAVER.email);
    await add.getByLabel("Start date").fill("2025-02-03");
    await add.getByRole("button", { name: "Add person" }).click();
    await page.getByRole("heading", { name: LEAVER.name }).waitFor();

    await page.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("dialog", { name: `Edit ${LEAVER.name}` });
    await edit.getByLabel("Status", { exact: true }).click();
    await page.getByRole("option", { name: "Left" }).click();
    await edit.getByLabel("End date").fill(daysAgo(3));
    await edit.getByRole("button", { name: "Save" }).click();
    const offboarding = page.getByRole("region", { name: "Offboarding" });
    await offboarding.getByText(/^0 of \d+ steps done$/).waitFor();
    await shot(page, "17-offboarding-started");

    // Every access is recorded as revoked now: days after the 24 h SLA.
    const revocations = offboarding.getByRole("button", { name: /^Complete Access to .* revoked$/ });
    const count = await revocations.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      await revocations.first().click();
      const modal = page.getByRole("dialog", { name: /^Complete: Access to/ });
      await modal.getByText(/had to be revoked by/).waitFor();
      await modal.getByLabel("Note").fill("Found still active during the access review");
      if (i === 0) await shot(page, "18-late-revocation", { viewport: true });
      await modal.getByRole("button", { name: "Mark done" }).click();
      await modal.waitFor({ state: "hidden" });
    }
    await offboarding.getByTestId("deviation").first().waitFor();
    await shot(page, "19-leaver-deviation");

    await page.goto("/people/dashboard");
    const deviations = page.getByRole("table", { name: "Offboarding deviations" });
    await deviations.getByRole("link", { name: LEAVER.name }).first().waitFor();
    await deviations
      .getByText(/days? .*late/)
      .first()
      .waitFor();
    // Onboarding done: Erin has left the "Onboarding in progress" list.
    expect(await page.getByRole("region", { name: "Onboarding in progress" }).getByText(EMPLOYEE.name).count()).toBe(0);
    await shot(page, "20-dashboard");

    await openControl(page, "HR-10");
    await expect
      .poll(() => page.getByTestId("control-status").textContent(), { timeout: 15_000 })
      .toContain("Needs attention");
    await page.getByRole("tab", { name: "Why this status" }).click();
    const routines = page.locator('section[aria-label="People routines"]');
    await routines.getByText("Access revoked within the offboarding SLA").waitFor();
    await routines
      .getByText(new RegExp(`for ${LEAVER.name} was revoked .* late`))
      .first()
      .waitFor();
    await shot(page, "21-hr10-needs-attention", { viewport: true });
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
