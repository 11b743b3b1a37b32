// temporary probe (deleted later)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
// @ts-expect-error
import { bigMaps, topMaps } from "./.smaps.mjs";

const st = () => fs.readFileSync("/proc/self/status", "utf8");
const kb = (f: string) => Math.round(Number(new RegExp(`${f}:\\s+(\\d+)`).exec(st())![1]) / 1024);
const log = (w: string) => {
  const m = process.memoryUsage();
  console.log(
    `${w}: rss ${kb("VmRSS")} hwm ${kb("VmHWM")} heapTotal ${Math.round(m.heapTotal / 2 ** 20)} heapUsed ${Math.round(m.heapUsed / 2 ** 20)} ext ${Math.round(m.external / 2 ** 20)} ab ${Math.round(m.arrayBuffers / 2 ** 20)}`,
  );
};
log("bare");
const dir = process.env.PROBE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "assay-probe-"));
process.env.ASSAY_DATA_DIR = dir;
process.env.PORT = "0";
process.env.LOG_LEVEL = "warn";
const { loadConfig } = await import("../src/platform/config.ts");
const { startServer } = await import("../src/server/start.ts");
log("imported");
await startServer(loadConfig());
log("started");
await new Promise((r) => setTimeout(r, Number(process.env.IDLE ?? 10000)));
log("idle");
for (const x of v8.getHeapSpaceStatistics())
  if (x.space_size > 2 ** 20)
    console.log(
      " ",
      x.space_name,
      Math.round(x.space_used_size / 2 ** 20),
      Math.round(x.space_size / 2 ** 20),
      Math.round(x.physical_space_size / 2 ** 20),
    );
console.log(topMaps());
console.log(bigMaps());
console.log("dir", dir);
process.exit(0);
