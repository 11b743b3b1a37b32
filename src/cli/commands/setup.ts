import fs from "node:fs";
import type { Command } from "commander";
import pino from "pino";
import { setupBody } from "../../modules/setup/schema.ts";
import { createSetupService } from "../../modules/setup/service.ts";
import { type Config, loadConfig } from "../../platform/config.ts";
import { AppError } from "../../platform/errors.ts";
import { loggerOptions } from "../../platform/logger.ts";
import { assertAcceptablePassword } from "../../platform/password-policy.ts";
import { createContext } from "../../server/bootstrap.ts";
import { CliError, EXIT, printJson } from "../output.ts";

interface SetupOptions {
  org: string;
  email: string;
  passwordFile: string;
  name?: string;
  json?: boolean;
}

const OPTION_OF: Record<string, string> = {
  organizationName: "--org",
  email: "--email",
  name: "--name",
  password: "--password-file",
};

/** The first line of the file ("-" = standard input): a password never appears in the process list or shell history. */
function readPassword(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    throw new CliError(
      `Cannot read the password file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Put the owner's password on the first line of a file only you can read.`,
      EXIT.usage,
    );
  }
  const password = text.split(/\r?\n/)[0] ?? "";
  if (!password)
    throw new CliError(`The password file ${file} is empty: put the password on its first line.`, EXIT.usage);
  return password;
}

/** "ada.lovelace@example.com" → "Ada Lovelace" when --name is not given. */
const nameFromEmail = (email: string) =>
  (email.split("@")[0] ?? email)
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ") || email;

export async function runSetup(opts: SetupOptions, config?: Config) {
  const password = readPassword(opts.passwordFile);
  const parsed = setupBody.safeParse({
    organizationName: opts.org,
    name: opts.name ?? nameFromEmail(opts.email.trim()),
    email: opts.email,
    password,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${OPTION_OF[String(i.path[0])] ?? i.path.join(".")}: ${i.message}`);
    throw new CliError(lines.join("\n"), EXIT.usage);
  }
  let cfg: Config;
  try {
    cfg = config ?? loadConfig();
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
  try {
    // Checked before touching the database so a weak password fails fast; the service checks again.
    assertAcceptablePassword(parsed.data.password, [parsed.data.email, parsed.data.name, parsed.data.organizationName]);
    // Logs go to stderr so that --json output on stdout stays parseable.
    const ctx = await createContext(cfg, pino(loggerOptions(cfg), pino.destination(2)));
    try {
      const created = await createSetupService({ db: ctx.db }).createFirstOrganization(parsed.data);
      const signInUrl = `${cfg.publicUrl}/sign-in`;
      if (opts.json) printJson({ organization: created.organization, owner: created.user, signInUrl });
      else
        process.stdout.write(
          `Created organization "${created.organization.name}" (${created.organization.slug}) with owner ${created.user.email}.\nSign in at ${signInUrl}\n`,
        );
    } finally {
      await ctx.database.close();
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === "weak_password")
      throw new CliError(`${err.message} Change the password in the file and run the command again.`, EXIT.usage);
    throw new CliError(err.message, EXIT.failure);
  }
}

export function register(program: Command) {
  program
    .command("setup")
    .description(
      "Create the first organization and its owner on the configured database (what the web app's first-run page does). Works once.",
    )
    .requiredOption("--org <name>", "organization name")
    .requiredOption("--email <email>", "the owner's email address (they sign in with it)")
    .requiredOption("--password-file <file>", "file whose first line is the owner's password; '-' reads standard input")
    .option("--name <name>", "the owner's full name (default: taken from the email address)")
    .option("--json", "print the created organization and owner as JSON")
    .addHelpText(
      "after",
      "\nUses DATABASE_URL when set, else the embedded database in ASSAY_DATA_DIR (stop the server first).\n" +
        "Exit codes: 0 created, 1 setup already done or failed, 2 bad options or weak password.\n\n" +
        "Example:\n  assay setup --org 'Acme Inc.' --email ada@acme.example --password-file ./owner-password.txt",
    )
    .action(async (opts: SetupOptions) => {
      await runSetup(opts);
    });
}
