import fs from "node:fs";
import type { Command } from "commander";

export const VERSION = (
  JSON.parse(fs.readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export function register(program: Command) {
  program
    .command("version")
    .description("Print the Assay version")
    .option("--json", "machine-readable output")
    .action((opts: { json?: boolean }) => {
      process.stdout.write(
        opts.json
          ? `${JSON.stringify({ version: VERSION, node: process.version })}\n`
          : `assay ${VERSION} (node ${process.version})\n`,
      );
    });
}
