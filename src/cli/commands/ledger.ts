import { once } from "node:events";
import fs from "node:fs";
import type { Command } from "commander";
import { asc, eq } from "drizzle-orm";
import pino from "pino";
import { ledgerCheckpoints } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import { chainHead } from "../../ledger/append.ts";
import { exportLine, parseLedgerExport, publicKeyring, verifyExport } from "../../ledger/offline.ts";
import type { PublicKeyring } from "../../ledger/signature.ts";
import {
  type ChainRow,
  chainPages,
  PROBLEM_KINDS,
  type Problem,
  type VerifyResult,
  verifyOrganizationLedger,
} from "../../ledger/verify.ts";
import { checkpointRecord, externalHeads, parseExpectedHead, readCheckpointRecords } from "../../ledger/witness.ts";
import { type Config, loadConfig } from "../../platform/config.ts";
import { loadKeys } from "../../platform/keys.ts";
import { loggerOptions } from "../../platform/logger.ts";
import { createContext } from "../../server/bootstrap.ts";
import { type OrgRef, selectOrganizations } from "../organizations.ts";
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
  checkpoints?: string[];
  expect?: string[];
  offline?: string;
  publicKey?: string[];
}

/** Witness files and written-down heads, read before anything else so a bad file is a usage error. */
function outsideHeads(opts: VerifyOptions) {
  try {
    const files = (opts.checkpoints ?? []).map((f) => ({ file: f, records: readCheckpointRecords(f) }));
    const expected = (opts.expect ?? []).map(parseExpectedHead);
    return {
      records: files.flatMap((f) => f.records),
      expected,
      forOrganization: (organizationId: string) => [
        ...files.flatMap((f) => externalHeads(f.records, organizationId, f.file)),
        ...expected,
      ],
    };
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
}

async function verifyLocal(opts: VerifyOptions, outside: ReturnType<typeof outsideHeads>) {
  return withContext(async (ctx) => {
    const orgs = await selectOrganizations(ctx.db, opts.org);
    if (outside.expected.length && orgs.length > 1)
      throw new CliError("--expect names one chain's head: add --org to say whose.", EXIT.usage);
    const results = [];
    for (const org of orgs)
      results.push({
        organization: org as OrgRef | null,
        ...(await verifyOrganizationLedger(ctx.db, ctx.keys, org.id, { external: outside.forOrganization(org.id) })),
      });
    return results;
  });
}

/** `--offline`: the export file and public keys only; no configuration, no database. */
function verifyOffline(opts: VerifyOptions, outside: ReturnType<typeof outsideHeads>) {
  if (!opts.publicKey?.length)
    throw new CliError(
      "--offline needs --public-key <file> (the PEM from `assay ledger export-key`; repeat it for retired keys).",
      EXIT.usage,
    );
  let rows: ChainRow[];
  let publicKeys: PublicKeyring;
  try {
    rows = parseLedgerExport(fs.readFileSync(opts.offline!, "utf8"), opts.offline!);
    publicKeys = publicKeyring(opts.publicKey.map((f) => fs.readFileSync(f, "utf8")));
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
  if (outside.expected.length && new Set(rows.map((r) => r.organizationId)).size > 1)
    throw new CliError("--expect names one chain's head, but the export holds several organizations.", EXIT.usage);
  return verifyExport(rows, { publicKeys, external: outside.forOrganization }).map(({ organizationId, result }) => ({
    organization: { id: organizationId, slug: organizationId, name: "organization" } as OrgRef | null,
    ...result,
  }));
}

export async function runLedgerVerify(opts: VerifyOptions) {
  if (opts.remote && opts.org)
    throw new CliError(
      "--org cannot be combined with --remote: the server verifies the organization of your API token.",
      EXIT.usage,
    );
  if (opts.offline && (opts.remote || opts.org))
    throw new CliError("--offline verifies the export file alone: leave out --remote and --org.", EXIT.usage);
  const outside = outsideHeads(opts);
  const results = opts.offline
    ? verifyOffline(opts, outside)
    : opts.remote
      ? [
          {
            organization: null,
            ...(await api<VerifyResult>("POST", "/api/v1/ledger/verify", {
              checkpoints: outside.records,
              expect: opts.expect ?? [],
            })),
          },
        ]
      : await verifyLocal(opts, outside);
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

/** Writes export lines to `--output` or stdout. */
async function writeLines(lines: AsyncIterable<string>, output: string | undefined) {
  const out = output ? fs.createWriteStream(output) : process.stdout;
  for await (const chunk of lines) if (!out.write(chunk)) await once(out, "drain");
  if (output)
    await new Promise<void>((resolve, reject) =>
      (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
}

interface ExportOptions {
  org?: string;
  remote?: boolean;
  output?: string;
}

/** The chain (`what` = entries) or the signed checkpoints of the chosen organizations, as JSON Lines. */
async function runExport(what: "entries" | "checkpoints", opts: ExportOptions) {
  if (opts.remote) {
    if (opts.org)
      throw new CliError(
        "--org cannot be combined with --remote: the server exports your token's organization.",
        EXIT.usage,
      );
    const text = await api<string>(
      "GET",
      what === "entries" ? "/api/v1/ledger/export.jsonl" : "/api/v1/ledger/checkpoints.jsonl",
    );
    return writeLines(
      (async function* () {
        yield text;
      })(),
      opts.output,
    );
  }
  await withContext(async (ctx) => {
    const orgs = await selectOrganizations(ctx.db, opts.org);
    async function* lines() {
      for (const org of orgs) {
        if (what === "checkpoints") {
          const rows = await ctx.db
            .select()
            .from(ledgerCheckpoints)
            .where(eq(ledgerCheckpoints.organizationId, org.id))
            .orderBy(asc(ledgerCheckpoints.seq));
          for (const cp of rows) yield `${JSON.stringify(checkpointRecord(cp))}\n`;
          continue;
        }
        const head = await chainHead(ctx.db, org.id);
        if (head) for await (const rows of chainPages(ctx.db, org.id, head.seq)) yield rows.map(exportLine).join("");
      }
    }
    await writeLines(lines(), opts.output);
  });
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command) {
  const ledger = program.command("ledger").description("The tamper-evident audit ledger");

  ledger
    .command("verify")
    .description(
      "Recompute the hash chain and checkpoint signatures of every organization's ledger and report the first bad entry",
    )
    .option("--org <slug|id>", "verify only this organization")
    .option("--remote", "ask the server from `assay login` (verifies your API token's organization)")
    .option(
      "--checkpoints <file|folder>",
      "signed checkpoints kept outside the database (an export or a witness folder); repeatable",
      collect,
    )
    .option("--expect <seq:hash>", "a head you wrote down earlier; the chain must still have it (repeatable)", collect)
    .option("--offline <export>", "verify a ledger export (JSON Lines or CSV) without any database")
    .option("--public-key <pem>", "with --offline: a ledger public key file (repeat for retired keys)", collect)
    .option("--json", "print the results as JSON")
    .addHelpText(
      "after",
      "\nLocally it opens DATABASE_URL, or the embedded database in ASSAY_DATA_DIR (stop the server first, or use --remote).\n" +
        "Exit codes: 0 intact, 1 a ledger failed verification (the first bad entry is printed), 2 bad options, 3 not authorized.\n" +
        `Kinds: ${PROBLEM_KINDS.join(", ")} (docs/ledger.md).`,
    )
    .action(runLedgerVerify);

  ledger
    .command("export")
    .description("Print the whole chain as JSON Lines with every hashed field and signature (for --offline)")
    .option("--org <slug|id>", "only this organization")
    .option("--remote", "export your API token's organization from the server")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action((opts: ExportOptions) => runExport("entries", opts));

  ledger
    .command("checkpoints")
    .description("Signed checkpoints of the chain heads")
    .command("export")
    .description("Print the signed checkpoints as JSON Lines, to keep where the database administrator cannot reach")
    .option("--org <slug|id>", "only this organization")
    .option("--remote", "export your API token's organization's checkpoints from the server")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action((opts: ExportOptions) => runExport("checkpoints", opts));

  ledger
    .command("export-key")
    .description("Print the installation's current Ed25519 public key (PEM) that signs ledger entries and checkpoints")
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
