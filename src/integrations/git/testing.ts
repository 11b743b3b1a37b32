/**
 * Test fixture: a real git repository with a main line of merges (`--no-ff`) and direct commits, in May 2026 —
 * a branch by Bob merged by Ada (unsigned merge), a branch Ada merged herself, a commit Carol wrote and Ada
 * committed, an SSH-signed merge, and commits before and after the month.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ADA = ["Ada", "ada@example.test"] as const;
const BOB = ["Bob", "bob@example.test"] as const;
const CAROL = ["Carol", "carol@example.test"] as const;
type Who = readonly [string, string];

export function makeChangeRepository(root: string) {
  const repo = path.join(root, "change-repo");
  fs.mkdirSync(repo, { recursive: true });
  const key = path.join(root, "change-signing-key");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "ada", "-f", key]);
  const run = (args: string[], author: Who = ADA, committer: Who = author, date = "2026-05-01T10:00:00Z") =>
    execFileSync("git", ["-c", "commit.gpgsign=false", ...args], {
      cwd: repo,
      env: {
        PATH: process.env.PATH,
        HOME: root,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_AUTHOR_NAME: author[0],
        GIT_AUTHOR_EMAIL: author[1],
        GIT_COMMITTER_NAME: committer[0],
        GIT_COMMITTER_EMAIL: committer[1],
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    })
      .toString()
      .trim();
  const commit = (file: string, message: string, author: Who, committer: Who, date: string) => {
    fs.writeFileSync(path.join(repo, file), `${message}\n`);
    run(["add", "-A"], author, committer, date);
    run(["commit", "-q", "-m", message], author, committer, date);
    return run(["rev-parse", "HEAD"]);
  };
  const merge = (branch: string, message: string, by: Who, date: string, signed = false) => {
    run(
      [
        ...(signed ? ["-c", "gpg.format=ssh", "-c", `user.signingkey=${key}`] : []),
        "merge",
        "-q",
        "--no-ff",
        ...(signed ? ["-S"] : []),
        "-m",
        message,
        branch,
      ],
      by,
      by,
      date,
    );
    return run(["rev-parse", "HEAD"]);
  };

  run(["init", "-q", "-b", "main"]);
  const before = commit("README.md", "Initial commit", ADA, ADA, "2026-04-20T09:00:00Z");
  const direct = commit("config.yml", "Raise the upload limit", ADA, ADA, "2026-05-02T09:00:00Z");

  run(["checkout", "-q", "-b", "feature/login"]);
  commit("login.ts", "Add the login form", BOB, BOB, "2026-05-04T09:00:00Z");
  run(["checkout", "-q", "main"]);
  const reviewedMerge = merge("feature/login", "Merge branch 'feature/login'", ADA, "2026-05-05T12:00:00Z");

  run(["checkout", "-q", "-b", "feature/self"]);
  commit("self.ts", "Tune the cache", ADA, ADA, "2026-05-06T09:00:00Z");
  run(["checkout", "-q", "main"]);
  const selfMerge = merge("feature/self", "Merge branch 'feature/self'", ADA, "2026-05-07T12:00:00Z");

  const applied = commit("patch.ts", "Fix the date parser", CAROL, ADA, "2026-05-09T09:00:00Z");

  run(["checkout", "-q", "-b", "feature/signed"]);
  commit("signed.ts", "Rotate keys", BOB, BOB, "2026-05-10T09:00:00Z");
  run(["checkout", "-q", "main"]);
  const signedMerge = merge("feature/signed", "Merge branch 'feature/signed'", ADA, "2026-05-11T12:00:00Z", true);

  const after = commit("later.ts", "Later change", ADA, ADA, "2026-06-10T09:00:00Z");
  return {
    repo,
    allowedSigners: `ada@example.test ${fs.readFileSync(`${key}.pub`, "utf8").trim()}\n`,
    shas: { before, direct, reviewedMerge, selfMerge, applied, signedMerge, after },
  };
}
