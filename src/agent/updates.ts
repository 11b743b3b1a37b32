/** Automatic security updates: unattended-upgrades (Debian, Ubuntu) or dnf-automatic (Fedora, RHEL and rebuilds). */

/** `dpkg-query -W -f='${Status}' pkg`: "install ok installed" when the package is installed. */
export const dpkgInstalled = (text: string) => /\binstall ok installed\b/.test(text);

/**
 * APT configuration text — `apt-config dump` output or /etc/apt/apt.conf.d files — as lower-cased full keys
 * (`apt::periodic::unattended-upgrade`) to values. Handles comments, nested scopes and `#clear`; the last
 * assignment wins, as in APT.
 */
export function parseAptConfig(text: string): Map<string, string> {
  const tokens: string[] = [];
  const re = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|#[^\n]*|"((?:[^"\\]|\\.)*)"|([{};])|([^\s{};"]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined) tokens.push(`"${m[1]}`);
    else if (m[2]) tokens.push(m[2]);
    else if (m[3]) tokens.push(m[3]);
  }
  const out = new Map<string, string>();
  const scope: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === "}") {
      scope.pop();
      continue;
    }
    if (t === ";" || t === "{" || t.startsWith('"')) continue;
    const next = tokens[i + 1];
    const key = [...scope, t].join("::").toLowerCase();
    if (next === "{") {
      scope.push(t);
      i++;
    } else if (next?.startsWith('"')) {
      out.set(key, next.slice(1));
      i++;
    }
  }
  return out;
}

/** APT::Periodic values are a number of days (0: off); "always" and booleans are accepted by apt too. */
export function periodicEnabled(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (["always", "true", "yes", "on"].includes(v)) return true;
  const n = /^(\d+)/.exec(v);
  return !!n && Number(n[1]) > 0;
}

/** `systemctl is-enabled unit`: its first line (enabled, disabled, static, masked, …); null when it has none. */
export function parseIsEnabled(text: string): string | null {
  const first = text.trim().split("\n")[0]?.trim() ?? "";
  return /^[a-z-]+$/.test(first) ? first : null;
}

/** /etc/dnf/automatic.conf (INI): `[commands] apply_updates = yes`. */
export function dnfAutomaticApplies(ini: string | null): boolean {
  if (!ini) return false; // dnf-automatic's default is apply_updates = no
  let section = "";
  let apply = false;
  for (const raw of ini.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      section = s[1]!.trim().toLowerCase();
      continue;
    }
    const kv = /^([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (kv && section === "commands" && kv[1]!.toLowerCase() === "apply_updates")
      apply = ["yes", "true", "1", "on"].includes(kv[2]!.trim().toLowerCase());
  }
  return apply;
}
