/** The SSH server's effective PermitRootLogin and PasswordAuthentication. */

export interface SshSettings {
  permit_root_login: string;
  password_authentication: string;
  /** Where each value came from: "file:line", or "default". */
  origins: Record<string, string>;
}

/** OpenSSH's compiled-in defaults (since 7.0 root may log in with keys only). */
export const SSHD_DEFAULTS = { permitrootlogin: "prohibit-password", passwordauthentication: "yes" } as const;
const WATCHED = Object.keys(SSHD_DEFAULTS) as (keyof typeof SSHD_DEFAULTS)[];

/** `sshd -T`: the effective configuration, one lower-case "keyword value" per line. */
export function parseSshdT(text: string): SshSettings | null {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (m && !values.has(m[1]!.toLowerCase())) values.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  if (!values.has("permitrootlogin") && !values.has("passwordauthentication")) return null;
  return {
    permit_root_login: values.get("permitrootlogin") ?? SSHD_DEFAULTS.permitrootlogin,
    password_authentication: values.get("passwordauthentication") ?? SSHD_DEFAULTS.passwordauthentication,
    origins: { permit_root_login: "sshd -T", password_authentication: "sshd -T" },
  };
}

export interface ConfigFile {
  path: string;
  text: string;
}

/**
 * sshd_config semantics (sshd_config(5)): for each keyword the first value obtained wins; `Include` is read at
 * its place (its globs in lexical order, relative paths under /etc/ssh); a `Match` block lasts to the end of
 * its file and only applies to some connections, so it is skipped for the global answer. `load` expands a
 * path or glob into files (pure: tests pass a fake).
 */
export function effectiveSshdConfig(main: string, load: (pattern: string) => ConfigFile[]): SshSettings {
  const found = new Map<string, { value: string; origin: string }>();
  const seen = new Set<string>();
  const readFile = (file: ConfigFile, depth: number) => {
    if (depth > 16 || seen.has(file.path)) return;
    seen.add(file.path);
    const lines = file.text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line || line.startsWith("#")) continue;
      const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
      if (!m) continue;
      const key = m[1]!.toLowerCase();
      const args = m[2]!.replace(/\s+#.*$/, "").trim();
      if (key === "match") return;
      if (key === "include") {
        for (const pattern of args.split(/\s+/).filter(Boolean))
          for (const inc of load(pattern.startsWith("/") ? pattern : `/etc/ssh/${pattern}`)) readFile(inc, depth + 1);
        continue;
      }
      if (!found.has(key))
        found.set(key, { value: args.split(/\s+/)[0]!.toLowerCase(), origin: `${file.path}:${i + 1}` });
    }
  };
  for (const f of load(main)) readFile(f, 0);
  const origins: Record<string, string> = {};
  const value = (k: (typeof WATCHED)[number], name: string) => {
    const f = found.get(k);
    origins[name] = f ? f.origin : "default";
    return f ? f.value : SSHD_DEFAULTS[k];
  };
  return {
    permit_root_login: value("permitrootlogin", "permit_root_login"),
    password_authentication: value("passwordauthentication", "password_authentication"),
    origins,
  };
}

/** Glob of `*` and `?` in the last path component, against a directory listing (sorted, as sshd does). */
export function matchGlob(pattern: string, names: readonly string[]): string[] {
  const slash = pattern.lastIndexOf("/");
  const dir = pattern.slice(0, slash) || "/";
  const leaf = pattern.slice(slash + 1);
  const re = new RegExp(
    `^${leaf
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")}$`,
  );
  return names
    .filter((n) => re.test(n))
    .sort()
    .map((n) => `${dir === "/" ? "" : dir}/${n}`);
}
