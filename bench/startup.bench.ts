/** (c) Time from `npm start` to a ready /readyz on an existing data folder, against a bare node HTTP server's start. */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../test/net.ts";
import { type BenchResult, printResult } from "./lib.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);

async function timeUntilReady(start: () => ChildProcess, url: string): Promise<number> {
  const t0 = performance.now();
  const child = start();
  const closed = new Promise((r) => child.once("close", r));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before ready`);
      try {
        const res = await fetch(url);
        if (res.ok) return performance.now() - t0;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    // The children run in their own process group: signal all of it (npm → sh → node), not only npm.
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
    await closed;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-start-"));
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
  const startAssay = (port: number) => () =>
    spawn(npm[0]!, [...npm.slice(1), "start", "--silent"], {
      cwd: ROOT,
      env: { ...process.env, ASSAY_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" },
      stdio: "ignore",
      detached: true,
    });
  // First start creates and migrates the data folder; it is not counted.
  const first = await freePort();
  await timeUntilReady(startAssay(first), `http://127.0.0.1:${first}/readyz`);
  const assay: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const p = await freePort();
    assay.push(await timeUntilReady(startAssay(p), `http://127.0.0.1:${p}/readyz`));
    const q = await freePort();
    bare.push(
      await timeUntilReady(
        () =>
          spawn(process.execPath, ["-e", `require("http").createServer((q,s)=>s.end("ok")).listen(${q},"127.0.0.1")`], {
            stdio: "ignore",
            detached: true,
          }),
        `http://127.0.0.1:${q}/`,
      ),
    );
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  const m = median(assay);
  const b = median(bare);
  return [
    {
      bench: `Startup: \`npm start\` to ready /readyz, existing data folder (median of ${RUNS})`,
      figures: [{ name: "time to ready", value: m, unit: "ms", target: "< 3000 ms" }],
      baseline: { name: "bare `node -e` HTTP server to first response", value: b, unit: "ms" },
      ratio: { value: m / b, meaning: "Assay start time / bare node start time" },
      notes: [`runs: ${assay.map((x) => Math.round(x)).join(", ")} ms`],
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) for (const r of await run()) printResult(r);
