/**
 * The program as code in a real browser: the dashboard's Export menu downloads the program as a zip and as OSCAL
 * (the POA&M explains itself while the remediation plan is empty); importing the zip back previews "no changes";
 * a changed folder lists its problems as file:line, then previews the changes with warnings and applies them.
 * Screenshots go to test-results/ui-review/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import type { Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eApp, screenshots, setUp, startApp } from "./helpers.ts";

const shot = screenshots("ui-review");
const OWNER = {
  org: "Cirrus Ledger",
  name: "Grace Hopper",
  email: "grace@cirrus.test",
  password: "compass-harbor-ember-52",
};
const PROGRAM = `SOC 2 Type II ${new Date().getFullYear() + 1}`;

let app: E2eApp;
let page: Page;
let tmp: string;
let zip: Buffer;
let controlFile = "";
let sspFilename = "";

/** Opens the Export menu and downloads one of its entries. */
async function exportItem(name: RegExp): Promise<Download> {
  await page.getByRole("button", { name: "Export" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name }).click()]);
  return download;
}

/** Opens the import dialog and picks a zip through the file chooser. */
async function openImport(file: string) {
  await page.getByRole("button", { name: "Import program as code" }).click();
  const dialog = page.getByRole("dialog", { name: "Import program as code" });
  // The file picker has the focus, so the dialog works from the keyboard from the start.
  const picker = dialog.getByLabel("Program folder (.zip)");
  const pickerId = await picker.getAttribute("id");
  expect(pickerId).toBeTruthy();
  await expect.poll(() => page.evaluate<string | undefined>("document.activeElement?.id")).toBe(pickerId);
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    dialog.getByLabel("Program folder (.zip)").click(),
  ]);
  await chooser.setFiles(file);
  await dialog.getByText(path.basename(file)).waitFor();
  return dialog;
}

function writeZip(name: string, files: Record<string, Uint8Array>): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, zipSync(files));
  return file;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "assay-code-e2e-"));
  app = await startApp();
  ({ page } = await app.newContext());
});

