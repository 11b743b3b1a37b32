import fs from "node:fs";
import v8 from "node:v8";
import { topMaps } from "./.smaps.mjs";

const st = () => fs.readFileSync("/proc/self/status", "utf8");
const kb = (f) => Math.round(Number(new RegExp(`${f}:\\s+(\\d+)`).exec(st())[1]) / 1024);
const log = (w) => {
  const m = process.memoryUsage();
  console.log(
    `${w}: rss ${kb("VmRSS")} hwm ${kb("VmHWM")} heapTotal ${Math.round(m.heapTotal / 2 ** 20)} heapUsed ${Math.round(m.heapUsed / 2 ** 20)} ext ${Math.round(m.external / 2 ** 20)} ab ${Math.round(m.arrayBuffers / 2 ** 20)}`,
  );
};
const { PGlite } = await import("@electric-sql/pglite");
log("imported");
const opts = JSON.parse(process.env.OPTS ?? "{}");
const t0 = performance.now();
const pg = await PGlite.create(process.env.PROBE_DIR, opts);
log(`open ${Math.round(performance.now() - t0)}ms`);
globalThis.gc?.();
await new Promise((r) => setTimeout(r, Number(process.env.IDLE ?? 3000)));
globalThis.gc?.();
log("idle");
console.log("wasm memory MB", pg.Module?.HEAPU8?.length / 2 ** 20);
if (process.env.Q) console.log((await pg.query(process.env.Q)).rows);
console.log(topMaps());
await pg.close();
