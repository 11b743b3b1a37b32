import type { Command } from "commander";
import { loadConfig } from "../../platform/config.ts";
import { startServer } from "../../server/start.ts";

export function register(program: Command) {
  program
    .command("serve")
    .description("Run the API and web app (with an embedded background worker unless --no-worker)")
    .option("--no-worker", "do not run background jobs in this process (run `assay worker` separately)")
    .action(async (opts: { worker: boolean }) => {
      await startServer(loadConfig(), { worker: opts.worker });
    });
}
