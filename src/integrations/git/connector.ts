/**
 * Git repository: a local path, or a URL cloned shallowly into a temporary folder. Reads CODEOWNERS, the
 * signatures of the last N commits and which protected paths CODEOWNERS covers. Runs the `git` command with a
 * neutral configuration: only object reads (log, ls-tree, show), never the index or hooks, and every program a
 * repository's own config could name (gpg, ssh, fsmonitor) pinned on the command line.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { checkDestination } from "../environment.ts";
import { allowedLocalPath } from "../local-paths.ts";
import { type Connector, type ConnectorEnvironment, ConnectorError, type ResourceInput } from "../types.ts";
import { CODEOWNERS_LOCATIONS, ownersOf, parseCodeowners } from "./codeowners.ts";
import { GIT_TESTS } from "./tests.ts";

const REF = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,255}$/;

export const gitConfig = z
  .strictObject({
    /** A repository on the server (absolute path). */
    path: z.string().trim().min(1).max(4096).optional(),
    /** Or a URL to clone: https://, ssh://, git@host:owner/repo.git (file:// only where local paths are allowed). */
    url: z.string().trim().min(1).max(2048).optional(),
    /** The branch to check; default: the repository's HEAD. */
    branch: z.string().regex(REF, "Use a branch name like main or release/2027.").optional(),
    /** How many recent commits to check for signatures. */
    commits: z.number().int().min(1).max(5000).default(100),
    /** Share of those commits that must be signed (0–1). */
    minSignedShare: z.number().min(0).max(1).default(1),
    /** Paths CODEOWNERS must assign owners to (a trailing slash means a folder and everything in it). */
    protectedPaths: z.array(z.string().trim().min(1).max(1024)).max(200).default([]),
    /** An SSH allowed_signers file: when given, only signatures by its keys count (git verifies them: %G? = G). */
    allowedSigners: z.string().max(100_000).optional(),
  })
  .refine((c) => (c.path === undefined) !== (c.url === undefined), {
    message: "Give either path (a repository on the server) or url (one to clone), not both.",
  })
  .refine((c) => !c.url || !/^[a-z+]+:\/\/[^/]*@/i.test(c.url) || /^ssh:\/\/[^:/@]+@/i.test(c.url), {
    message: "Do not put credentials in the URL: put the token in the connection's secrets.",
  });
export type GitConfig = z.infer<typeof gitConfig>;

export const gitSecrets = z.strictObject({
  /** For https URLs: a read-only token (GitHub: fine-grained, Contents read). */
  token: z.string().min(1).max(1000).optional(),
  username: z.string().min(1).max(200).optional(),
});
export type GitSecrets = z.infer<typeof gitSecrets>;

const TIMEOUT_MS = 120_000;
const SSH_COMMAND = "ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new";

function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: os.tmpdir(),
    LANG: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_ASKPASS: "/bin/false",
    SSH_ASKPASS: "/bin/false",
    GIT_SSH_COMMAND: SSH_COMMAND,
    ...extra,
  };
}

/** Overrides for settings a repository's own config could use to run programs. */
const SAFE = [
  "-c",
  "core.fsmonitor=false",
  "-c",
  "gpg.program=gpg",
  "-c",
  "gpg.ssh.program=ssh-keygen",
  "-c",
  "gpg.x509.program=gpgsm",
  "-c",
  "protocol.ext.allow=never",
  "-c",
  "core.hooksPath=/dev/null",
];

interface GitResult {
  stdout: string;
}

export class GitFailure extends Error {
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(message);
    this.stderr = stderr;
  }
}

export function git(args: string[], opts: { cwd?: string; env?: Record<string, string>; signal?: AbortSignal } = {}) {
  return new Promise<GitResult>((resolve, reject) => {
    execFile(
      "git",
      [...SAFE, ...args],
      {
        cwd: opts.cwd,
        env: gitEnv(opts.env),
        timeout: TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        signal: opts.signal,
      },
      (err, stdout, stderr) => {
        if (err) {
          if ((err as NodeJS.ErrnoException).code === "ENOENT")
            return reject(
              new ConnectorError(
                "The git command is not installed on this server.",
                "Install git on the machine running Assay's workers (e.g. apt-get install git).",
              ),
            );
          return reject(new GitFailure(stderr.trim() || err.message, stderr));
        }
        resolve({ stdout });
      },
    );
  });
}

