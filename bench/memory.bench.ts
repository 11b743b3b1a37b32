/**
 * (f) Idle resident memory of `npm start` on the embedded database (PGlite), against a bare node HTTP server's.
 *
 * Starts the real server in a fresh temporary data folder (first start: creates and migrates the database), waits
 * for /readyz, lets it idle, and reads VmRSS of the node server process (npm start runs npm → sh → node; the
 * server is the descendant whose command line is `src/cli/main.ts serve`). Then the same on the now existing
 * data folder (a restart, the usual case). VmHWM is the peak the process reached on its way.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../test/net.ts";
import { type BenchResult, printResult } from "./lib.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** How long the server idles before its memory is read (the embedded worker polls meanwhile). */
const IDLE_MS = Number(process.env.BENCH_MEMORY_IDLE_MS ?? 10_000);
const READY_TIMEOUT_MS = Number(process.env.BENCH_MEMORY_READY_TIMEOUT_MS ?? 120_000);

interface Memory {
  rssMb: number;
  peakMb: number;
}

function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/** Pids of every live descendant of `root` (read from /proc, so no `ps` is needed). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name may contain spaces and parentheses: the fields after it start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length)
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  return out;
}

const cmdline = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
};

/** Signals the child's whole process group (npm → sh → node) and waits for the group leader to exit. */
async function stop(child: ChildProcess, closed: Promise<unknown>) {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    /* already gone */
  }
  await closed;
}

/** Resolves when `url` answers 2xx; rejects if the process exits first or the timeout passes. */
async function untilAnswering(child: ChildProcess, url: string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before it answered ${url}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS} ms`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 25)); // poll interval, not a readiness guess
  }
}

/** Starts `start()`, waits until `url` answers, idles, and returns the memory of the process `pick` chooses. */
async function idleMemory(start: () => ChildProcess, url: string, pick: (pid: number) => boolean): Promise<Memory> {
  const child = start();
  const closed = new Promise((r) => child.once("close", r));
  try {
    await untilAnswering(child, url);
    const pid = [child.pid!, ...descendants(child.pid!)].find(pick);
    if (!pid) throw new Error("the server process was not found among the started processes");
    await new Promise((r) => setTimeout(r, IDLE_MS)); // the idle period being measured, not a wait for readiness
    return memoryOf(pid);
  } finally {
    await stop(child, closed);
  }
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-memory-"));
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
  const isServer = (pid: number) => {
    const args = cmdline(pid);
    return args.some((a) => a.endsWith(path.join("src", "cli", "main.ts"))) && args.includes("serve");
  };
  const assay = async () => {
    const port = await freePort();
    return idleMemory(
      () =>
        spawn(npm[0]!, [...npm.slice(1), "start", "--silent"], {
          cwd: ROOT,
          env: { ...process.env, ASSAY_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" },
          stdio: "ignore",
          detached: true,
        }),
      `http://127.0.0.1:${port}/readyz`,
      isServer,
    );
  };
  try {
    const first = await assay(); // creates and migrates the database
    const restart = await assay(); // the existing data folder
    const port = await freePort();
    const bare = await idleMemory(
      () =>
        spawn(
          process.execPath,
          ["-e", `require("http").createServer((q,s)=>s.end("ok")).listen(${port},"127.0.0.1")`],
          { stdio: "ignore", detached: true },
        ),
      `http://127.0.0.1:${port}/`,
      () => true,
    );
    return [
      {
        bench: `Memory: idle resident memory of \`npm start\` on the embedded database, after ${IDLE_MS / 1000} s idle`,
        figures: [
          { name: "idle RSS, existing data folder", value: restart.rssMb, unit: "MB", target: "< 250 MB" },
          { name: "peak RSS while starting, existing data folder", value: restart.peakMb, unit: "MB" },
          { name: "idle RSS, first start (database created)", value: first.rssMb, unit: "MB", target: "< 250 MB" },
          { name: "peak RSS while starting, first start", value: first.peakMb, unit: "MB" },
        ],
        baseline: { name: "bare `node -e` HTTP server, idle RSS", value: bare.rssMb, unit: "MB" },
        ratio: { value: restart.rssMb / bare.rssMb, meaning: "Assay idle RSS / bare node idle RSS" },
      },
    ];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) for (const r of await run()) printResult(r);
