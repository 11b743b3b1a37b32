const { openDatabase, queryRows, sql } = await import("../src/db/client.ts");
const db = await openDatabase({ dataDir: process.env.PROBE_DIR! });
await queryRows(db.db, sql`create table if not exists perf_t as select g as id, md5(g::text) as h, g % 97 as k from generate_series(1, 50000) g`);
const work = async () => {
  await queryRows(db.db, sql`select k, count(*), max(h) from perf_t group by k order by k`);
  await queryRows(db.db, sql`select * from perf_t where k = 5 order by h limit 50`);
  await queryRows(db.db, sql`select count(*) from perf_t a join perf_t b on a.id = b.id + 1 where a.k < 10`);
  for (let i = 0; i < 20; i++) await queryRows(db.db, sql`select id, h from perf_t where id = ${i * 7 + 1}`);
  await queryRows(db.db, sql`insert into perf_t select 100000 + g, md5(g::text), g % 97 from generate_series(1, 500) g`);
  await queryRows(db.db, sql`delete from perf_t where id > 100000`);
};
for (let i = 0; i < 5; i++) await work(); // warm-up, tier-up
await new Promise((r) => setTimeout(r, 8000));
const cpu: number[] = [], wall: number[] = [];
for (let r = 0; r < 5; r++) {
  const c = process.cpuUsage(); const t = performance.now();
  for (let i = 0; i < 5; i++) await work();
  const d = process.cpuUsage(c); cpu.push((d.user + d.system) / 1000); wall.push(performance.now() - t);
}
const med = (x: number[]) => [...x].sort((a, b) => a - b)[2]!;
console.log(`${process.execArgv.join(" ") || "default"}: cpu median ${Math.round(med(cpu))} ms (min ${Math.round(Math.min(...cpu))}), wall median ${Math.round(med(wall))} ms`);
await db.close();
process.exit(0);
