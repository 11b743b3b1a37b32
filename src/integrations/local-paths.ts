import fs from "node:fs";
import path from "node:path";
import { ConnectorError, type LocalPathPolicy } from "./types.ts";

/**
 * Reads ASSAY_CONNECTOR_LOCAL_PATHS: `any` (default: a single-tenant installation may read any path the server
 * can), `none`, or a comma-separated list of folders connectors may read local repositories and files from.
 */
export function localPathPolicy(setting: string | undefined): LocalPathPolicy {
  const v = (setting ?? "any").trim();
  if (v === "" || v === "any") return { kind: "any" };
  if (v === "none") return { kind: "none" };
  return {
    kind: "roots",
    roots: v
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean)
      .map((r) => path.resolve(r)),
  };
}

/** The real path of `p` when the policy allows reading it; otherwise an actionable error. */
export function allowedLocalPath(policy: LocalPathPolicy, p: string, what: string): string {
  if (policy.kind === "none")
    throw new ConnectorError(
      `This server does not read ${what} from local paths.`,
      "Use a URL instead, or ask the operator to allow a folder with ASSAY_CONNECTOR_LOCAL_PATHS.",
    );
  if (!path.isAbsolute(p))
    throw new ConnectorError(`${p} is not an absolute path.`, "Give the full path, starting with /.");
  let real: string;
  try {
    real = fs.realpathSync(p);
  } catch {
    throw new ConnectorError(
      `${p} does not exist on the server (or the server may not read it).`,
      "Check the path: it is read on the machine running Assay, not on your computer.",
    );
  }
  if (policy.kind === "roots" && !policy.roots.some((root) => real === root || real.startsWith(`${root}${path.sep}`)))
    throw new ConnectorError(
      `${p} is outside the folders this server may read (${policy.roots.join(", ")}).`,
      "Move the data under one of those folders, or ask the operator to extend ASSAY_CONNECTOR_LOCAL_PATHS.",
    );
  return real;
}
