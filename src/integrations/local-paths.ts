import fs from "node:fs";
import path from "node:path";
import { ConnectorError, type LocalPathPolicy } from "./types.ts";

/** Never read, whatever the setting: process and device files (environment, memory, endless streams). */
const SYSTEM_FOLDERS = ["/proc", "/sys", "/dev"];

/** A folder's real path when it exists (so symlinked folders compare with real paths), else its absolute path. */
function realFolder(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Reads ASSAY_CONNECTOR_LOCAL_PATHS: `none` (default: connectors read no local paths), `any` (every path the
 * server can read), or a comma-separated list of folders. `protectedFolders` (the data folder with the keys, the
 * embedded database and the evidence blobs) and the system folders are refused under every setting.
 */
export function localPathPolicy(setting: string | undefined, protectedFolders: readonly string[]): LocalPathPolicy {
  const v = (setting ?? "").trim();
  // Each folder as written and as resolved: paths are checked in both forms (before and after following links).
  const bothForms = (folders: readonly string[]) => [
    ...new Set(folders.flatMap((f) => [path.resolve(f), realFolder(f)])),
  ];
  const forbidden = [...SYSTEM_FOLDERS, ...bothForms(protectedFolders)];
  if (v === "" || v === "none") return { kind: "none", forbidden };
  if (v === "any") return { kind: "any", forbidden };
  return {
    kind: "roots",
    roots: bothForms(
      v
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean),
    ),
    forbidden,
  };
}

const within = (p: string, folder: string) =>
  p === folder || p.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`);

function permitted(policy: LocalPathPolicy, p: string): boolean {
  if (policy.forbidden.some((f) => within(p, f))) return false;
  return policy.kind === "any" || (policy.kind === "roots" && policy.roots.some((root) => within(p, root)));
}

/**
 * The one answer for a path that is refused, missing or unreadable: telling them apart would let anyone who may
 * configure a connection probe which files exist on the server.
 */
export function unreadablePath(what: string): ConnectorError {
  return new ConnectorError(
    `The path cannot be read: it does not exist, the server may not read it, or this server does not read ${what} from there.`,
    "Check the path (it is read on the machine running Assay, not on your computer), and that the operator allows its folder with ASSAY_CONNECTOR_LOCAL_PATHS (folders, or `any`). The server's own data folder and /proc, /sys and /dev are never read.",
  );
}

/** The real path of `p` when the policy allows reading it; otherwise an actionable error that says nothing of `p`. */
export function allowedLocalPath(policy: LocalPathPolicy, p: string, what: string): string {
  if (policy.kind === "none")
    throw new ConnectorError(
      `This server does not read ${what} from local paths.`,
      "Use a URL or upload the content instead, or ask the operator to allow a folder with ASSAY_CONNECTOR_LOCAL_PATHS (e.g. ASSAY_CONNECTOR_LOCAL_PATHS=/srv/exports; `any` allows every path but the data folder).",
    );
  if (!path.isAbsolute(p))
    throw new ConnectorError("The path is not an absolute path.", "Give the full path, starting with /.");
  // Checked before the file system is touched, and again on the real path (a symlink may lead elsewhere).
  if (!permitted(policy, path.resolve(p))) throw unreadablePath(what);
  let real: string;
  try {
    real = fs.realpathSync(p);
    fs.accessSync(real, fs.constants.R_OK);
  } catch {
    throw unreadablePath(what);
  }
  if (!permitted(policy, real)) throw unreadablePath(what);
  return real;
}
