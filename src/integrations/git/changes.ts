/**
 * The main line of a git repository as changes, for the change register: every first-parent commit of the branch
 * committed in a date range — merge commits (a branch brought in) and commits made on the line itself — with
 * author, committer, parents and signature status (%G?). Runs `git log` without a shell; the branch goes after
 * `--end-of-options` (and was validated by the connection's settings).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChangeCollectContext, ChangeInput } from "../types.ts";
import { checkout, explainGit, type GitConfig, type GitSecrets, git, parseRawLog } from "./connector.ts";

/** History read for a clone: the range must be inside it. */
const CLONE_DEPTH = 5000;
const FIELD = "\u001f";
const RECORD = "\u001e";
const FORMAT = `${["%H", "%P", "%an <%ae>", "%cn <%ce>", "%ct", "%G?", "%s", "%b"].join("%x1f")}%x1e`;

export interface MainLineCommit {
  sha: string;
  parents: string[];
  author: string;
  committer: string;
  committedAt: Date;
  signature: string;
  subject: string;
  body: string;
}

/** Parses the log written with FORMAT. */
export function parseChangeLog(text: string): MainLineCommit[] {
  const out: MainLineCommit[] = [];
  for (const record of text.split(RECORD)) {
    const f = record.replace(/^\n+/, "").split(FIELD);
    if (f.length < 8 || !/^[0-9a-f]{40,64}$/.test(f[0]!)) continue;
    out.push({
      sha: f[0]!,
      parents: f[1]!.split(" ").filter(Boolean),
      author: f[2]!,
      committer: f[3]!,
      committedAt: new Date(Number(f[4]) * 1000),
      signature: f[5]!.trim() || "N",
      subject: f[6]!,
      body: f.slice(7).join(FIELD).trim(),
    });
  }
  return out;
}

/** A main-line commit as a change; a merge is authored by whoever wrote the branch (`branchAuthor`). */
export function toChange(repository: string, c: MainLineCommit, branchAuthor?: string): ChangeInput {
  const merge = c.parents.length > 1;
  return {
    repository,
    externalRef: c.sha,
    title: (c.subject || c.sha.slice(0, 12)).slice(0, 300),
    description: c.body ? c.body.slice(0, 10_000) : null,
    url: null,
    author: (merge && branchAuthor) || c.author,
    committer: c.committer,
    mergedBy: merge ? c.committer : null,
    approvals: [],
    checksPassed: null,
    signature: c.signature,
    mergedAt: c.committedAt,
    merge,
  };
}

export async function collectGitChanges(ctx: ChangeCollectContext<GitConfig, GitSecrets>): Promise<ChangeInput[]> {
  const config = { ...ctx.config, commits: Math.max(ctx.config.commits, CLONE_DEPTH) };
  const co = await checkout(config, ctx.secrets, ctx.env, ctx.signal);
  let signers: string | null = null;
  try {
    const args = ["log", "--first-parent", `--since=${ctx.from.toISOString()}`, `--until=${ctx.to.toISOString()}`];
    if (ctx.config.allowedSigners) {
      signers = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "assay-signers-")), "allowed_signers");
      fs.writeFileSync(signers, ctx.config.allowedSigners);
    }
    const out = await git(
      [
        ...(signers ? ["-c", `gpg.ssh.allowedSignersFile=${signers}`] : []),
        ...args,
        `--format=${FORMAT}`,
        "--end-of-options",
        co.rev,
        "--",
      ],
      { cwd: co.dir, signal: ctx.signal },
    ).catch((err) => Promise.reject(explainGit(err, co.location)));
    const from = ctx.from.getTime();
    const to = ctx.to.getTime();
    const commits = parseChangeLog(out.stdout).filter(
      (c) => c.committedAt.getTime() >= from && c.committedAt.getTime() <= to,
    );
    // git says N for a signature it cannot check (an SSH one without allowed signers): E when the header is there.
    if (commits.some((c) => c.signature === "N")) {
      const raw = await git([...args, "--format=raw", "--end-of-options", co.rev, "--"], {
        cwd: co.dir,
        signal: ctx.signal,
      }).catch((err) => Promise.reject(explainGit(err, co.location)));
      const signed = new Set(
        parseRawLog(raw.stdout)
          .filter((c) => c.signed)
          .map((c) => c.sha),
      );
      for (const c of commits) if (c.signature === "N" && signed.has(c.sha)) c.signature = "E";
    }
    // A merge's author is who wrote the branch it brings in (its tip's author); who merged it is the committer.
    const tips = [...new Set(commits.flatMap((c) => (c.parents.length > 1 ? [c.parents[1]!] : [])))];
    const tipAuthors = new Map<string, string>();
    if (tips.length) {
      const shown = await git(
        ["log", "--no-walk=unsorted", "--format=%H%x1f%an <%ae>%x1e", "--end-of-options", ...tips, "--"],
        {
          cwd: co.dir,
          signal: ctx.signal,
        },
      ).catch((err) => Promise.reject(explainGit(err, co.location)));
      for (const line of shown.stdout.split(RECORD)) {
        const [sha, author] = line.replace(/^\n+/, "").split(FIELD);
        if (sha && author) tipAuthors.set(sha, author);
      }
    }
    return commits.map((c) =>
      toChange(co.location, c, c.parents.length > 1 ? tipAuthors.get(c.parents[1]!) : undefined),
    );
  } finally {
    if (signers) fs.rmSync(path.dirname(signers), { recursive: true, force: true });
    co.cleanup();
  }
}
