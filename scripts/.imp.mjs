import fs from "node:fs";

const rss = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))[1]) / 1024);
const log = (w) => console.log(w, rss(), "MB heap", Math.round(process.memoryUsage().heapUsed / 2 ** 20));
log("bare");
for (const m of (process.env.MODS ?? "").split(",")) {
  await import(m);
  log(m);
}
