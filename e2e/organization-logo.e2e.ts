/**
 * The organization's logo and one person's policy acceptance, in a real browser: the owner uploads a PNG logo in
 * Settings → Organization (a file over 512 KB is refused with what to do, the preview shows the logo, the policy PDF
 * embeds it), then opens their own person page and sees the policy they were asked to accept as outstanding, and
 * accepted (with when and from where) after accepting it in the portal. Screenshots in test-results/organization-logo/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPng } from "../src/modules/organizations/testing.ts";
import { type E2eApp, screenshots, setUp, startApp, UI_TIMEOUT } from "./helpers.ts";

const shot = screenshots("organization-logo");
const OWNER = {
  org: "Brightwater Analytics",
  name: "Lena Logo",
  email: "lena@brightwater.test",
  password: "amber-canyon-kite-71",
};

let app: E2eApp;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  ({ page } = await app.newContext());
});
afterAll(async () => {
  await app?.close();
});

/** Writes from the signed-in page: the owner as a person, a policy published to all staff (own approval allowed). */
async function publishPolicy(p: Page) {
  return p.evaluate(async () => {
    const s = await (await fetch("/api/v1/auth/session")).json();
    const send = async (method: string, url: string, body: unknown) => {
      const res = await fetch(url, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": s.csrfToken },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const person = await send("POST", "/api/v1/people", { email: s.user.email, fullName: s.user.name });
    await send("PATCH", "/api/v1/policies/settings", { independentApproval: false });
    const adopted = await send("POST", "/api/v1/policies/adopt", {
      templateIds: ["acceptable-use"],
      ownerUserId: s.user.id,
    });
    const id = adopted.items[0].id;
    const detail = await (await fetch(`/api/v1/policies/${id}`)).json();
    const v = `/api/v1/policies/${id}/versions/${detail.versions[0].id}`;
    await send("POST", `${v}/submit`, { approverIds: [s.user.id] });
    await send("POST", `${v}/approve`, {});
    await send("POST", `${v}/publish`, {});
    return { personId: person.id as string, policyId: id as string, versionUrl: v };
  });
}

describe("organization logo and policy acceptance per person", () => {
  let seeded: Awaited<ReturnType<typeof publishPolicy>>;

  it("uploads a logo in the organization settings, refusing a file that is too large", async () => {
    await setUp(page, OWNER);
    await page.goto("/settings/organization");
    await page.getByText("No logo yet").waitFor({ timeout: UI_TIMEOUT });
    const input = page.locator('input[type="file"]');
    await input.setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(600 * 1024) });
    await page.getByText("The file is too large").waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByRole("alert").filter({ hasText: "too large" }).innerText()).toContain("512 KB");

    await input.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: testPng(360, 96, [21, 101, 192]) });
    const img = page.getByRole("img", { name: "The organization's logo" });
    await img.waitFor({ timeout: UI_TIMEOUT });
    await expect
      .poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: UI_TIMEOUT })
      .toBe(360);
    expect(await page.getByText("PNG, 360 × 96 pixels").count()).toBe(1);
    await shot(page, "01-settings-logo");
  });

  it("draws the logo on the policy PDF", async () => {
    seeded = await publishPolicy(page);
    const pdf = await page.request.get(`${seeded.versionUrl}/pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).toString("latin1")).toContain("/Subtype /Image");
  });

  it("shows the person's outstanding and accepted policies on their page", async () => {
    await page.goto(`/people/${seeded.personId}`);
    const section = page.getByRole("region", { name: "Policy acceptance" });
    await section.getByText("0 accepted, 1 outstanding").waitFor({ timeout: UI_TIMEOUT });
    expect(await section.getByRole("row").nth(1).innerText()).toMatch(/outstanding/i);
    await shot(page, "02-person-outstanding");

    await page.goto(`/portal/policies/${seeded.policyId}`);
    await page.getByLabel(/I have read the Acceptable Use Policy/).check({ timeout: UI_TIMEOUT });
    await page.getByRole("button", { name: "Accept" }).click();
    await page.getByTestId("accepted").waitFor({ timeout: UI_TIMEOUT });
    await page.goto(`/people/${seeded.personId}`);
    await section.getByText("1 accepted, 0 outstanding").waitFor({ timeout: UI_TIMEOUT });
    const row = await section.getByRole("row").nth(1).innerText();
    expect(row).toMatch(/accepted/i);
    expect(row).toContain("Acceptable Use Policy");
    expect(await section.getByRole("link", { name: "CSV" }).getAttribute("href")).toContain("acceptances.csv");
    await shot(page, "03-person-accepted");
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
