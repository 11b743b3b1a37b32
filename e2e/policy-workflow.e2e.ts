/**
 * A policy from template to acceptance in a real browser: the owner adopts the Acceptable Use template, edits it with
 * the live preview, and submits it for review to a compliance manager (the author cannot approve: independent
 * approval is on); the approver approves it; the owner publishes it (major) to all staff; an employee signs in,
 * reads it in the portal and accepts it; the tracking view shows 100%. Screenshots: test-results/policy-workflow/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type E2eApp,
  inviteMember,
  type MailCatcher,
  screenshots,
  setUp,
  startAppWithMail,
  UI_TIMEOUT,
} from "./helpers.ts";

const shot = screenshots("policy-workflow");
const OWNER = {
  org: "Northwind Labs",
  name: "Olivia Owner",
  email: "olivia@northwind.test",
  password: "amber-kettle-orbit-61",
};
const APPROVER = { name: "Adam Approver", email: "adam@northwind.test", password: "cedar-lantern-quill-27" };
const EMPLOYEE = { name: "Erin Employee", email: "erin@northwind.test", password: "harbor-maple-tundra-93" };

let app: E2eApp;
let smtp: MailCatcher;
let page: Page;
let close = async () => {};
let approver: Awaited<ReturnType<typeof inviteMember>> | undefined;
let employee: Awaited<ReturnType<typeof inviteMember>> | undefined;
let policyUrl = "";

beforeAll(async () => {
  ({ app, smtp, page, close } = await startAppWithMail());
});
afterAll(async () => {
  await approver?.context.close();
  await employee?.context.close();
  await close();
});

/** A POST from the signed-in page (the people directory has no page in this journey). */
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

