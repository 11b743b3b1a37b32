import { startWorker } from "../jobs/worker.ts";
import type { Config } from "../platform/config.ts";
import { createLogger } from "../platform/logger.ts";
import { buildApp } from "./app.ts";
import { createContext } from "./bootstrap.ts";

/** `assay serve` / `npm start`: the API, the web app, and (unless disabled) an embedded worker. */
export async function startServer(config: Config, opts: { worker?: boolean } = {}) {
  const log = createLogger(config);
  const ctx = await createContext(config, log);
  const app = await buildApp(ctx);
  const worker = (opts.worker ?? config.ASSAY_EMBEDDED_WORKER) ? startWorker(ctx) : null;
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  log.info({ address, database: ctx.database.kind, worker: worker != null }, "Assay is running");
  process.stdout.write(
    `\n  Assay is ready: ${config.publicUrl}  (listening on ${address}, ${ctx.database.kind} database)\n\n`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: draining requests");
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close(); // stops accepting, waits for in-flight requests
    await worker?.stop();
    await ctx.database.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  return { app, ctx, worker };
}
