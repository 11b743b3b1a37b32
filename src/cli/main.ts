import { Command } from "commander";
import { AppError } from "../platform/errors.ts";
import { VERSION } from "./commands/version.ts";
import { CliError, EXIT } from "./output.ts";

type CommandModule = { register: (program: Command) => void };
type Loader = () => Promise<CommandModule>;

// Command modules are imported only when their command runs: the database and server stack take ~1.5 s to load,
// which `assay login` or `assay token list` against a remote server should not pay.
const server: Loader = () => import("./commands/server.ts");
const jobs: Loader = () => import("./commands/jobs.ts");
const setup: Loader = () => import("./commands/setup.ts");
const orgUser: Loader = () => import("./commands/org-user.ts");
const tokens: Loader = () => import("./commands/tokens.ts");
const ledger: Loader = () => import("./commands/ledger.ts");
const programCode: Loader = () => import("./commands/program.ts");
const version: Loader = () => import("./commands/version.ts");
const evidence: Loader = () => import("./commands/evidence.ts");
const agent: Loader = () => import("./commands/agent.ts");
const BY_COMMAND: Record<string, Loader> = {
  serve: server,
  worker: jobs,
  db: jobs,
  jobs,
  setup,
  org: orgUser,
  user: orgUser,
  login: tokens,
  logout: tokens,
  token: tokens,
  ledger,
  program: programCode,
  version,
  evidence,
  agent,
};

const program = new Command("assay")
  .description("Assay: self-hosted SOC 2 compliance. Every command has --help.")
  .version(VERSION, "-v, --version")
  .showHelpAfterError()
  .exitOverride();

const first = process.argv.slice(2).find((a) => !a.startsWith("-"));
const onlyVersion = !first && process.argv.some((a) => a === "-v" || a === "--version");
const wanted =
  first && BY_COMMAND[first] ? [BY_COMMAND[first]] : onlyVersion ? [] : [...new Set(Object.values(BY_COMMAND))];
for (const load of wanted) (await load()).register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const e = err as { code?: string; exitCode?: number; message: string };
  if (e.code?.startsWith("commander.")) process.exit(e.exitCode === 0 ? 0 : EXIT.usage);
  if (err instanceof CliError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  if (err instanceof AppError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(err.status === 401 || err.status === 403 ? EXIT.auth : EXIT.failure);
  }
  process.stderr.write(`error: ${e.message}\n`);
  process.exit(EXIT.failure);
}
