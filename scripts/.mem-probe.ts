// temporary probe (deleted later)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const rss = () => {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return Math.round(Number(m![1]) / 1024);
};
const hwm = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) / 1024);
const log = (what: string) =>
  console.log(
    `${what}: rss ${rss()} MB, hwm ${hwm()} MB, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB, ext ${Math.round(process.memoryUsage().external / 2 ** 20)} MB, ab ${Math.round(process.memoryUsage().arrayBuffers / 2 ** 20)} MB`,
  );
log("bare");
const { openDatabase } = await import("../src/db/client.ts");
const { migrate } = await import("../src/db/migrate.ts");
log("imported");
const dir = process.env.PROBE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "assay-probe-"));
const t0 = performance.now();
const db = await openDatabase({ dataDir: dir });
log(`opened (${Math.round(performance.now() - t0)} ms)`);
await migrate(db);
log("migrated");
globalThis.gc?.();
await new Promise((r) => setTimeout(r, 2000));
globalThis.gc?.();
log("idle+gc");
const r = await db.db.execute(
  "select name, setting, unit from pg_settings where name in ('shared_buffers','work_mem','wal_buffers','temp_buffers','maintenance_work_mem','effective_cache_size','max_connections','min_wal_size','max_wal_size','autovacuum')" as never,
);
console.log((r as any).rows.map((x: any) => `${x.name}=${x.setting}${x.unit ?? ""}`).join(" "));
await db.close();
log("closed");
console.log("dir", dir);
