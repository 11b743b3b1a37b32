/// <reference lib="dom" />
/**
 * The evidence journey in a real browser against the real server: an organization with a program uploads two files
 * (one dropped with a real DataTransfer, one through the file input) linked to a control with the period they
 * cover, watching per-file progress → too-large and refused files fail with the server's own message → the library
 * filters by control → the image and the text preview in place, download byte for byte, and one is corrected with
 * a new version → a link and a written statement are added → the control's “Why this status” panel lists the
 * evidence → an employee uploads from their empty list a good file and one whose content contradicts its name: the
 * dialog stays open with each file's result and the server's reason, retries only the failed file, and closes once
 * the fixed file is in; from the toolbar the same; they see only what they submitted. Screenshots (light and dark)
 * go to test-results/evidence/.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type E2eApp,
  expectDarkTheme,
  inviteMember,
  type MailCatcher,
  screenshots,
  setUp,
  startAppWithMail,
} from "./helpers.ts";

const shot = screenshots("evidence");
const OWNER = {
  org: "Halcyon Freight",
  name: "Grace Hopper",
  email: "grace@halcyon.test",
  password: "cobalt-harbor-lantern-52",
};
const EMPLOYEE = { name: "Katherine Johnson", email: "katherine@halcyon.test", password: "orbit-lantern-copper-71" };
const CONTROL = "ACC-08"; // quarterly: evidence for this month stays current
const MAX_BYTES = 5_000_000;

/** A small real PNG (a colour gradient), so the browser has something to draw. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rows.set([40 + x, 90 + y, 200], y * (1 + width * 3) + 1 + x * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const PNG = png(160, 90);
// Large enough that throttled uploads show their progress.
const TEXT = Buffer.from(
  `user,mfa,last_review\n${Array.from({ length: 90_000 }, (_, i) => `user${i}@halcyon.test,enforced,2027-03-31`).join("\n")}\n`,
);
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let app: E2eApp;
let smtp: MailCatcher;
let close: () => Promise<void>;
let page: Page;
let programId = "";
let pngEvidenceUrl = "";

const dialog = () => page.getByRole("dialog", { name: "Add evidence" });

/** Drops files on the drop zone the way a browser does: dragenter, dragover and drop carrying a DataTransfer. */
async function dropFiles(p: Page, files: { name: string; type: string; base64: string }[]) {
  await p.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const zone = document.querySelector('[data-testid="evidence-dropzone"]');
    if (!zone) throw new Error("no drop zone");
    for (const type of ["dragenter", "dragover", "drop"])
      zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, files);
}

/** Picks a range in an open Mantine date picker by the days' accessible names. */
async function pickRange(p: Page, from: Date, to: Date) {
  const label = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  await p
    .getByRole("button", { name: label(from), exact: true })
    .first()
    .click();
  await p
    .getByRole("button", { name: label(to), exact: true })
    .first()
    .click();
}

beforeAll(async () => {
  ({ app, smtp, page, close } = await startAppWithMail({ ASSAY_EVIDENCE_MAX_BYTES: String(MAX_BYTES) }));
});

afterAll(async () => {
  await close?.();
});

