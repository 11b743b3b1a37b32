import type { Command } from "commander";
import { eq, or } from "drizzle-orm";
import pino from "pino";
import { UUID_PATTERN } from "../../core/id.ts";
import { organizations } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import { type Problem, type VerifyResult, verifyOrganizationLedger } from "../../ledger/verify.ts";
import { type Config, loadConfig } from "../../platform/config.ts";
import { loadKeys } from "../../platform/keys.ts";
import { loggerOptions } from "../../platform/logger.ts";
import { createContext } from "../../server/bootstrap.ts";
import { CliError, EXIT, printJson } from "../output.ts";
import { api } from "../remote.ts";

/** Configuration errors are usage errors (exit 2) with the message that names the bad variable. */
export function cliConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
}

/** Opens the configured database for one command (logs on stderr, so stdout stays parseable) and closes it after. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>, config = cliConfig()): Promise<T> {
  const ctx = await createContext(config, pino(loggerOptions(config), pino.destination(2)));
  try {
    return await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}

export const describeProblem = (p: Problem) => `first bad entry: seq ${p.seq} (${p.kind}): ${p.detail}`;

function describeResult(label: string, r: VerifyResult): string {
  if (r.firstProblem) return `✗ ${label}: ${describeProblem(r.firstProblem)}`;
  if (r.entries === 0) return `✓ ${label}: no entries yet`;
  return `✓ ${label}: ${r.entries} entries intact, ${r.checkpoints} signed checkpoint${r.checkpoints === 1 ? "" : "s"} verified, head seq ${r.headSeq} (${r.headHash.slice(0, 16)}…)`;
}

interface VerifyOptions {
  org?: string;
  remote?: boolean;
  json?: boolean;
}

async function verifyLocal(opts: VerifyOptions) {
  return withContext(async (ctx) => {
    const columns = { id: organizations.id, slug: organizations.slug, name: organizations.name };
    const orgs = opts.org
      ? await ctx.db
          .select(columns)
          .from(organizations)
          .where(
            UUID_PATTERN.test(opts.org)
              ? or(eq(organizations.id, opts.org.toLowerCase()), eq(organizations.slug, opts.org))
              : eq(organizations.slug, opts.org),
          )
      : await ctx.db.select(columns).from(organizations).orderBy(organizations.slug);
    if (opts.org && !orgs.length)
      throw new CliError(
        `No organization has the slug or id "${opts.org}". Leave out --org to verify every organization.`,
        EXIT.usage,
      );
    const results = [];
    for (const org of orgs)
      results.push({ organization: org, ...(await verifyOrganizationLedger(ctx.db, ctx.keys, org.id)) });
    return results;
  });
}

export async function runLedgerVerify(opts: VerifyOptions) {
  if (opts.remote && opts.org)
    throw new CliError(
      "--org cannot be combined with --remote: the server verifies the organization of your API token.",
      EXIT.usage,
    );
  const results = opts.remote
    ? [{ organization: null, ...(await api<VerifyResult>("POST", "/api/v1/ledger/verify", {})) }]
    : await verifyLocal(opts);
  if (opts.json) printJson(opts.remote ? results[0] : results);
  else {
    if (!results.length) process.stdout.write("No organizations yet: nothing to verify.\n");
    for (const r of results) {
      const label = r.organization ? `${r.organization.name} (${r.organization.slug})` : "ledger";
      process.stdout.write(`${describeResult(label, r)}\n`);
    }
  }
  const bad = results.filter((r) => !r.ok).length;
  if (bad)
    throw new CliError(
      `the ledger of ${bad} organization${bad === 1 ? "" : "s"} failed verification: restore from a backup taken before the first bad entry and investigate who had database access.`,
      EXIT.failure,
    );
}

export function register(program: Command) {
  const ledger = program.command("ledger").description("The tamper-evident audit ledger");

  ledger
    .command("verify")
    .description(
      "Recompute the hash chain and checkpoint signatures of every organization's ledger and report the first bad entry",
    )
    .option("--org <slug|id>", "verify only this organization")
    .option("--remote", "ask the server from `assay login` (verifies your API token's organization)")
    .option("--json", "print the results as JSON")
    .addHelpText(
      "after",
      "\nLocally it opens DATABASE_URL, or the embedded database in ASSAY_DATA_DIR (stop the server first, or use --remote).\n" +
        "Exit codes: 0 intact, 1 a ledger failed verification (the first bad entry is printed), 2 bad options, 3 not authorized.\n" +
        "Kinds: edited, deleted, inserted, reordered, truncated, bad_signature, checkpoint_mismatch.",
    )
    .action(runLedgerVerify);

  ledger
    .command("export-key")
    .description("Print the installation's Ed25519 public key (PEM) that signs ledger checkpoints")
    .option("--remote", "fetch it from the server from `assay login`")
    .option("--json", "print { keyId, algorithm, publicKeyPem }")
    .action(async (opts: { remote?: boolean; json?: boolean }) => {
      const key = opts.remote
        ? await api<{ keyId: string; algorithm: string; publicKeyPem: string }>("GET", "/api/v1/ledger/public-key")
        : (() => {
            const k = loadKeys(cliConfig());
            return { keyId: k.keyId, algorithm: "Ed25519", publicKeyPem: k.publicKeyPem };
          })();
      if (opts.json) printJson(key);
      else process.stdout.write(key.publicKeyPem.endsWith("\n") ? key.publicKeyPem : `${key.publicKeyPem}\n`);
    });
}
