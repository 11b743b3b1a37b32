/** Running system commands for the agent: execFile (never a shell), a time limit, and failures put in words. */
import { execFile } from "node:child_process";
import fs from "node:fs";

export type RunResult =
  | { ok: true; stdout: string; stderr: string }
  | {
      ok: false;
      /** missing: not installed; permission: needs more rights; timeout; failed: ran and exited non-zero. */
      kind: "missing" | "permission" | "timeout" | "failed";
      /** Exit code when it ran. */
      code: number | null;
      stdout: string;
      stderr: string;
      /** A sentence for the fact's reason: "nft is not installed", "nft: Operation not permitted". */
      message: string;
    };

export type Runner = (cmd: string, args: readonly string[]) => Promise<RunResult>;
/** Reads a file; null when it does not exist. Throws for other errors (permission denied) so callers can say so. */
export type FileReader = (path: string) => string | null;
export type DirLister = (path: string) => string[] | null;

const PERMISSION =
  /permission denied|operation not permitted|must be root|you need to be root|are you root|access denied/i;
// Timers and sudo often run with a PATH without the sbin folders, where nft, sshd and iptables live.
const SBIN = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

/** A command that is not installed, or that this user may not run: as the runner answers (and recorded outputs read). */
export const notInstalled = (cmd: string): RunResult => ({
  ok: false,
  kind: "missing",
  code: null,
  stdout: "",
  stderr: "",
  message: `${cmd} is not installed`,
});
export const notPermitted = (cmd: string): RunResult => ({
  ok: false,
  kind: "permission",
  code: null,
  stdout: "",
  stderr: "",
  message: `${cmd} cannot be run by this user (permission denied)`,
});

export function createRunner(timeoutMs = 10_000): Runner {
  const pathDirs = [...(process.env.PATH ?? "/usr/bin:/bin").split(":"), ...SBIN];
  const env = { ...process.env, PATH: [...new Set(pathDirs)].join(":"), LC_ALL: "C", LANG: "C" };
  return (cmd, args) =>
    new Promise((resolve) => {
      execFile(cmd, [...args], { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, env }, (err, stdout, stderr) => {
        const out = String(stdout);
        const errText = String(stderr);
        if (!err) return resolve({ ok: true, stdout: out, stderr: errText });
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: unknown };
        const firstLine = errText.trim().split("\n")[0]?.slice(0, 300) ?? "";
        if (e.code === "ENOENT") return resolve(notInstalled(cmd));
        if (e.code === "EACCES") return resolve(notPermitted(cmd));
        if (e.killed && e.signal)
          return resolve({
            ok: false,
            kind: "timeout",
            code: null,
            stdout: out,
            stderr: errText,
            message: `${cmd} did not answer within ${timeoutMs / 1000} s`,
          });
        const code = typeof e.code === "number" ? e.code : null;
        resolve({
          ok: false,
          kind: PERMISSION.test(errText) ? "permission" : "failed",
          code,
          stdout: out,
          stderr: errText,
          message: firstLine ? `${cmd}: ${firstLine}` : `${cmd} exited with code ${code ?? "?"}`,
        });
      });
    });
}

export const readFile: FileReader = (p) => {
  try {
    return fs.readFileSync(p, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR")
      return null;
    throw err;
  }
};

export const listDir: DirLister = (p) => {
  try {
    return fs.readdirSync(p).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR")
      return null;
    throw err;
  }
};

/** "permission denied" for EACCES, else the error's message: for reasons of unknown facts. */
export function whyUnreadable(path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EACCES" || e.code === "EPERM") return `${path} cannot be read by this user (permission denied)`;
  return `${path} could not be read: ${e.message}`;
}
