/** /etc/os-release (os-release(5)): KEY=value lines, values optionally quoted, with shell-style escapes. */
import type { OsInfo } from "./facts.ts";

function unquote(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0]) {
    const inner = v.slice(1, -1);
    return v[0] === '"' ? inner.replace(/\\(["\\`$])/g, "$1") : inner;
  }
  return v;
}

export function parseOsRelease(text: string): OsInfo | null {
  const kv = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) kv.set(m[1]!, unquote(m[2]!));
  }
  const id = kv.get("ID")?.toLowerCase();
  if (!id) return null;
  const name = kv.get("NAME") ?? id;
  return {
    id,
    version_id: kv.get("VERSION_ID") ?? null,
    name,
    pretty_name: kv.get("PRETTY_NAME") ?? `${name} ${kv.get("VERSION_ID") ?? ""}`.trim(),
    id_like: (kv.get("ID_LIKE") ?? "").toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10),
    version_codename: kv.get("VERSION_CODENAME") || null,
  };
}

/** Debian, Ubuntu and their derivatives (apt, dpkg). */
export const isDebianLike = (os: OsInfo) =>
  ["debian", "ubuntu"].includes(os.id) || os.id_like.some((x) => x === "debian" || x === "ubuntu");
/** Fedora, RHEL and its rebuilds (dnf). */
export const isRedHatLike = (os: OsInfo) =>
  ["fedora", "rhel", "centos", "rocky", "almalinux"].includes(os.id) ||
  os.id_like.some((x) => x === "fedora" || x === "rhel" || x === "centos");
