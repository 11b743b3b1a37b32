/**
 * The endpoint agent journey in a real browser, with the real `assay` binary on this machine: an owner creates an
 * enrollment token on the Devices page (shown once, with the commands) → this machine enrolls and reports its
 * posture → the device appears with its checks, each with its reason → the owner revokes it and its token stops
 * working. Screenshots go to test-results/devices/.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINUX_AGENT_TESTS, platformOfTest } from "../src/integrations/linux-agent/tests.ts";
import { type E2eApp, ROOT, screenshots, setUp, startApp } from "./helpers.ts";

const shot = screenshots("devices");
const OWNER = {
  org: "Lumen Robotics",
  name: "Hedy Lamarr",
  email: "hedy@lumen.test",
  password: "signal-spruce-harbor-64",
};
const HOST = os.hostname();

let app: E2eApp;
let page: Page;
let dir = "";
let token = "";

/** Runs the real CLI; resolves with its exit code and output. */
function assay(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      path.join(ROOT, "bin", "assay"),
      args,
      { env: { ...process.env, XDG_CONFIG_HOME: dir } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-e2e-agent-"));
  app = await startApp();
  ({ page } = await app.newContext());
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("endpoint agent journey", () => {
  it("creates an enrollment token, shown once with the commands to run", async () => {
    await setUp(page, OWNER);
    await page.goto("/devices");
    await page.getByText("No devices enrolled yet").waitFor();
    await shot(page, "01-devices-empty");
    await page.getByRole("button", { name: "Enroll a device" }).first().click();
    const create = page.getByRole("dialog", { name: "Create an enrollment token" });
    await create.getByLabel("Name").fill("Engineering laptops");
    await create.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByRole("dialog", { name: "Enroll your machines" });
    token = ((await shown.getByLabel("Enrollment token", { exact: true }).textContent()) ?? "").trim();
    expect(token).toMatch(/^assay_enr_/);
    // The one-liner of each system, with this installation's public URL (not the browser's origin) and the token.
    expect(await shown.getByLabel("Linux command", { exact: true }).textContent()).toBe(
      `curl -fsSL '${app.base}/agent/install.sh' | sudo sh -s -- '${token}'`,
    );
    await shown.getByRole("tab", { name: "Windows" }).click();
    expect(await shown.getByLabel("Windows command", { exact: true }).textContent()).toContain(
      `irm '${app.base}/agent/install.ps1' | iex`,
    );
    await shot(page, "02-token-once", { viewport: true });
    await shown.getByRole("button", { name: "I have copied it" }).click();
    await shown.waitFor({ state: "hidden" });
  });

  it("this machine enrolls and reports; the device appears with its checks", async () => {
    const config = path.join(dir, "agent.json");
    const enrolled = await assay(["agent", "enroll", "--url", app.base, "--token", token, "--config", config]);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    expect((fs.statSync(config).mode & 0o777).toString(8)).toBe("600");
    const reported = await assay(["agent", "report", "--config", config]);
    expect(reported.code, reported.stderr).toBe(0);

    await page.reload();
    await page.getByRole("link", { name: HOST, exact: true }).click();
    const drawer = page.getByRole("dialog", { name: HOST });
    // Every check of the catalogue has a result with its reason (pass, fail or not applicable on this machine).
    for (const check of LINUX_AGENT_TESTS.filter((t) => platformOfTest(t.id) === "linux"))
      await drawer.getByText(check.title, { exact: true }).waitFor();
    await shot(page, "03-device", { viewport: true });
    await page.keyboard.press("Escape");
  });

  it("revokes the device: its token stops working", async () => {
    await page.getByRole("link", { name: HOST, exact: true }).click();
    const drawer = page.getByRole("dialog", { name: HOST });
    await drawer.getByRole("button", { name: "Revoke device" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke this device?" });
    await confirm.getByRole("button", { name: "Revoke device" }).click();
    await confirm.waitFor({ state: "hidden" });
    await page.getByText("Device revoked").waitFor();
    const refused = await assay(["agent", "report", "--config", path.join(dir, "agent.json")]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/revoked/i);
    await shot(page, "04-revoked", { viewport: true });
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
