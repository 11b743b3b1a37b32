import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { and, asc, eq, isNull } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import { UUID_PATTERN } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { programs } from "../../db/schema/index.ts";
import { readBundleDir, unzipBundle, writeBundleDir, zipBundle } from "../../modules/program-code/bundle.ts";
import { formatDiff } from "../../modules/program-code/diff.ts";
import { describeProblem, type Problem } from "../../modules/program-code/documents.ts";
import { oscalJson } from "../../modules/program-code/oscal-catalog.ts";
import { buildPoam } from "../../modules/program-code/oscal-poam.ts";
import { buildSsp } from "../../modules/program-code/oscal-ssp.ts";
import { createProgramCodeService, type ImportResult } from "../../modules/program-code/service.ts";
import { AppError } from "../../platform/errors.ts";
import { selectOrganizations } from "../organizations.ts";
import { CliError, EXIT, printJson } from "../output.ts";
import { loadCredentials } from "../remote.ts";
import { withContext } from "./ledger.ts";

/**
 * `assay program export|import|oscal`: a program as a folder of YAML and Markdown (docs/program-as-code.md) and as
 * OSCAL (docs/oscal.md). Locally on the configured database (--org picks the organization), or with --remote
 * through the API of the server from `assay login`.
 */

interface Common {
  org?: string;
  program?: string;
  remote?: boolean;
  json?: boolean;
}

function checkOptions(opts: Common) {
  if (opts.remote && opts.org)
    throw new CliError(
      "--org cannot be combined with --remote: the server uses your API token's organization.",
      EXIT.usage,
    );
  if (opts.program && !UUID_PATTERN.test(opts.program))
    throw new CliError(`--program takes the program's id (a UUID), not "${opts.program}".`, EXIT.usage);
}

/** The organization named by --org (slug or id), or the only one there is. */
async function pickOrg(db: Db, org: string | undefined) {
  const rows = await selectOrganizations(db, org);
  if (!rows.length) throw new CliError("There is no organization yet: run `assay setup` first.", EXIT.usage);
  if (rows.length > 1)
    throw new CliError(`Choose the organization with --org <slug>: ${rows.map((r) => r.slug).join(", ")}.`, EXIT.usage);
  return rows[0]!;
}

/** The program given by --program, or the organization's only active one. */
function pickProgram(list: { id: string; name: string }[], given: string | undefined) {
  if (given) return given.toLowerCase();
  if (list.length === 1) return list[0]!.id;
  if (!list.length) throw new CliError("The organization has no program yet.", EXIT.failure);
  throw new CliError(
    `Choose the program with --program <id>: ${list.map((p) => `${p.id} (${p.name})`).join(", ")}.`,
    EXIT.usage,
  );
}

async function localPrograms(db: Db, organizationId: string) {
  return db
    .select({ id: programs.id, name: programs.name })
    .from(programs)
    .where(and(eq(programs.organizationId, organizationId), isNull(programs.archivedAt)))
    .orderBy(asc(programs.createdAt));
}

/** Calls the API with the stored token and returns the raw response; problems become CliErrors (with their list). */
async function remote(method: string, apiPath: string, body?: { bytes: Uint8Array; type: string }) {
  const creds = loadCredentials();
  let res: Response;
  try {
    res = await fetch(new URL(apiPath, creds.url), {
      method,
      headers: { authorization: `Bearer ${creds.token}`, ...(body ? { "content-type": body.type } : {}) },
      body: body ? Buffer.from(body.bytes) : undefined,
    });
  } catch (err) {
    throw new CliError(
      `Cannot reach ${creds.url}: ${(err as Error).message}. Check the URL and that the server is running.`,
    );
  }
  if (res.ok) return res;
  const text = await res.text();
  let problem: { detail?: string; code?: string; problems?: Problem[] } = {};
  try {
    problem = JSON.parse(text);
  } catch {}
  if (problem.problems) throw problemsError(problem.problems);
  throw new CliError(
    `${res.status}: ${problem.detail ?? res.statusText}`,
    res.status === 401 || res.status === 403 ? EXIT.auth : EXIT.failure,
  );
}

function problemsError(problems: Problem[]) {
  for (const p of problems) process.stderr.write(`${describeProblem(p)}\n`);
  return new CliError(
    `the folder has ${problems.length} problem${problems.length === 1 ? "" : "s"} (listed above); nothing was imported.`,
    EXIT.failure,
  );
}

/** Runs local service calls, turning validation errors into one line per problem. */
async function local<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  try {
    return await withContext((ctx) => fn(ctx.db));
  } catch (err) {
    if (err instanceof AppError && Array.isArray(err.details?.problems))
      throw problemsError(err.details.problems as Problem[]);
    if (err instanceof AppError) throw new CliError(err.message, err.status === 409 ? EXIT.usage : EXIT.failure);
    throw err;
  }
}

const readFolder = (dir: string) => {
  try {
    return readBundleDir(dir);
  } catch (err) {
    throw new CliError(
      (err as Error).message,
      err instanceof AppError && err.status === 413 ? EXIT.failure : EXIT.usage,
    );
  }
};