describe("evidence journey", () => {
  it("starts from an empty library that explains good evidence", async () => {
    await setUp(page, OWNER);
    await page.goto("/programs");
    await page.getByRole("button", { name: "Create your SOC 2 program" }).click();
    const create = page.getByRole("dialog", { name: "Create your SOC 2 program" });
    await create.getByRole("button", { name: "Create program" }).click();
    await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
    programId = new URL(page.url()).pathname.split("/")[2]!;

    await page.goto("/evidence");
    await page.getByText("No evidence yet").waitFor();
    await page.getByText("dated and attributable").waitFor();
    await shot(page, "01-library-empty");
  });

  it("uploads two files by drag and drop and the file input, linked to a control with a period", async () => {
    await page.getByRole("button", { name: "Upload evidence" }).click();
    await dialog().waitFor();
    await dropFiles(page, [{ name: "mfa-settings_screenshot.png", type: "image/png", base64: PNG.toString("base64") }]);
    await dialog().getByTestId("evidence-file-input").setInputFiles({
      name: "user-export.csv",
      mimeType: "text/csv",
      buffer: TEXT,
    });
    // Titles default from the file names and stay editable.
    expect(await dialog().getByLabel("Title for mfa-settings_screenshot.png").inputValue()).toBe(
      "Mfa settings screenshot",
    );
    await dialog().getByLabel("Title for user-export.csv").fill("Q1 user export");

    await dialog().getByLabel("Description").fill("Identity provider settings and the user list they apply to.");
    await dialog().getByLabel("Period covered").click();
    const now = new Date();
    const first = new Date(now.getFullYear(), now.getMonth(), 1);
    await pickRange(page, first, now);
    await dialog().getByLabel("Controls it supports").click();
    await dialog().getByLabel("Controls it supports").fill(CONTROL);
    await page.getByRole("option", { name: new RegExp(`^${CONTROL} · `) }).click();
    await page.keyboard.press("Escape"); // closes the dropdown, not the dialog
    await dialog().getByRole("button", { name: "Upload 2 files" }).waitFor();
    await shot(page, "02-add-files", { viewport: true });

    // Slow the upload down so the per-file progress is visible.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 1_000_000,
    });
    await dialog().getByRole("button", { name: "Upload 2 files" }).click();
    await dialog().getByTestId("upload-progress").first().waitFor();
    await shot(page, "03-uploading", { viewport: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await dialog().waitFor({ state: "hidden", timeout: 30_000 });
    await page.getByText("2 files added to the evidence library.").waitFor();

    const table = page.getByRole("table", { name: "Evidence" });
    await table.getByRole("link", { name: "Mfa settings screenshot" }).waitFor();
    await table.getByRole("link", { name: "Q1 user export" }).waitFor();
    expect(await table.locator("[data-freshness]").first().getAttribute("data-freshness")).toBe("current");
    await page.getByText("2 pieces of evidence").waitFor();
    await shot(page, "04-library");
  });

  it("shows the server's message for a file too large and a refused program", async () => {
    await page.getByRole("button", { name: "Add evidence" }).click();
    const elf = Buffer.alloc(256);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    await dialog()
      .getByTestId("evidence-file-input")
      .setInputFiles([
        { name: "huge-export.txt", mimeType: "text/plain", buffer: Buffer.alloc(MAX_BYTES + 200_000, "a") },
        { name: "tool.bin", mimeType: "application/octet-stream", buffer: elf },
      ]);
    await dialog().getByRole("button", { name: "Upload 2 files" }).click();
    await dialog()
      .getByText(/“huge-export.txt” is larger than the/)
      .waitFor({ timeout: 30_000 });
    await dialog()
      .getByText(/Linux program/)
      .waitFor();
    await dialog().getByRole("button", { name: "Retry 2 failed files" }).waitFor();
    await shot(page, "05-upload-errors", { viewport: true });
    await dialog().getByRole("button", { name: "Cancel" }).click();
    await page.getByText("2 pieces of evidence").waitFor();
  });

  it("filters the library by control, kept in the URL", async () => {
    await page.getByRole("combobox", { name: "Filter by control" }).click();
    await page.getByRole("combobox", { name: "Filter by control" }).fill(CONTROL);
    await page.getByRole("option", { name: new RegExp(`^${CONTROL} · `) }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("control")).toBe(CONTROL);
    await page.getByText("2 pieces of evidence").waitFor();
    // Another control: nothing matches (changed in the page, as a person would).
    await page.getByRole("combobox", { name: "Filter by control" }).click();
    await page.getByRole("combobox", { name: "Filter by control" }).fill("ACC-01");
    await page.getByRole("option", { name: /^ACC-01 · / }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("control")).toBe("ACC-01");
    await page.getByText("No evidence matches these filters").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByText("2 pieces of evidence").waitFor();
  });

  it("previews the image and the text, and downloads the file unchanged", async () => {
    await page.getByRole("link", { name: "Mfa settings screenshot" }).click();
    await page.getByRole("heading", { name: "Mfa settings screenshot" }).waitFor();
    pngEvidenceUrl = new URL(page.url()).pathname;
    const img = page.getByTestId("image-preview");
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(160);
    expect(await page.getByTestId("sha256").getAttribute("title")).toBe(sha256(PNG));
    await page.getByText("image/png").waitFor();
    await page.getByText("Submitted evidence cannot be edited").waitFor();
    await shot(page, "06-detail-image");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("mfa-settings_screenshot.png");
    expect(sha256(fs.readFileSync((await download.path())!))).toBe(sha256(PNG));

    await page.goto("/evidence");
    await page.getByRole("link", { name: "Q1 user export" }).click();
    await page.getByTestId("text-preview").waitFor();
    expect(await page.getByTestId("text-preview").textContent()).toContain("user0@halcyon.test,enforced");
    await page.getByText("Showing the first 256 KB").waitFor();
    await shot(page, "07-detail-text");
  });

  it("corrects a piece of evidence with a new version and a reason", async () => {
    await page.goto(pngEvidenceUrl);
    await page.getByRole("button", { name: "Upload a new version" }).click();
    const modal = page.getByRole("dialog", { name: "Upload a new version" });
    await modal.getByRole("button", { name: "Save as version 2" }).waitFor();
    expect(await modal.getByRole("button", { name: "Save as version 2" }).isDisabled()).toBe(true);
    await modal.getByLabel(/Why is it being corrected/).fill("The first screenshot missed the enforcement toggle.");
    await modal.getByTestId("evidence-file-input").setInputFiles({
      name: "mfa-settings-full.png",
      mimeType: "image/png",
      buffer: png(200, 120),
    });
    await shot(page, "08-new-version", { viewport: true });
    await modal.getByRole("button", { name: "Save as version 2" }).click();
    await page.getByText("Version 2 now replaces version 1.").waitFor();
    await expect.poll(() => page.url()).not.toContain(pngEvidenceUrl);
    const versions = page.getByRole("region", { name: "Versions" });
    await versions.getByText("Correction: The first screenshot missed the enforcement toggle.").waitFor();
    await versions.getByRole("link", { name: "Version 1" }).waitFor();
    await page.getByRole("list", { name: "Linked controls" }).getByText(CONTROL).waitFor();
    await shot(page, "09-detail-version-2");
  });

  it("adds a link and a written statement", async () => {
    await page.goto("/evidence");
    await page.getByRole("button", { name: "Add evidence" }).click();
    await dialog().getByRole("tab", { name: "Link" }).click();
    await dialog().getByLabel("Address").fill("https://tickets.halcyon.test/CHG-142");
    await dialog().getByLabel("Title").fill("CHG-142: MFA rollout approval");
    await dialog().getByRole("button", { name: "Add link" }).click();
    await page.getByText("“CHG-142: MFA rollout approval” added to the evidence library.").waitFor();

    await page.getByRole("button", { name: "Add evidence" }).click();
    await dialog().getByRole("tab", { name: "Statement" }).click();
    await dialog().getByLabel("Title").fill("No MFA exemptions this quarter");
    await dialog()
      .getByRole("textbox", { name: "Statement" })
      .fill("No account was exempted from MFA during the quarter.");
    await dialog().getByLabel("Controls it supports").click();
    await dialog().getByLabel("Controls it supports").fill(CONTROL);
    await page.getByRole("option", { name: new RegExp(`^${CONTROL} · `) }).click();
    await page.keyboard.press("Escape");
    await shot(page, "10-add-statement", { viewport: true });
    await dialog().getByRole("button", { name: "Add statement" }).click();
    await page.getByText("4 pieces of evidence").waitFor();
    await page.getByRole("combobox", { name: "Filter by kind" }).click();
    await page.getByRole("option", { name: "Statement" }).click();
    await page.getByText("1 piece of evidence").waitFor();
    await page.getByRole("link", { name: "No MFA exemptions this quarter" }).click();
    expect(await page.getByTestId("statement-text").textContent()).toContain("No account was exempted");
  });

  it("falls back to the stored status and the linked evidence when the server cannot explain", async () => {
    // An older server has no explanation endpoint: it answers route_not_found.
    await page.route("**/explanation", (route) =>
      route.fulfill({
        status: 404,
        contentType: "application/problem+json",
        body: JSON.stringify({
          type: "about:blank",
          title: "Not Found",
          status: 404,
          code: "route_not_found",
          detail: "No endpoint",
        }),
      }),
    );
    await page.goto(`/programs/${programId}/controls/${CONTROL}`);
    await page.getByRole("tab", { name: "Why this status" }).click();
    await page.getByTestId("explanation-fallback").waitFor();
    await page.getByRole("region", { name: "Evidence" }).getByRole("link", { name: "Q1 user export" }).waitFor();
    await shot(page, "11a-control-why-fallback", { viewport: true });
    await page.unroute("**/explanation");
    await page.keyboard.press("Escape");
  });

  it("lists the evidence in the control's “Why this status” panel", async () => {
    await page.goto(`/programs/${programId}/controls/${CONTROL}`);
    await page.getByRole("tab", { name: "Why this status" }).click();
    const evidence = page.getByRole("region", { name: "Evidence" });
    await evidence.getByRole("link", { name: "Mfa settings screenshot" }).waitFor();
    await evidence.getByRole("link", { name: "No MFA exemptions this quarter" }).waitFor();
    await evidence.getByRole("link", { name: "Q1 user export" }).waitFor();
    expect(await evidence.locator("[data-freshness]").first().getAttribute("data-freshness")).toBe("current");
    await page.getByRole("region", { name: "Tests" }).waitFor();
    await shot(page, "11-control-why", { viewport: true });

    // Add evidence from the control: the control comes preselected.
    await evidence.getByRole("button", { name: "Add evidence" }).click();
    await dialog().getByText(`${CONTROL} · `).waitFor();
    await dialog().getByRole("button", { name: "Cancel" }).click();
  });

  it("reads well in the dark theme", async () => {
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await page.goto(`/programs/${programId}/controls/${CONTROL}`);
    await page.getByRole("tab", { name: "Why this status" }).click();
    await page.getByRole("region", { name: "Evidence" }).getByRole("link").first().waitFor();
    await expectDarkTheme(page);
    await shot(page, "12-dark-control-why", { viewport: true });
    await page.keyboard.press("Escape");
    await page.goto("/evidence");
    await page.getByRole("table", { name: "Evidence" }).waitFor();
    await expectDarkTheme(page);
    await shot(page, "13-dark-library");
    await page.getByRole("link", { name: "Mfa settings screenshot" }).click();
    await page.getByTestId("image-preview").waitFor();
    await expectDarkTheme(page);
    await shot(page, "14-dark-detail");
    await page.goto("/evidence");
    await page.getByRole("button", { name: "Add evidence" }).click();
    await dialog().waitFor();
    await expectDarkTheme(page);
    await shot(page, "15-dark-add", { viewport: true });
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Switch to light theme" }).click();
  });

  it("keeps each file's result when some fail, whichever button opened the dialog; an employee sees their own evidence", async () => {
    const member = await inviteMember(page, app, smtp, EMPLOYEE, "Employee");
    const p = member.page;
    const d = p.getByRole("dialog", { name: "Add evidence" });
    const posts: string[] = [];
    p.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/api/v1/evidence") posts.push(r.url());
    });
    try {
      await p.getByRole("link", { name: "Evidence", exact: true }).click();
      await p.getByRole("heading", { name: "Your evidence" }).waitFor();
      await p.getByText("No evidence yet").waitFor();

      // From the empty state: one good file, one whose content is not what its name says.
      await p.getByRole("button", { name: "Upload evidence" }).click();
      await d.getByTestId("evidence-file-input").setInputFiles([
        {
          name: "training-certificate.txt",
          mimeType: "text/plain",
          buffer: Buffer.from("Security awareness training completed.\n"),
        },
        { name: "phishing-quiz.pdf", mimeType: "application/pdf", buffer: PNG },
      ]);
      await d.getByRole("button", { name: "Upload 2 files" }).click();
      await d
        .getByText(/“phishing-quiz.pdf” is a PNG image \(image\/png\), but its name says a PDF document \(\.pdf\)/)
        .waitFor({ timeout: 30_000 });
      // The dialog stayed open although the library behind it is no longer empty.
      await d.getByText("1 file uploaded, 1 file not uploaded").waitFor();
      await d.getByText("Uploaded.").waitFor();
      await d.getByRole("button", { name: "Retry 1 failed file" }).waitFor();
      expect(posts).toHaveLength(2);
      await shot(p, "16-employee-partial-upload", { viewport: true });

      // Retry sends only the failed file: the server answers the same, the uploaded one is not sent twice.
      await d.getByRole("button", { name: "Retry 1 failed file" }).click();
      await expect.poll(() => posts.length).toBe(3);
      await d.getByRole("button", { name: "Retry 1 failed file" }).waitFor();
      await d.getByText(/“phishing-quiz.pdf” is a PNG image/).waitFor();
      // Fixed: the same image, named for what it is.
      await d.getByRole("button", { name: "Remove phishing-quiz.pdf" }).click();
      await d.getByTestId("evidence-file-input").setInputFiles({
        name: "phishing-quiz.png",
        mimeType: "image/png",
        buffer: PNG,
      });
      await d.getByRole("button", { name: "Upload 1 file" }).click();
      await d.waitFor({ state: "hidden", timeout: 30_000 });
      await p.getByText("2 files added to the evidence library.").waitFor();
      expect(posts).toHaveLength(4);
      const table = p.getByRole("table", { name: "Evidence" });
      await table.getByRole("link", { name: "Training certificate" }).waitFor();
      await table.getByRole("link", { name: "Phishing quiz" }).waitFor();

      // From the toolbar: a refused program next to a good file; removing it leaves “Done”.
      await p.getByRole("button", { name: "Add evidence" }).click();
      const elf = Buffer.alloc(256);
      elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
      await d.getByTestId("evidence-file-input").setInputFiles([
        { name: "policy-acknowledgement.txt", mimeType: "text/plain", buffer: Buffer.from("I read the policy.\n") },
        { name: "quiz-tool.bin", mimeType: "application/octet-stream", buffer: elf },
      ]);
      await d.getByRole("button", { name: "Upload 2 files" }).click();
      await d.getByText(/“quiz-tool.bin” is a Linux program/).waitFor({ timeout: 30_000 });
      await d.getByText("1 file uploaded, 1 file not uploaded").waitFor();
      await d.getByRole("button", { name: "Remove quiz-tool.bin" }).click();
      await d.getByRole("button", { name: "Done" }).click();
      await d.waitFor({ state: "hidden" });

      // Only their own evidence: 3 pieces, none of the owner's.
      await p.getByText("3 pieces of evidence").waitFor();
      expect(await table.getByRole("link", { name: "Q1 user export" }).count()).toBe(0);
      await table.getByRole("link", { name: "Training certificate" }).click();
      await p.getByRole("heading", { name: "Training certificate" }).waitFor();
      expect(await p.getByTestId("text-preview").textContent()).toContain("Security awareness training completed.");
      await shot(p, "17-employee-own-evidence");
      await p.goto(pngEvidenceUrl);
      await p.getByText(/You can see the evidence you submitted yourself/).waitFor();
    } finally {
      await member.context.close();
    }
  });

  it("ran without CSP violations or page errors", () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