afterAll(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("program as code", () => {
  it("creates a program with the library controls", async () => {
    await setUp(page, OWNER);
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Get started" }).click();
    await page.getByRole("button", { name: "Create your SOC 2 program" }).click();
    const dialog = page.getByRole("dialog", { name: "Create your SOC 2 program" });
    await dialog.getByRole("button", { name: "Create program" }).click();
    await page.getByRole("heading", { name: PROGRAM }).waitFor();
  });

  it("downloads the program as code from the Export menu", async () => {
    // The menu works from the keyboard.
    await page.getByRole("button", { name: "Export" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: /^Program as code \(\.zip\)/ }).waitFor();
    await page.keyboard.press("ArrowDown");
    await shot(page, "40-export-menu", { viewport: true });
    await page.keyboard.press("Escape");
    await page.getByRole("menu").waitFor({ state: "hidden" });

    const download = await exportItem(/^Program as code \(\.zip\)/);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    zip = fs.readFileSync(await download.path());
    expect(zip.subarray(0, 2).toString()).toBe("PK");
    const files = unzipSync(zip);
    expect(Object.keys(files)).toContain("program.yaml");
    expect(strFromU8(files["program.yaml"]!)).toContain(`name: ${PROGRAM}`);
    controlFile = Object.keys(files).find((f) => f.startsWith("controls/")) ?? "";
    expect(controlFile).not.toBe("");
  });

  it("downloads the OSCAL system security plan", async () => {
    const download = await exportItem(/^OSCAL system security plan \(JSON\)/);
    sspFilename = download.suggestedFilename();
    expect(sspFilename).toMatch(/-ssp\.json$/);
    const doc = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
    expect(doc).toHaveProperty("system-security-plan");
    expect(doc["system-security-plan"].metadata["oscal-version"]).toBe("1.2.1");
  });

  it("explains why there is no plan of action while the remediation plan is empty", async () => {
    await page.getByRole("button", { name: "Export" }).click();
    await page.getByRole("menuitem", { name: /^OSCAL plan of action and milestones \(JSON\).*empty/ }).click();
    const dialog = page.getByRole("dialog", { name: "Nothing to put in a plan of action yet" });
    await dialog.getByText(/needs at\s+least one/).waitFor();
    await dialog.getByRole("button", { name: "Close" }).last().click(); // the footer's, not the header's ×
    await dialog.waitFor({ state: "hidden" });
  });

  it("imports the same zip back as a dry run: no changes", async () => {
    const dialog = await openImport(writeZip("same.zip", unzipSync(zip)));
    await dialog.getByRole("button", { name: "Preview changes" }).click();
    await dialog.getByText("The program already matches this folder").waitFor();
    expect(await dialog.getByRole("button", { name: "Apply import" }).count()).toBe(0);
    await shot(page, "41-import-no-changes", { viewport: true });
    await dialog.getByRole("button", { name: "Close" }).last().click(); // the footer's, not the header's ×
    await dialog.waitFor({ state: "hidden" });
  });

  it("lists the problems of a folder it refuses, then previews and applies a changed one", async () => {
    const files = unzipSync(zip);
    const control = strFromU8(files[controlFile]!);
    expect(control).toMatch(/^owner: null$/m);
    expect(control).toMatch(/^status: not_started$/m);
    files[controlFile] = strToU8(
      control
        .replace(/^owner: null$/m, "owner: ghost@elsewhere.test")
        .replace(/^status: not_started$/m, "status: in_progress"),
    );
    files["remediation/R-1.md"] = strToU8(
      [
        "---",
        "ref: R-1",
        "title: Publish an org chart",
        "status: open",
        "source: manual",
        "likelihood: 3",
        "impact: 4",
        "owner: null",
        "dueDate: null",
        "criteria: [CC1.3]",
        "controls: []",
        "evidence: []",
        "---",
        "",
        "## Gap",
        "",
        "Reporting lines are not written down.",
        "",
        "## Root cause",
        "",
        "## Action",
        "",
        "## Monitoring",
        "",
      ].join("\n"),
    );
    const dialog = await openImport(writeZip("changed.zip", files));

    // An owner who is not a member: refused, with the file and line.
    await dialog.getByRole("button", { name: "Preview changes" }).click();
    const problems = dialog.getByTestId("import-problems");
    await problems.waitFor();
    expect(await problems.textContent()).toMatch(
      new RegExp(`${controlFile.replace(".", "\\.")}:\\d+ — .*ghost@elsewhere\\.test`),
    );
    expect(await problems.textContent()).toContain("tick “Skip owners who are not members”");
    await shot(page, "42-import-problems", { viewport: true });

    // Skipping unknown owners: the preview shows the changes and the warning.
    await dialog.getByLabel("Skip owners who are not members").check();
    await dialog.getByRole("button", { name: "Preview changes" }).click();
    const preview = dialog.getByTestId("import-preview");
    await preview.waitFor();
    const key = path.basename(controlFile, ".md");
    const controls = preview.getByTestId("diff-controls");
    expect(await controls.textContent()).toContain(key);
    expect(await controls.textContent()).toMatch(/status\s*not_started\s*→?\s*changes to\s*in_progress/);
    expect(await preview.getByTestId("diff-remediation").textContent()).toContain("R-1");
    expect(await preview.getByTestId("import-warnings").textContent()).toContain("ghost@elsewhere.test");
    await shot(page, "43-import-preview", { viewport: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await shot(page, "43b-dark-import-preview", { viewport: true });
    await page.emulateMedia({ colorScheme: "light" });

    await dialog.getByRole("button", { name: "Apply import" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText("Import applied").waitFor();
  });

  it("downloads the plan of action once the remediation plan has an item", async () => {
    const download = await exportItem(/^OSCAL plan of action and milestones \(JSON\)\s*The remediation plan/);
    const doc = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
    expect(doc["plan-of-action-and-milestones"]["poam-items"]).toHaveLength(1);
    // The POA&M names the SSP as the browser saved it, so the two files resolve side by side.
    expect(doc["plan-of-action-and-milestones"]["import-ssp"].href).toBe(sspFilename);
    await shot(page, "44-dashboard-after-import");
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
