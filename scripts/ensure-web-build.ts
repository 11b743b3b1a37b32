/**
 * Builds the web app when web/dist is missing or older than its sources, so `npm start` works right after
 * `npm install`. Also used by the end-to-end tests.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WEB = path.join(ROOT, "web");
const BUILT_INDEX = path.join(WEB, "dist", "index.html");
/**
 * Everything that changes the build output: the web app also imports the server's pure rules from src/core and
 * the modules' policy tables (to hide what a role may not do).
 */
const SOURCES = [
  ...["src", "public", "index.html", "vite.config.ts"].map((p) => path.join(WEB, p)),
  path.join(ROOT, "src", "core"),
  ...fs.readdirSync(path.join(ROOT, "src", "modules")).map((m) => path.join(ROOT, "src", "modules", m, "policy.ts")),
];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function webBuildIsCurrent(): boolean {
  if (!fs.existsSync(BUILT_INDEX)) return false;
  const built = fs.statSync(BUILT_INDEX).mtimeMs;
  return SOURCES.every((s) => newestMtime(s) <= built);
}

/** Runs `vite build` if needed; throws when the build fails. Returns whether it built. */
export function ensureWebBuild(opts: { quiet?: boolean } = {}): boolean {
  if (webBuildIsCurrent()) return false;
  if (!opts.quiet) process.stdout.write("Building the web app (web/dist is missing or out of date)…\n");
  const vite = path.join(ROOT, "node_modules", "vite", "bin", "vite.js");
  const result = spawnSync(
    process.execPath,
    [vite, "build", "--config", path.join(WEB, "vite.config.ts"), "--logLevel", "warn"],
    { cwd: ROOT, stdio: ["ignore", opts.quiet ? "pipe" : "inherit", "inherit"], env: process.env },
  );
  if (result.status !== 0) throw new Error(`Building the web app failed (vite exited with ${result.status}).`);
  return true;
}

if (import.meta.main) {
  try {
    ensureWebBuild();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