describe("policy workflow journey", () => {
  it("adopts a template and edits it with the live preview", async () => {
    await setUp(page, OWNER);
    approver = await inviteMember(page, app, smtp, APPROVER, "Compliance manager");
    employee = await inviteMember(page, app, smtp, EMPLOYEE, "Employee");
    expect(await post(page, "/api/v1/people", { email: EMPLOYEE.email, fullName: EMPLOYEE.name })).toBe(201);
    expect(await post(page, "/api/v1/people", { email: OWNER.email, fullName: OWNER.name })).toBe(201);

    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Policies", exact: true })
      .click();
    await page.waitForURL("**/policies");
    await page.getByText("No policies yet").waitFor({ timeout: UI_TIMEOUT });
    await shot(page, "01-empty");
    await page.getByRole("button", { name: "Adopt templates" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Adopt policy templates" });
    await dialog.getByLabel("Templates", { exact: true }).click();
    await page.getByRole("option", { name: "Acceptable Use Policy" }).click();
    await dialog.getByLabel("Templates", { exact: true }).press("Escape");
    await shot(page, "02-adopt", { viewport: true });
    await dialog.getByRole("button", { name: /^Adopt/ }).click();
    await page.waitForURL(/\/policies\/[0-9a-f-]{36}$/);
    policyUrl = new URL(page.url()).pathname;
    await page
      .getByTestId("policy-document")
      .getByRole("heading", { name: "Acceptable Use Policy", level: 1 })
      .waitFor();
    expect(await page.getByTestId("policy-document").innerText()).toContain("Northwind Labs");

    await page.getByRole("tab", { name: "Edit" }).click();
    const body = page.getByTestId("policy-body");
    const text = await body.inputValue();
    await body.fill(`${text}\n\n## Working from cafés\n\nLock your screen whenever you step away.\n`);
    await page.getByTestId("policy-preview").getByRole("heading", { name: "Working from cafés" }).waitFor();
    await page.getByLabel("Change summary").fill("Adds a section on working in public places");
    await shot(page, "03-editor");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("Saved as the draft of version 1.").waitFor();
  });

  it("goes through review: the author cannot approve, the named approver does", async () => {
    await page.getByRole("tab", { name: "Review and publish" }).click();
    await page.getByRole("combobox", { name: "Approvers" }).click();
    await page.getByRole("option", { name: /Olivia Owner \(the author\)/ }).waitFor();
    await page.getByRole("option", { name: "Adam Approver" }).click();
    await page.getByRole("combobox", { name: "Approvers" }).press("Escape");
    await page.getByRole("button", { name: "Submit for review" }).click();
    await expect
      .poll(() => page.getByTestId("version-status").textContent(), { timeout: UI_TIMEOUT })
      .toBe("In review");
    // The owner is not named: the approve button is disabled and says why.
    expect(await page.getByRole("button", { name: "Approve" }).isDisabled()).toBe(true);
    await page.getByText("You are not one of the approvers named for this version.").waitFor();
    await shot(page, "04-in-review");

    const a = approver!.page;
    await a.goto(`${policyUrl}?tab=review`);
    await a.getByRole("button", { name: "Approve", exact: true }).click();
    const outcome = a.getByText("You approved this version.").or(a.getByRole("alert")).first();
    await outcome.waitFor({ timeout: UI_TIMEOUT });
    await shot(a, "05-approved");
    expect(await outcome.innerText()).toBe("You approved this version.");
    await expect.poll(() => a.getByTestId("version-status").textContent(), { timeout: UI_TIMEOUT }).toBe("Approved");
  });

  it("publishes a major version to all staff", async () => {
    await page.reload();
    await page.getByRole("tab", { name: "Review and publish" }).click();
    await page.getByLabel("All staff").check();
    await page.getByLabel(/Publish version 1/).check();
    await shot(page, "06-publish");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByText(/Version 1 is published; 2 people are asked to accept it/).waitFor({ timeout: UI_TIMEOUT });
  });

  it("lets the employee accept it from the portal", async () => {
    const e = employee!.page;
    await e.goto("/");
    await e.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "My policies" }).click();
    await e.waitForURL("**/portal/policies");
    await e.getByRole("link", { name: /Acceptable Use Policy, version 1/ }).click();
    await e.getByRole("heading", { name: "Working from cafés" }).waitFor();
    await shot(e, "07-portal");
    await e.getByLabel(/I have read the Acceptable Use Policy/).check();
    await e.getByRole("button", { name: "Accept" }).click();
    await e.getByTestId("accepted").waitFor();
    await shot(e, "08-accepted");
  });

  it("shows who accepted in the tracking view", async () => {
    // The owner accepts too, so everyone asked has accepted.
    expect(await post(page, `/api/v1/portal/policies/${policyUrl.split("/").pop()}/accept`, {})).toBe(200);
    await page.goto(`${policyUrl}?tab=acceptance`);
    await expect
      .poll(() => page.getByTestId("acceptance-share").innerText(), { timeout: UI_TIMEOUT })
      .toContain("2 of 2 people accepted version 1: 100%");
    expect(await page.getByRole("table", { name: "Acceptance" }).innerText()).toContain("Erin Employee");
    await shot(page, "09-tracking");
  });

  it("drafts version 2 and shows the words that changed since version 1", async () => {
    await page.goto(`${policyUrl}?tab=edit`);
    const body = page.getByTestId("policy-body");
    const text = await body.inputValue();
    await body.fill(
      text.replace("Lock your screen whenever you step away.", "Lock your screen every time you step away."),
    );
    await page.getByLabel("Change summary").fill("Clearer wording for screen locks");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText(/Saved as the draft of version 2/).waitFor({ timeout: UI_TIMEOUT });
    await page.goto(`${policyUrl}?tab=versions`);
    const diff = page.getByTestId("policy-diff");
    await diff.locator("ins").first().waitFor({ timeout: UI_TIMEOUT });
    expect(await diff.locator("del").allInnerTexts()).toEqual(["whenever"]);
    expect(await diff.locator("ins").allInnerTexts()).toEqual(["every time"]);
    await shot(page, "10-diff");
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
