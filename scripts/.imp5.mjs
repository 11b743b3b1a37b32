import fs from "node:fs";

const rss = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))[1]) / 1024);
const heap = () => {
  globalThis.gc();
  return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
};
let h = heap(),
  r = rss();
for (const m of (process.env.MODS ?? "").split(",").filter(Boolean)) {
  const t = performance.now();
  await import(m);
  const h2 = heap(),
    r2 = rss();
  console.log(`${m}: heap +${h2 - h} (=${h2}) rss +${r2 - r} (=${r2}) ${Math.round(performance.now() - t)}ms`);
  h = h2;
  r = r2;
}
