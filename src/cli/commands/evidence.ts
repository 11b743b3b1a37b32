import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { UUID_PATTERN } from "../../core/id.ts";
import { CliError, EXIT, printJson, printList } from "../output.ts";
import { api, type Credentials, loadCredentials } from "../remote.ts";

/** `assay evidence …`: submit and list evidence on the server from `assay login`, through the HTTP API. */

interface EvidenceItem {
  id: string;
  title: string;
  kind: string;
  file: { name: string; sha256: string; size: number; mimeType: string } | null;
  url: string | null;
  collectedAt: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  version: number;
  controls: { key: string; stale: boolean }[];
  stale: boolean;
  staleAt: string | null;
}

const PERIOD = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;
const collect = (value: string, previous: string[]) => [...previous, ...value.split(/[\s,]+/).filter(Boolean)];

const size = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`;

function row(e: EvidenceItem) {
  return {
    id: e.id,
    title: e.title,
    kind: e.kind,
    size: e.file ? size(e.file.size) : "",
    sha256: e.file ? `${e.file.sha256.slice(0, 12)}…` : "",
    collected: e.collectedAt.slice(0, 10),
    period: e.effectiveFrom || e.effectiveTo ? `${e.effectiveFrom ?? ""}..${e.effectiveTo ?? ""}` : "",
    controls: e.controls.map((c) => c.key).join(","),
    stale: e.stale ? `stale since ${e.staleAt?.slice(0, 10)}` : e.staleAt ? `until ${e.staleAt.slice(0, 10)}` : "",
  };
}

/** Sends a request whose body is not JSON (multipart) with the stored token; problems become CliErrors. */
async function send(creds: Credentials, method: string, apiPath: string, body: FormData): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(new URL(apiPath, creds.url), {
      method,
      headers: { authorization: `Bearer ${creds.token}` },
      body,
    });
  } catch (err) {
    throw new CliError(
      `Cannot reach ${creds.url}: ${(err as Error).message}. Check the URL and that the server is running.`,
    );
  }
  const text = await res.text();
  const data = text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
  if (!res.ok) {
    const detail = typeof data === "object" && data && "detail" in data ? String(data.detail) : res.statusText;
    throw new CliError(`${res.status}: ${detail}`, res.status === 401 || res.status === 403 ? EXIT.auth : EXIT.failure);
  }
  return data;
}

interface AddOptions {
  control: string[];
  program?: string;
  period?: string;
  title?: string;
  description?: string;
  collectedAt?: string;
  json?: boolean;
}

async function add(files: string[], opts: AddOptions) {
  const form = new FormData();
  if (opts.period) {
    const m = PERIOD.exec(opts.period.trim());
    if (!m)
      throw new CliError(`--period takes two dates like 2027-01-01..2027-03-31, not "${opts.period}".`, EXIT.usage);
    form.append("effectiveFrom", m[1]!);
    form.append("effectiveTo", m[2]!);
  }
  if (opts.program && !UUID_PATTERN.test(opts.program))
    throw new CliError(`--program takes the program's id (a UUID), not "${opts.program}".`, EXIT.usage);
  if (opts.title) form.append("title", opts.title);
  if (opts.description) form.append("description", opts.description);
  if (opts.collectedAt) form.append("collectedAt", opts.collectedAt);
  if (opts.program) form.append("programId", opts.program);
  if (opts.control.length) form.append("controls", opts.control.join(","));
  // Fields first, then the files: each file is a Blob backed by the file on disk, streamed as it is sent.
  for (const file of files) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new CliError(`Cannot read ${file}: no such file.`, EXIT.usage);
    }
    if (!stat.isFile()) throw new CliError(`${file} is not a file.`, EXIT.usage);
    form.append("file", await fs.openAsBlob(file), path.basename(file));
  }
  const creds = loadCredentials();
  const { items } = (await send(creds, "POST", "/api/v1/evidence", form)) as { items: EvidenceItem[] };
  if (opts.json) printJson(items);
  else printList(items.map(row), {}, ["id", "title", "size", "sha256", "period", "controls"]);
}

interface ListOptions {
  q?: string;
  control?: string;
  program?: string;
  kind?: string;
  stale?: boolean;
  all?: boolean;
  json?: boolean;
}

async function list(opts: ListOptions) {
  const items: EvidenceItem[] = [];
  const query = new URLSearchParams({ pageSize: "100" });
  for (const [k, v] of Object.entries({ q: opts.q, control: opts.control, program: opts.program, kind: opts.kind }))
    if (v) query.set(k, v);
  if (opts.stale) query.set("stale", "true");
  if (opts.all) query.set("superseded", "true");
  for (let page = 1; ; page++) {
    query.set("page", String(page));
    const res = await api<{ items: EvidenceItem[]; total: number }>("GET", `/api/v1/evidence?${query}`);
    items.push(...res.items);
    if (items.length >= res.total || res.items.length === 0) break;
  }
  if (opts.json) printJson(items);
  else printList(items.map(row), {}, ["id", "title", "kind", "collected", "period", "controls", "stale"]);
}

