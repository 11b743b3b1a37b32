import fs from "node:fs";
const kb = (f: string) => Math.round(Number(new RegExp(`${f}:\\s+(\\d+)`).exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) / 1024);
const { openDatabase, queryRows, sql } = await import("../src/db/client.ts");
const db = await openDatabase({ dataDir: process.env.PROBE_DIR! });
const q = async () => {
  await queryRows(db.db, sql`select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'`);
  await queryRows(db.db, sql`select tag from schema_migrations order by tag`);
  await queryRows(db.db, sql`select generate_series(1, 200) as x order by x desc`);
  await queryRows(db.db, sql`select md5(g::text) from generate_series(1,100) g where g % 3 = 0`);
};
const t0 = performance.now();
for (let i = 0; i < 50; i++) await q(); // warm-up
const warm = performance.now() - t0;
await new Promise((r) => setTimeout(r, 6000)); // let tier-up finish
const times: number[] = [];
for (let r = 0; r < 5; r++) { const t = performance.now(); for (let i = 0; i < 200; i++) await q(); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log(`${process.execArgv.join(" ") || "default"}: warm-up ${Math.round(warm)} ms; 200 rounds median ${Math.round(times[2]!)} ms (min ${Math.round(times[0]!)}); rss ${kb("VmRSS")} hwm ${kb("VmHWM")}`);
await db.close();
process.exit(0);
