import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, waitForOk } from "./net.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-proc-"));
const children: ChildProcess[] = [];

function serve(port: number) {
  const child = spawn(process.execPath, [path.join(ROOT, "src/cli/main.ts"), "serve"], {
    env: { ...process.env, ASSAY_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the server process on the embedded database", () => {
  it("refuses a second process on the same data folder, then shuts down cleanly on SIGTERM", async () => {
    const port = await freePort();
    const first = serve(port);
    await waitForOk(`http://127.0.0.1:${port}/readyz`, 60_000);
    expect(fs.readFileSync(path.join(dataDir, "assay.lock"), "utf8")).toBe(String(first.child.pid));

    const second = serve(await freePort());
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain(`in use by pid ${first.child.pid}`);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "assay.lock"))).toBe(false);
    // It waits for events (the port answering, the processes exiting), never for fixed durations; this limit is only
    // a backstop generous enough for two busy CI cores, where a start alone has taken over 30 s.
  }, 180_000);
});