async function runExport(dir: string, opts: Common) {
  checkOptions(opts);
  let name: string;
  let files: Map<string, string>;
  if (opts.remote) {
    const list = (await (await remote("GET", "/api/v1/programs")).json()) as { items: { id: string; name: string }[] };
    const id = pickProgram(list.items, opts.program);
    const zip = new Uint8Array(await (await remote("GET", `/api/v1/programs/${id}/code`)).arrayBuffer());
    files = unzipBundle(zip);
    name = list.items.find((p) => p.id === id)?.name ?? id;
  } else
    ({ name, files } = await local(async (db) => {
      const org = await pickOrg(db, opts.org);
      const id = pickProgram(await localPrograms(db, org.id), opts.program);
      return createProgramCodeService({ db }).exportFiles(org.id, id);
    }));
  const { written, removed } = writeBundleDir(dir, files);
  if (opts.json) return printJson({ program: name, dir: path.resolve(dir), files: written, removed });
  const count = (prefix: string) => [...files.keys()].filter((f) => f.startsWith(prefix)).length;
  process.stdout.write(
    `Exported "${name}" to ${dir}: ${written} files (${count("controls/")} controls, ${count("remediation/")} remediation items).\n`,
  );
  for (const r of removed) process.stdout.write(`Removed ${r} (no longer in the program).\n`);
}

interface ImportFlags extends Common {
  dryRun?: boolean;
  create?: boolean;
  skipUnknownOwners?: boolean;
}

async function runImport(dir: string, opts: ImportFlags) {
  checkOptions(opts);
  if (opts.create && opts.program) throw new CliError("Use either --create or --program, not both.", EXIT.usage);
  const files = readFolder(dir);
  let result: ImportResult;
  if (opts.remote) {
    const q = new URLSearchParams({
      dryRun: String(!!opts.dryRun),
      create: String(!!opts.create),
      skipUnknownOwners: String(!!opts.skipUnknownOwners),
      ...(opts.program ? { programId: opts.program } : {}),
    });
    const res = await remote("POST", `/api/v1/programs/code/import?${q}`, {
      bytes: zipBundle(files),
      type: "application/zip",
    });
    result = (await res.json()) as ImportResult;
  } else
    result = await local(async (db) => {
      const org = await pickOrg(db, opts.org);
      return createProgramCodeService({ db }).import(systemActor(org.id, "cli: assay program import"), files, {
        dryRun: opts.dryRun,
        programId: opts.program?.toLowerCase(),
        create: opts.create,
        skipUnknownOwners: opts.skipUnknownOwners,
      });
    });
  if (opts.json) return printJson(result);
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  process.stdout.write(formatDiff(result.diff));
  if (result.dryRun) process.stdout.write("Dry run: nothing was changed. Run again without --dry-run to apply.\n");
  else if (result.applied) process.stdout.write(`Imported into "${result.programName}" (${result.programId}).\n`);
}

async function runOscal(kind: string, opts: Common & { out?: string }) {
  checkOptions(opts);
  if (kind !== "ssp" && kind !== "poam")
    throw new CliError(
      `Say which document: ssp (system security plan) or poam (plan of action and milestones), not "${kind}".`,
      EXIT.usage,
    );
  let json: string;
  if (opts.remote) {
    const list = (await (await remote("GET", "/api/v1/programs")).json()) as { items: { id: string; name: string }[] };
    const id = pickProgram(list.items, opts.program);
    json = await (await remote("GET", `/api/v1/programs/${id}/oscal/${kind}.json`)).text();
  } else
    json = await local(async (db) => {
      const org = await pickOrg(db, opts.org);
      const id = pickProgram(await localPrograms(db, org.id), opts.program);
      const doc = kind === "ssp" ? await buildSsp(db, org.id, id) : await buildPoam(db, org.id, id);
      return oscalJson(doc.document);
    });
  if (!opts.out) return void process.stdout.write(json);
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  fs.writeFileSync(opts.out, json);
  process.stderr.write(`Wrote ${opts.out}.\n`);
}

const WHERE = `
Locally it opens DATABASE_URL, or the embedded database in ASSAY_DATA_DIR (stop the server first, or use --remote);
--org picks the organization when there are several. --remote uses the server and API token of \`assay login\`.`;

export function register(program: Command) {
  const cmd = program
    .command("program")
    .description("A program as code: export it to a folder of YAML and Markdown, import it back, export OSCAL");
  const common = (c: Command) =>
    c
      .option("--program <id>", "the program (default: the organization's only active program)")
      .option("--org <slug|id>", "the organization (local mode; default: the only one)")
      .option("--remote", "go through the API of the server from `assay login`")
      .option("--json", "machine-readable output");

  common(
    cmd
      .command("export")
      .description("Write the program to <dir>: program.yaml, scope.yaml, assessment.yaml, controls/, remediation/")
      .argument("<dir>", "the folder (created if needed; stale control and item files in it are removed)"),
  )
    .addHelpText("after", `${WHERE}\nExit codes: 0 written, 1 failed, 2 bad options, 3 not authorized.`)
    .action(runExport);

  common(
    cmd
      .command("import")
      .description("Validate <dir>, print the differences with the program, and apply them in one transaction")
      .argument("<dir>", "a folder written by `assay program export` (and edited)")
      .option("--dry-run", "only validate and print the differences")
      .option("--create", "create a new program instead of updating one")
      .option("--skip-unknown-owners", "import owners who are not members of the organization as unassigned"),
  )
    .addHelpText(
      "after",
      `${WHERE}\nWithout --program the folder goes into the organization's only active program, or a new one when there is none.\nExit codes: 0 imported (or nothing to change), 1 the folder has problems (each printed as file:line: reason; nothing imported), 2 bad options, 3 not authorized.`,
    )
    .action(runImport);

  common(
    cmd
      .command("oscal")
      .description(
        "Print the program as an OSCAL 1.2.1 document: ssp (system security plan) or poam (plan of action and milestones)",
      )
      .argument("<kind>", "ssp or poam")
      .option("--out <file>", "write to this file instead of standard output"),
  )
    .addHelpText(
      "after",
      `${WHERE}\nA POA&M's import-ssp names the SSP as the API downloads it (<program name as a slug>-ssp.json): save the SSP under that name next to it.\nThe mapping is documented in docs/oscal.md.`,
    )
    .action(runOscal);
}
