import fs from "node:fs";
import { topMaps } from "./.smaps.mjs";

const st = () => fs.readFileSync("/proc/self/status", "utf8");
const kb = (f) => Math.round(Number(new RegExp(`${f}:\\s+(\\d+)`).exec(st())[1]) / 1024);
const log = (w) => {
  const m = process.memoryUsage();
  console.log(
    `${w}: rss ${kb("VmRSS")} hwm ${kb("VmHWM")} heapTotal ${Math.round(m.heapTotal / 2 ** 20)} ext ${Math.round(m.external / 2 ** 20)} ab ${Math.round(m.arrayBuffers / 2 ** 20)}`,
  );
};
const { PGlite } = await import("@electric-sql/pglite");
const extra = (process.env.GUCS ?? "")
  .split(" ")
  .filter(Boolean)
  .flatMap((g) => ["-c", g]);
const opts = {
  ...(process.env.MEM ? { initialMemory: Number(process.env.MEM) * 2 ** 20 } : {}),
  ...(extra.length ? { startParams: [...PGlite.defaultStartParams, ...extra] } : {}),
};
const t0 = performance.now();
const pg = await PGlite.create(process.env.PROBE_DIR, opts);
log(`open ${Math.round(performance.now() - t0)}ms`);
for (let i = 0; i < 6; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  log(`t+${i + 1}s`);
}
console.log("wasm memory MB", pg.Module?.HEAPU8?.length / 2 ** 20);
console.log(
  (
    await pg.query(
      "select name, setting, unit from pg_settings where name in ('shared_buffers','work_mem','wal_buffers','temp_buffers','maintenance_work_mem','effective_cache_size')",
    )
  ).rows
    .map((r) => `${r.name}=${r.setting}*${r.unit}`)
    .join(" "),
);
if (process.env.MAPS) console.log(topMaps());
await pg.close();