/** How to clone a URL: the source git is given, and the options that pin it to the checked destination. */
interface CloneSource {
  source: string;
  args: string[];
  env: Record<string, string>;
}

const defaultPort = (protocol: string) => ({ "https:": "443", "http:": "80", "ssh:": "22" })[protocol] ?? "";

/**
 * Checks a URL's transport and destination. A file:// URL is a local path (ASSAY_CONNECTOR_LOCAL_PATHS); a network
 * URL's host must be a destination this server may contact (ASSAY_OUTBOUND_ALLOW), and git is pinned to the checked
 * address (curl's resolve list, ssh's HostName) with redirects off, so neither DNS nor a redirect leads elsewhere.
 */
async function cloneSource(url: string, env: ConnectorEnvironment): Promise<CloneSource> {
  if (/^file:\/\//i.test(url)) {
    const real = allowedLocalPath(env.localPaths, decodeURIComponent(url.replace(/^file:\/\//i, "")), "repositories");
    return { source: pathToFileURL(real).href, args: [], env: {} };
  }
  const scp = /^[\w.-]+@([\w.-]+):[^/]/.exec(url);
  const parsed = /^(https?|ssh):\/\//i.test(url) ? new URL(url) : null;
  if (!scp && !parsed)
    throw new ConnectorError(
      `${url} is not a URL this connector clones.`,
      "Use https://host/owner/repo.git, ssh://git@host/owner/repo.git or git@host:owner/repo.git.",
    );
  const host = scp ? scp[1]! : parsed!.hostname.replace(/^\[|\]$/g, "");
  // Only plain names and addresses: the host also goes into ssh's command line.
  if (!/^[\w.:-]+$/.test(host))
    throw new ConnectorError(`${url} does not name a host this connector clones from.`, "Check the URL's host name.");
  const addresses = await checkDestination(env, host);
  if (!addresses?.length)
    throw new ConnectorError(
      `${host} could not be resolved.`,
      "Check the URL and that this server can resolve the host.",
    );
  const { address, family } = addresses[0]!;
  if (parsed && parsed.protocol !== "ssh:") {
    const pin = `${host}:${parsed.port || defaultPort(parsed.protocol)}:${family === 6 ? `[${address}]` : address}`;
    return { source: url, args: ["-c", `http.curloptResolve=${pin}`, "-c", "http.followRedirects=false"], env: {} };
  }
  return {
    source: url,
    args: [],
    env: { GIT_SSH_COMMAND: `${SSH_COMMAND} -o HostName=${address} -o HostKeyAlias=${host}` },
  };
}

/** Credentials for an https clone, passed through the environment (never in the URL, the arguments or errors). */
function authEnv(url: string, secrets: GitSecrets): Record<string, string> {
  if (!secrets.token || !/^https?:\/\//i.test(url)) return {};
  const basic = Buffer.from(`${secrets.username ?? "x-access-token"}:${secrets.token}`).toString("base64");
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.extraHeader",
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
}

export function explainGit(err: unknown, where: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const msg = err instanceof GitFailure ? err.stderr || err.message : (err as Error).message;
  const line = msg.split("\n").find((l) => /fatal|error/i.test(l)) ?? msg.split("\n")[0] ?? msg;
  if (/dubious ownership/i.test(msg))
    return new ConnectorError(
      `${where} belongs to another user, and git refuses to read it.`,
      "Run Assay's worker as the repository's owner, or give the worker its own clone (or use the URL).",
    );
  if (/not a git repository/i.test(msg))
    return new ConnectorError(`${where} is not a git repository.`, "Point the path at the repository's top folder.");
  if (/Authentication failed|could not read Username|403|401|Permission denied|Repository not found/i.test(msg))
    return new ConnectorError(
      `Cloning ${where} was refused: ${line.trim()}`,
      "For a private repository, put a read-only token in the connection's secrets (https), or give this server's SSH key read access (ssh).",
    );
  if (/Could not resolve host|unable to access|Connection refused|timed out/i.test(msg))
    return new ConnectorError(
      `${where} could not be reached: ${line.trim()}`,
      "Check the URL and that this server can reach the host.",
    );
  if (/unknown revision|not a valid object name|Remote branch .* not found|couldn't find remote ref/i.test(msg))
    return new ConnectorError(
      `The branch does not exist in ${where}.`,
      "Check the branch name, or leave it empty for the default branch.",
    );
  return new ConnectorError(`git failed on ${where}: ${line.trim()}`, "Check the repository settings.");
}

export interface Checkout {
  dir: string;
  location: string;
  rev: string;
  cleanup(): void;
}

export async function checkout(
  config: GitConfig,
  secrets: GitSecrets,
  env: ConnectorEnvironment,
  signal?: AbortSignal,
): Promise<Checkout> {
  const rev = config.branch ?? "HEAD";
  if (config.path) {
    const dir = allowedLocalPath(env.localPaths, config.path, "repositories");
    try {
      await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], { cwd: dir, signal });
    } catch (err) {
      // --quiet: a missing revision fails without a message; anything else (not a repository, ownership) says why.
      if (err instanceof GitFailure && err.stderr.trim() === "")
        throw new ConnectorError(
          `${rev === "HEAD" ? "The repository has no commits" : `Branch ${rev} does not exist`} in ${dir}.`,
          "Check the branch name, or leave it empty for the current branch.",
        );
      throw explainGit(err, dir);
    }
    return { dir, location: dir, rev, cleanup: () => {} };
  }
  const url = config.url!;
  const from = await cloneSource(url, env);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-git-"));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await git(
      [
        ...from.args,
        "clone",
        "--quiet",
        "--bare",
        "--no-tags",
        "--single-branch",
        `--depth=${config.commits}`,
        ...(config.branch ? ["--branch", config.branch] : []),
        "--",
        from.source,
        dir,
      ],
      { env: { ...authEnv(url, secrets), ...from.env }, signal },
    );
  } catch (err) {
    cleanup();
    throw explainGit(err, url);
  }
  return { dir, location: url, rev: "HEAD", cleanup };
}

interface CommitInfo {
  sha: string;
  author: string;
  date: string;
  signed: boolean;
  subject: string;
}

/** Parses `git log --format=raw`: a signature shows as a gpgsig header (OpenPGP, SSH or X.509). */
export function parseRawLog(text: string): CommitInfo[] {
  const out: CommitInfo[] = [];
  let cur: CommitInfo | null = null;
  let inMessage = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("commit ")) {
      if (cur) out.push(cur);
      cur = { sha: line.slice(7, 47), author: "", date: "", signed: false, subject: "" };
      inMessage = false;
      continue;
    }
    if (!cur) continue;
    if (inMessage) {
      if (!cur.subject && line.trim()) cur.subject = line.trim().slice(0, 200);
      continue;
    }
    if (line === "") inMessage = true;
    else if (line.startsWith("gpgsig ") || line.startsWith("gpgsig-sha256 ")) cur.signed = true;
    else if (line.startsWith("author ")) {
      const m = /^author (.*) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(line);
      if (m) {
        cur.author = `${m[1]} <${m[2]}>`;
        cur.date = new Date(Number(m[3]) * 1000).toISOString();
      }
    }
  }
  if (cur) out.push(cur);
  return out;
}

