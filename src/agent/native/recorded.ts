/**
 * The outputs a native collector (the served sh or PowerShell script) ran and sent, and a probe that answers from
 * them: the Linux detectors of collect.ts then decide on the server exactly as the Node agent decides on the
 * machine. A command is named by its command line (`lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT`), a file by
 * `cat <path>`, a folder by `ls -1A <path>`.
 */

import type { Probe } from "../collect.ts";
import { notInstalled, notPermitted, type RunResult } from "../exec.ts";

export interface RecordedOutput {
  name: string;
  /** The exit code: 127 not installed, 126 not executable, 124 timed out (coreutils timeout). */
  exit: number;
  stdout: string;
  stderr: string;
}

const PERMISSION =
  /permission denied|operation not permitted|must be root|you need to be root|are you root|access denied|requires root|must be run as root/i;
const ABSENT = /no such file|not a directory|cannot access|does not exist/i;

/** An output as the Node agent's runner would have answered (see exec.ts). */
export function runResultOf(o: RecordedOutput): RunResult {
  if (o.exit === 0) return { ok: true, stdout: o.stdout, stderr: o.stderr };
  const cmd = o.name.split(" ")[0]!;
  const firstLine = o.stderr.trim().split("\n")[0]?.slice(0, 300) ?? "";
  if (o.exit === 127) return notInstalled(cmd);
  if (o.exit === 126) return notPermitted(cmd);
  if (o.exit === 124)
    return {
      ok: false,
      kind: "timeout",
      code: null,
      stdout: o.stdout,
      stderr: o.stderr,
      message: `${cmd} did not answer within 10 s`,
    };
  return {
    ok: false,
    kind: PERMISSION.test(o.stderr) ? "permission" : "failed",
    code: o.exit,
    stdout: o.stdout,
    stderr: o.stderr,
    message: firstLine ? `${cmd}: ${firstLine}` : `${cmd} exited with code ${o.exit}`,
  };
}

const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

/** Outputs by name; the last one wins when a name repeats. */
export const outputsByName = (outputs: readonly RecordedOutput[]) => new Map(outputs.map((o) => [o.name, o]));

/**
 * A probe over recorded outputs. A command that was not recorded answers "not installed"; a file "could not be
 * read" (the collector did not send it: never taken as absent); a folder that was not listed is absent.
 */
export function recordedProbe(outputs: readonly RecordedOutput[], who: { isRoot: boolean; user?: string }): Probe {
  const byName = outputsByName(outputs);
  return {
    isRoot: who.isRoot,
    user: who.user,
    run: async (cmd, args) => {
      const o = byName.get([cmd, ...args].join(" "));
      return o ? runResultOf(o) : runResultOf({ name: cmd, exit: 127, stdout: "", stderr: "" });
    },
    read: (path) => {
      const o = byName.get(`cat ${path}`);
      if (!o) throw errno("ENOTCOLLECTED", "the collector did not send this file");
      if (o.exit === 0) return o.stdout;
      if (PERMISSION.test(o.stderr)) throw errno("EACCES", o.stderr.trim());
      if (ABSENT.test(o.stderr)) return null;
      throw errno("EIO", o.stderr.trim().split("\n")[0] || `cat exited with code ${o.exit}`);
    },
    list: (path) => {
      const o = byName.get(`ls -1A ${path}`);
      if (!o || ABSENT.test(o.stderr)) return null;
      if (o.exit !== 0) throw errno(PERMISSION.test(o.stderr) ? "EACCES" : "EIO", o.stderr.trim());
      return o.stdout
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .sort();
    },
  };
}
