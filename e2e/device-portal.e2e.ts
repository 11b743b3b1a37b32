/**
 * An employee enrols their own computer: the owner adds them to People and invites them → the employee opens My
 * devices, creates a one-time enrolment command → this test runs that Linux one-liner FOR REAL (curl | sh against
 * the server) → the page shows the computer as theirs with its checks; the owner's Devices page shows whose it is
 * and filters by platform. Screenshots go to test-results/device-portal/.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eApp, inviteMember, screenshots, setUp, startAppWithMail } from "./helpers.ts";

const shot = screenshots("device-portal");
const OWNER = {
  org: "Quill Labs",
  name: "Grace Hopper",
  email: "grace@quill.test",
  password: "compass-lantern-river-77",
};
const EMPLOYEE = { name: "Alan Turing", email: "alan@quill.test", password: "enigma-harbor-bright-42" };
const HOST = os.hostname();

let app: E2eApp;
let page: Page;
let employee: Page;
let close: () => Promise<void>;
let smtp: Awaited<ReturnType<typeof startAppWithMail>>["smtp"];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-e2e-portal-"));

function sh(command: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn("sh", ["-c", command], {
      env: { ...process.env, ASSAY_AGENT_DIR: dir, ASSAY_AGENT_SCHEDULE: "none" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const started = await startAppWithMail();
  ({ app, page, smtp } = started);
  close = started.close;
});

afterAll(async () => {
  await close?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("an employee enrols their own computer", () => {
  it("the owner adds the employee to People and invites them", async () => {
    await setUp(page, OWNER);
    const status = await page.evaluate(async (e) => {
      const { csrfToken } = await (await fetch("/api/v1/auth/session")).json();
      const res = await fetch("/api/v1/people", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": csrfToken },
        body: JSON.stringify({ email: e.email, fullName: e.name }),
      });
      return res.status;
    }, EMPLOYEE);
    expect(status).toBe(201);
    ({ page: employee } = await inviteMember(page, app, smtp, EMPLOYEE, "Employee"));
  });

  it("My devices gives a one-time command; running it makes the computer theirs, with its checks", async () => {
    await employee.getByRole("link", { name: "My devices" }).click();
    await employee.getByText("No computer enrolled yet").waitFor();
    await shot(employee, "01-my-devices-empty");
    await employee.getByRole("button", { name: "Enrol a computer" }).first().click();
    await employee.getByRole("heading", { name: "Enrol this computer" }).waitFor();
    await employee.getByRole("tab", { name: "Linux" }).click();
    const command = ((await employee.getByLabel("Linux command", { exact: true }).textContent()) ?? "").trim();
    expect(command).toMatch(new RegExp(`^curl -fsSL '${app.base}/agent/install\\.sh' \\| sudo sh -s -- 'assay_enr_`));
    await shot(employee, "02-one-liner", { viewport: true });

    // This machine runs it (as root already: without sudo when it is not installed).
    const hasSudo = fs.existsSync("/usr/bin/sudo");
    const ran = await sh(hasSudo ? command : command.replace("| sudo sh", "| sh"));
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/Reported to Assay/);

    await employee.getByRole("button", { name: "I ran it: refresh" }).click();
    const device = employee.getByRole("region", { name: HOST });
    await device.waitFor();
    await device.getByText("Linux", { exact: true }).waitFor();
    await device.getByText("Disks are encrypted", { exact: true }).waitFor();
    await device.getByText("The operating system still gets security updates", { exact: true }).waitFor();
    expect(await device.getByText("FileVault encrypts the disk").count()).toBe(0);
    await shot(employee, "03-my-device");
  });

  it("the owner sees whose computer it is and filters by platform and person", async () => {
    await page.goto("/devices");
    const row = page.getByRole("row", { name: new RegExp(HOST) });
    await row.getByText(EMPLOYEE.name).waitFor();
    await page.getByLabel("Platform", { exact: true }).first().click();
    await page.getByRole("option", { name: "Windows" }).click();
    await page.getByText("No device matches these filters").waitFor();
    await page.getByLabel("Platform", { exact: true }).first().click();
    await page.getByRole("option", { name: "Linux" }).click();
    await row.waitFor();
    await shot(page, "04-devices-by-person");
    await page.getByRole("link", { name: HOST, exact: true }).click();
    const drawer = page.getByRole("dialog", { name: HOST });
    await drawer.getByText("Platform").waitFor();
    await shot(page, "05-device-drawer", { viewport: true });
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