async function download(id: string, opts: { output?: string }) {
  if (!UUID_PATTERN.test(id)) throw new CliError(`Give the evidence id (a UUID), not "${id}".`, EXIT.usage);
  const creds = loadCredentials();
  let res: Response;
  try {
    res = await fetch(new URL(`/api/v1/evidence/${id}/content`, creds.url), {
      headers: { authorization: `Bearer ${creds.token}` },
    });
  } catch (err) {
    throw new CliError(`Cannot reach ${creds.url}: ${(err as Error).message}.`);
  }
  if (!res.ok || !res.body) {
    const text = await res.text();
    const detail = res.headers.get("content-type")?.includes("json") ? JSON.parse(text).detail : res.statusText;
    throw new CliError(`${res.status}: ${detail}`, res.status === 401 || res.status === 403 ? EXIT.auth : EXIT.failure);
  }
  const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get("content-disposition") ?? "")?.[1];
  const target = opts.output ?? path.basename(decodeURIComponent(name ?? id));
  const expected = res.headers.get("etag")?.replace(/"/g, "");
  const hash = createHash("sha256");
  const tap = new Transform({
    transform(chunk: Buffer, _e, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const out = target === "-" ? process.stdout : fs.createWriteStream(`${target}.part`, { mode: 0o600 });
  try {
    await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), tap, out);
  } catch (err) {
    if (target !== "-") fs.rmSync(`${target}.part`, { force: true });
    throw new CliError(`The download stopped: ${(err as Error).message}. The server's log says why.`);
  }
  const got = hash.digest("hex");
  if (expected && got !== expected) {
    if (target !== "-") fs.rmSync(`${target}.part`, { force: true });
    throw new CliError(`The download does not match its SHA-256 (${expected}); nothing was saved.`);
  }
  if (target !== "-") {
    fs.renameSync(`${target}.part`, target);
    process.stderr.write(`saved ${target} (sha256 ${got})\n`);
  }
}

async function rekey(opts: { json?: boolean }) {
  const { withContext } = await import("./ledger.ts");
  const { rekeyEvidence } = await import("../../modules/evidence/rekey.ts");
  const result = await withContext((ctx) =>
    rekeyEvidence(ctx, (done, total) => {
      if (!opts.json && (done % 50 === 0 || done === total)) process.stderr.write(`${done} of ${total} blobs\n`);
    }),
  );
  if (opts.json) printJson(result);
  else {
    process.stdout.write(
      result.found === 0
        ? "Every evidence blob is sealed with the current key: nothing to do.\n"
        : `Re-encrypted ${result.rekeyed} of ${result.found} evidence blobs with the current key.\n`,
    );
    for (const f of result.failed) process.stdout.write(`✗ blob ${f.blobId}: ${f.error}\n`);
  }
  if (result.failed.length)
    throw new CliError(
      `${result.failed.length} blob(s) could not be re-encrypted; keep the retired key configured until they are.`,
    );
}

export function register(program: Command) {
  const evidence = program
    .command("evidence")
    .description("Evidence: files, links and statements that controls operate");

  evidence
    .command("add")
    .description("Upload files as evidence (streamed), linked to controls, for the period they cover")
    .argument("<file...>", "files to upload; each becomes one piece of evidence")
    .option("-c, --control <id>", "control id (repeat, or separate with commas), e.g. ACC-03", collect, [])
    .option("--program <id>", "the program the controls are in (default: the only active program)")
    .option("--period <from..to>", "the period the evidence covers, e.g. 2027-01-01..2027-03-31")
    .option("--title <title>", "title (default: the file name)")
    .option("--description <text>", "what it shows")
    .option("--collected-at <time>", "when it was collected, if not now (ISO 8601)")
    .option("--json", "print the created evidence as JSON")
    .addHelpText(
      "after",
      "\nUses the server and token from `assay login` (or ASSAY_URL and ASSAY_TOKEN). The type is detected from the\n" +
        "content; programs are refused. Example:\n" +
        "  assay evidence add q1-access-review.pdf --control ACC-03 --period 2027-01-01..2027-03-31",
    )
    .action(add);

  evidence
    .command("list")
    .description("List current evidence (newest first)")
    .option("-q, --q <text>", "search titles, descriptions and file names")
    .option("-c, --control <id>", "only evidence linked to this control")
    .option("--program <id>", "only evidence linked to controls of this program")
    .option("--kind <kind>", "file, link or statement")
    .option("--stale", "only evidence that went stale for every control it supports")
    .option("--all", "include versions that were corrected since")
    .option("--json", "print JSON")
    .action(list);

  evidence
    .command("download")
    .description("Download an evidence file (its SHA-256 is checked)")
    .argument("<id>", "the evidence id")
    .option("-o, --output <file>", "where to save it (default: its name; - for standard output)")
    .action(download);

  evidence
    .command("rekey")
    .description("After a key rotation: re-encrypt evidence sealed with a retired key with ASSAY_ENCRYPTION_KEY")
    .option("--json", "print { found, rekeyed, failed } as JSON")
    .addHelpText(
      "after",
      "\nRuns on the configured database and storage (DATABASE_URL or the data folder; stop an embedded server first).\n" +
        'See docs/operations.md, "Rotating the encryption key".',
    )
    .action(rekey);
}
