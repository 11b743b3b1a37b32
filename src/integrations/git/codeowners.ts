/**
 * CODEOWNERS as GitHub reads it: gitignore-style patterns, each followed by owners; the last matching rule wins,
 * and a rule without owners leaves the matched paths without owners.
 */

export const CODEOWNERS_LOCATIONS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

export interface CodeownersRule {
  line: number;
  pattern: string;
  owners: string[];
  matches(path: string, isDir: boolean): boolean;
}

export interface ParsedCodeowners {
  rules: CodeownersRule[];
  /** Lines that could not be read, with their line numbers. */
  errors: string[];
}

const OWNER = /^(@[A-Za-z0-9][A-Za-z0-9-]*(\/[A-Za-z0-9][\w.-]*)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

function escapeRegex(s: string) {
  return s.replace(/[.+^${}()|[\]\\]/g, "\\$&");
}

/** Compiles one pattern into a matcher of repository paths (no leading slash; `isDir` for directories). */
export function compilePattern(pattern: string): (path: string, isDir: boolean) => boolean {
  let p = pattern;
  let dirOnly = false;
  if (p.endsWith("/")) {
    dirOnly = true;
    p = p.slice(0, -1);
  }
  const anchored = p.startsWith("/") || p.includes("/");
  if (p.startsWith("/")) p = p.slice(1);
  let body = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "*" && p[i + 1] === "*") {
      const slashAfter = p[i + 2] === "/";
      if (slashAfter) {
        body += "(?:.*/)?";
        i += 2;
      } else {
        body += ".*";
        i += 1;
      }
    } else if (c === "*") body += "[^/]*";
    else if (c === "?") body += "[^/]";
    else if (c === "/" && p.slice(i + 1) === "**") {
      body += "(?:/.*)?";
      break;
    } else body += escapeRegex(c);
  }
  const re = new RegExp(`^${anchored ? "" : "(?:.*/)?"}${body}$`);
  return (path, isDir) => {
    const parts = path.replace(/^\/+|\/+$/g, "").split("/");
    // A pattern that matches a directory covers everything in it: try the path and each of its parents.
    for (let i = 1; i <= parts.length; i++) {
      const candidateIsDir = i < parts.length || isDir;
      if (dirOnly && !candidateIsDir) continue;
      if (re.test(parts.slice(0, i).join("/"))) return true;
    }
    return false;
  };
}

export function parseCodeowners(text: string): ParsedCodeowners {
  const rules: CodeownersRule[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const content = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!content) return;
    const [pattern, ...owners] = content.split(/\s+/);
    if (!pattern) return;
    if (pattern.startsWith("!")) {
      errors.push(`line ${line}: negated patterns (${pattern}) are not supported in CODEOWNERS`);
      return;
    }
    const bad = owners.filter((o) => !OWNER.test(o));
    if (bad.length) errors.push(`line ${line}: not an owner (@user, @org/team or email): ${bad.join(", ")}`);
    rules.push({ line, pattern, owners: owners.filter((o) => OWNER.test(o)), matches: compilePattern(pattern) });
  });
  return { rules, errors };
}

/** The rule that decides a path's owners (the last one that matches), or null. */
export function ownersOf(parsed: ParsedCodeowners, path: string, isDir: boolean): CodeownersRule | null {
  for (let i = parsed.rules.length - 1; i >= 0; i--) if (parsed.rules[i]!.matches(path, isDir)) return parsed.rules[i]!;
  return null;
}
