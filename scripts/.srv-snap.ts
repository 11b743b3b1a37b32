import v8 from "node:v8";
process.env.ASSAY_DATA_DIR = process.env.PROBE_DIR!; process.env.PORT = "0"; process.env.LOG_LEVEL = "warn";
const { loadConfig } = await import("../src/platform/config.ts");
const { startServer } = await import("../src/server/start.ts");
await startServer(loadConfig());
await new Promise((r) => setTimeout(r, 3000));
console.log(v8.writeHeapSnapshot("/tmp/mem/srv.heapsnapshot"));
process.exit(0);
