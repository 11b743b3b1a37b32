/**
 * Shared pieces of the browser journeys: a real server (a child process on a fresh data folder), Debian's
 * Chromium, contexts that record CSP violations and page errors, whole-page screenshots, and signing in and out.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { ensureWebBuild } from "../scripts/ensure-web-build.ts";
import { linkIn, startSmtpCatcher } from "../test/smtp.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const UI_TIMEOUT = 15_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForReady(url: string, server: ChildProcess, output: () => string, timeoutMs = 150_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with ${server.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server was not ready within ${timeoutMs} ms:\n${output()}`);
}

export interface E2eApp {
  base: string;
  browser: Browser;
  /** CSP violations and uncaught page errors seen by any context: a journey ends by expecting both empty. */
  cspViolations: string[];
  pageErrors: string[];
  newContext(options?: { colorScheme?: "light" | "dark" }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Builds the web app if needed, starts `assay serve` on a fresh embedded database and launches Chromium. */
export async function startApp(extraEnv: NodeJS.ProcessEnv = {}): Promise<E2eApp> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  ensureWebBuild({ quiet: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "assay-e2e-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    ASSAY_DATA_DIR: path.join(tmp, "data"),
    ASSAY_PUBLIC_URL: base,
    LOG_LEVEL: "warn",
    ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: "100",
    ...extraEnv,
  };
  delete env.DATABASE_URL; // always the embedded database in its own temp folder
  const server = spawn(process.execPath, [path.join(ROOT, "src/cli/main.ts"), "serve"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);
  await waitForReady(base, server, () => output);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  return {
    base,
    browser,
    cspViolations,
    pageErrors,
    async newContext(options = {}) {
      const context = await browser.newContext({
        viewport: { width: 1366, height: 900 },
        baseURL: base,
        acceptDownloads: true,
        colorScheme: options.colorScheme ?? "light",
      });
      context.setDefaultTimeout(UI_TIMEOUT);
      // Page loads compete with the API suite for two cores in `npm test`: give navigations more room.
      context.setDefaultNavigationTimeout(2 * UI_TIMEOUT);
      const page = await context.newPage();
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
      });
      page.on("pageerror", (e) => pageErrors.push(e.message));
      return { context, page };
    },
    async close() {
      await browser.close().catch(() => {});
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once("exit", r));
        server.kill("SIGTERM");
        const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Screenshots into test-results/<folder>/<name>.png, with transitions finished. Whole pages grow the viewport to
 * the page so the fixed header and sidebar render as on screen; `viewport: true` keeps the window (dialogs, drawers).
 */
export function screenshots(folder: string) {
  const dir = path.join(ROOT, "test-results", folder);
  fs.mkdirSync(dir, { recursive: true });
  return async function shot(page: Page, name: string, options: { viewport?: boolean; a11y?: boolean } = {}) {
    const file = path.join(dir, `${name}.png`);
    await page.waitForTimeout(250); // let modals and drawers finish opening or closing
    // On a busy machine transitions run late: wait for the finite ones (a toast fading in) so that axe never reads
    // colours mid-fade; endless ones (spinners, skeletons) are not waited for.
    // Polled through page.evaluate (the DevTools protocol), not waitForFunction, whose string predicate the app's
    // Content Security Policy refuses as eval.
    const settled = () =>
      page.evaluate(() =>
        document
          .getAnimations()
          .every(
            (a) => a.playState !== "running" || a.effect?.getComputedTiming().endTime === Number.POSITIVE_INFINITY,
          ),
      );
    for (let waited = 0; waited < 5000 && !(await settled().catch(() => true)); waited += 100)
      await page.waitForTimeout(100);
    if (options.a11y !== false) await checkA11y(page, `${folder}/${name}`);
    if (options.viewport) return void (await page.screenshot({ path: file, animations: "disabled" }));
    const viewport = page.viewportSize() ?? { width: 1366, height: 900 };
    const height = await page.evaluate<number>("document.documentElement.scrollHeight");
    if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height, 4000) });
    await page.screenshot({ path: file, animations: "disabled" });
    if (height > viewport.height) await page.setViewportSize(viewport);
  };
}

