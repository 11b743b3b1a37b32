/**
 * `npm run dev`: the API server in watch mode plus the Vite dev server (hot reload, proxies /api to the
 * server). Ctrl-C stops both; if either exits, the other is stopped too.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.PORT ?? "3000";
const env = {
  ...process.env,
  PORT: port,
  // Links in emails (invitations, password reset) should open the dev server, not the API port.
  ASSAY_PUBLIC_URL: process.env.ASSAY_PUBLIC_URL ?? "http://localhost:5173",
};

const children: ChildProcess[] = [
  spawn(process.execPath, ["--watch", "src/cli/main.ts", "serve"], { cwd: ROOT, stdio: "inherit", env }),
  spawn(process.execPath, [path.join(ROOT, "node_modules/vite/bin/vite.js"), "--config", "web/vite.config.ts"], {
    cwd: ROOT,
    stdio: "inherit",
    env,
  }),
];

let stopping = false;
function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  const force = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    process.exit(code);
  }, 5_000);
  force.unref();
  let remaining = children.filter((c) => c.exitCode === null).length;
  if (remaining === 0) process.exit(code);
  for (const child of children)
    child.once("exit", () => {
      remaining -= 1;
      if (remaining === 0) process.exit(code);
    });
}

for (const child of children) child.on("exit", (code) => stopAll(code ?? 0));
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
