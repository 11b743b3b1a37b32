import fs from "node:fs";
import v8 from "node:v8";

const rss = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))[1]) / 1024);
await import("drizzle-orm");
globalThis.gc();
console.log(rss(), process.memoryUsage());
const s = v8.getHeapSpaceStatistics();
for (const x of s)
  console.log(
    x.space_name,
    Math.round(x.space_used_size / 2 ** 20),
    Math.round(x.space_size / 2 ** 20),
    Math.round(x.physical_space_size / 2 ** 20),
  );