export async function signOut(page: Page, name: string) {
  await page.getByRole("button", { name: `Account menu for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await page.waitForURL("**/sign-in");
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** First run: the setup page creates the organization and its owner, who lands on Home signed in. */
export async function setUp(page: Page, o: { org: string; name: string; email: string; password: string }) {
  await page.goto("/");
  await page.waitForURL("**/setup");
  await page.getByLabel("Organization name").fill(o.org);
  await page.getByLabel("Your name").fill(o.name);
  await page.getByLabel("Work email").fill(o.email);
  await page.getByLabel(/^Password/).fill(o.password);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.getByRole("heading", { name: `Welcome, ${o.name.split(" ")[0]}` }).waitFor();
}

/**
 * The signed-in `page` invites a person with a role; they accept the emailed link in a browser of their own and
 * land signed in. Returns that browser (close its context when done).
 */
export async function inviteMember(
  page: Page,
  app: E2eApp,
  smtp: { waitFor(to: string): Promise<{ raw: string }> },
  person: { name: string; email: string; password: string },
  role: string,
) {
  await page.goto("/settings/invitations");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Role").first().click();
  await page.getByRole("option", { name: role }).click();
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = linkIn((await smtp.waitFor(person.email)).raw, "/invite\\?token=");
  const member = await app.newContext();
  await member.page.goto(link);
  await member.page.getByLabel("Your name").fill(person.name);
  await member.page.getByLabel(/^Password/).fill(person.password);
  await member.page.getByRole("button", { name: "Create account and join" }).click();
  await member.page.getByRole("heading", { name: `Welcome, ${person.name.split(" ")[0]}` }).waitFor();
  return member;
}

/** The app with a real SMTP server catching its mail, and one browser page; `close()` stops both. */
export async function startAppWithMail(extraEnv: NodeJS.ProcessEnv = {}) {
  const smtp = await startSmtpCatcher();
  const app = await startApp({ SMTP_URL: smtp.url, SMTP_FROM: "Assay <assay@e2e.test>", ...extraEnv });
  const { page } = await app.newContext();
  const close = async () => {
    await app.close();
    await smtp.close().catch(() => {});
  };
  return { app, smtp, page, close };
}

export type MailCatcher = Awaited<ReturnType<typeof startSmtpCatcher>>;

/** WCAG relative luminance of a CSS `rgb()`/`rgba()` colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * The page is really in the dark theme and readable: a dark page background, and body text against it at the WCAG
 * AA contrast for normal text (4.5:1). Dark-theme screenshots are taken only after this passes.
 */
export async function expectDarkTheme(page: Page) {
  const { scheme, background, text } = await page.evaluate(() => {
    const body = getComputedStyle(document.body);
    return {
      scheme: document.documentElement.getAttribute("data-mantine-color-scheme"),
      background: body.backgroundColor,
      text: body.color,
    };
  });
  if (scheme !== "dark") throw new Error(`Expected the dark theme, the page uses "${scheme}".`);
  const bg = luminance(background);
  const fg = luminance(text);
  if (bg > 0.1) throw new Error(`The dark theme's background ${background} is not dark.`);
  const contrast = (Math.max(bg, fg) + 0.05) / (Math.min(bg, fg) + 0.05);
  if (contrast < 4.5)
    throw new Error(`Body text ${text} on ${background} has contrast ${contrast.toFixed(2)}:1 (< 4.5:1).`);
}

/**
 * How the axe-core check in `shot()` and `checkA11y()` treats violations: `enforce` fails the step on any critical
 * or serious one (the default: every journey is clean); `report` only prints them (while fixing a page);
 * `off` skips the check. Set with ASSAY_AXE (docs/accessibility.md).
 */
export const AXE_MODE = (process.env.ASSAY_AXE ?? "enforce") as "enforce" | "report" | "off";
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const BLOCKING = new Set(["critical", "serious"]);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/** One violation as a person reads it: rule, impact, what it means, and the elements with what is wrong. */
export function describeViolation(v: AxeViolation): string {
  const nodes = v.nodes
    .slice(0, 8)
    .map(
      (n) =>
        `    ${n.target.map(String).join(" ")}  ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? "").replace(/\n\s*/g, " ")}`,
    );
  const more = v.nodes.length > 8 ? [`    …and ${v.nodes.length - 8} more`] : [];
  return [`  ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s)`, ...nodes, ...more].join("\n");
}

/**
 * Runs axe-core (WCAG 2.1 A/AA and best practices) on the page as it is now. Critical and serious violations fail
 * the journey when ASSAY_AXE=enforce; every violation is printed and appended to test-results/axe/<folder>.jsonl.
 * The engine is evaluated through the DevTools protocol, so the app's Content Security Policy stays untouched.
 */
export async function checkA11y(page: Page, name: string, exclude: string[] = []) {
  if (AXE_MODE === "off") return;
  const loaded = await page.evaluate("typeof window.axe === 'object'");
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const context = exclude.length ? JSON.stringify({ exclude: exclude.map((s) => [s]) }) : "document";
  const violations = (await page.evaluate(`axe.run(${context}, {
    resultTypes: ["violations"],
    rules: { "label-content-name-mismatch": { enabled: true } },
  }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
  })))`)) as AxeViolation[];
  if (!violations.length) return;
  const dir = path.join(ROOT, "test-results", "axe");
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(
    path.join(dir, `${name.split("/")[0]}.jsonl`),
    `${JSON.stringify({ name, url: page.url(), violations })}\n`,
  );
  const blocking = violations.filter((v) => BLOCKING.has(v.impact ?? ""));
  const report = `axe: ${name} (${page.url()}): ${blocking.length} critical/serious, ${violations.length - blocking.length} other\n${violations.map(describeViolation).join("\n")}`;
  if (blocking.length && AXE_MODE === "enforce") throw new Error(report);
  process.stderr.write(`${report}\n`);
}

/** A minimal valid PDF (one catalog, no pages): what a journey uploads where a report or certificate is asked for. */
export const SAMPLE_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

/**
 * From "Get started", creates the SOC 2 program — with the Assay control library unless `library: false` — and
 * returns the program page's path (/programs/<id>).
 */
export async function createProgram(page: Page, options: { library?: boolean } = {}): Promise<string> {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Get started" }).click();
  await page.getByRole("button", { name: "Create your SOC 2 program" }).click();
  const dialog = page.getByRole("dialog", { name: "Create your SOC 2 program" });
  if (options.library === false) await dialog.getByLabel(/Start with the Assay control library/).uncheck();
  await dialog.getByRole("button", { name: "Create program" }).click();
  await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** On the vulnerabilities page: opens "Import a report", chooses the file and imports; returns the dialog. */
export async function importScannerReport(page: Page, name: string, content: string | Buffer) {
  await page.getByRole("button", { name: "Import a report" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a scanner report" });
  await dialog.locator('input[type="file"]').setInputFiles({
    name,
    mimeType: "application/json",
    buffer: typeof content === "string" ? Buffer.from(content) : content,
  });
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  return dialog;
}

/** On an incident's page: clicks a lifecycle move ("Mark triaged") and confirms it at the time it defaults to (now). */
export async function moveIncident(page: Page, label: string, status: string) {
  await page.getByRole("button", { name: label }).click();
  const dialog = page.getByRole("dialog", { name: label });
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT });
  await page.getByText(`is now ${status}.`).waitFor();
}

/** A JSON POST from the signed-in page, with its CSRF token (records a journey sets up through the API); its status. */
export async function postFromPage(page: Page, url: string, body: unknown): Promise<number> {
  return page.evaluate(
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