async function inspect(co: Checkout, config: GitConfig, signal?: AbortSignal): Promise<ResourceInput> {
  const run = (args: string[]) =>
    git(args, { cwd: co.dir, signal }).catch((err) => Promise.reject(explainGit(err, co.location)));
  const head = (await run(["rev-parse", `${co.rev}^{commit}`])).stdout.trim();
  const branch =
    config.branch ??
    ((
      await git(["symbolic-ref", "--short", "-q", "HEAD"], { cwd: co.dir, signal }).catch(() => ({ stdout: "" }))
    ).stdout.trim() ||
      null);

  // CODEOWNERS: GitHub uses the first file found in this order.
  const present = new Set(
    (await run(["ls-tree", "--name-only", head, "--", ...CODEOWNERS_LOCATIONS])).stdout.split("\n").filter(Boolean),
  );
  const codeownersPath = CODEOWNERS_LOCATIONS.find((p) => present.has(p)) ?? null;
  const parsed = codeownersPath
    ? parseCodeowners((await run(["show", `${head}:${codeownersPath}`])).stdout)
    : { rules: [], errors: [] };

  const commits = parseRawLog((await run(["log", `-n${config.commits}`, "--format=raw", head])).stdout);
  let verified: Set<string> | null = null;
  if (config.allowedSigners) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "assay-signers-")), "allowed_signers");
    fs.writeFileSync(file, config.allowedSigners);
    try {
      const out = await run([
        "-c",
        `gpg.ssh.allowedSignersFile=${file}`,
        "log",
        `-n${config.commits}`,
        "--format=%H %G?",
        head,
      ]);
      verified = new Set(
        out.stdout
          .split("\n")
          .map((l) => l.split(" "))
          .filter(([, code]) => code === "G")
          .map(([sha]) => sha!),
      );
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }
  const signed = commits.filter((c) => c.signed).length;
  const counted = verified ? commits.filter((c) => verified.has(c.sha)).length : signed;
  const protectedPaths = config.protectedPaths.map((p) => {
    const isDir = p.endsWith("/");
    const clean = p.replace(/^\/+|\/+$/g, "");
    const rule = ownersOf(parsed, clean, isDir);
    return {
      path: p,
      covered: !!rule && rule.owners.length > 0,
      owners: rule?.owners ?? [],
      rule: rule ? `line ${rule.line}: ${rule.pattern}` : null,
    };
  });
  const owners = [...new Set(parsed.rules.flatMap((r) => r.owners))].sort();
  return {
    type: "repository",
    externalId: co.location,
    name: path.basename(co.location).replace(/\.git$/, "") || co.location,
    attributes: {
      location: co.location,
      source: config.path ? "path" : "url",
      branch,
      head,
      codeowners_path: codeownersPath,
      codeowners_rules: parsed.rules.length,
      codeowners_owners: owners,
      codeowners_errors: parsed.errors,
      commits_checked: commits.length,
      signed_commits: signed,
      verified_commits: verified ? counted : null,
      signed_share: commits.length ? counted / commits.length : null,
      signature_verification: verified ? "allowed_signers" : "presence",
      unsigned_recent: commits
        .filter((c) => !(verified ? verified.has(c.sha) : c.signed))
        .slice(0, 20)
        .map((c) => ({ sha: c.sha, author: c.author, date: c.date, subject: c.subject })),
      protected_paths: protectedPaths,
      uncovered_paths: protectedPaths.filter((p) => !p.covered).map((p) => p.path),
    },
  };
}

export const gitConnector: Connector<GitConfig, GitSecrets> = {
  type: "git",
  title: "Git repository",
  description:
    "CODEOWNERS, commit signatures and ownership of protected paths in a git repository (local path or URL).",
  category: "source_code",
  configSchema: gitConfig,
  secretSchema: gitSecrets,
  resourceTypes: ["repository"],

  async testConnection(config, secrets, env) {
    try {
      const co = await checkout({ ...config, commits: 1 }, secrets, env);
      try {
        const head = (await git(["rev-parse", "--short", `${co.rev}^{commit}`], { cwd: co.dir })).stdout.trim();
        return { ok: true, message: `Read ${co.location} (at ${head}).` };
      } finally {
        co.cleanup();
      }
    } catch (err) {
      const e = explainGit(err, config.path ?? config.url ?? "the repository");
      return { ok: false, error: e.message, guidance: e.guidance };
    }
  },

  async *collect(ctx) {
    const co = await checkout(ctx.config, ctx.secrets, ctx.env, ctx.signal);
    try {
      await ctx.progress(`reading ${co.location}`);
      yield [await inspect(co, ctx.config, ctx.signal)];
    } finally {
      co.cleanup();
    }
  },

  tests: GIT_TESTS,
};
