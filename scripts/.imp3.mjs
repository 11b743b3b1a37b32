import fs from "node:fs";
import { topMaps } from "./.smaps.mjs";

const rss = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))[1]) / 1024);
for (const m of (process.env.MODS ?? "").split(",").filter(Boolean)) await import(m);
globalThis.gc();
console.log(rss(), JSON.stringify(process.memoryUsage()));
console.log(topMaps());
