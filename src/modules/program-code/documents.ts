import { isNode, LineCounter, parseDocument, stringify } from "yaml";
import type { z } from "zod";
import { unstorableText } from "../../kernel/http/storable-text.ts";

/**
 * The two kinds of file in a program folder, written and read back exactly: YAML documents, and Markdown with a
 * YAML front matter and fixed `## Section` headings. Reading reports problems with the file and line.
 */

export interface Problem {
  file: string;
  line?: number;
  message: string;
}

export const describeProblem = (p: Problem) => `${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`;

/** YAML that reads the same in YAML 1.2 and 1.1 tools (yes/no/on and dates quoted), no folding of long lines. */
export const toYaml = (value: unknown) => stringify(value, { lineWidth: 0, minContentWidth: 0, compat: "yaml-1.1" });

export interface YamlFile {
  value: unknown;
  /** The line (1-based, in the whole file) of the node at `path`, or of its nearest existing parent. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/** Parses YAML text (duplicate keys are errors); `firstLine` is where the text starts in its file. */
export function readYaml(file: string, source: string, problems: Problem[], firstLine = 1): YamlFile | null {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length) {
    // The first error only: the ones after it are mostly its echoes.
    for (const e of doc.errors.slice(0, 1)) {
      const line = e.linePos?.[0]?.line;
      const message = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      problems.push({
        file,
        line: line === undefined ? undefined : line + firstLine - 1,
        message: `not valid YAML: ${message}`,
      });
    }
    return null;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    problems.push({ file, message: `not valid YAML: ${(err as Error).message}` });
    return null;
  }
  const yaml: YamlFile = {
    value,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) return counter.linePos(node.range[0]).line + firstLine - 1;
      }
      return undefined;
    },
  };
  // YAML escapes ("\0", "\ud800") make text the database cannot store out of plain, valid UTF-8.
  const unstorable = unstorableText(value, "");
  for (const { path, message } of unstorable) {
    const at = path
      .slice(1)
      .split(".")
      .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    problems.push({ file, line: yaml.lineOf(at), message: `${path.slice(1) || "the document"} ${message}` });
  }
  return unstorable.length ? null : yaml;
}

/** Zod issues as problems on the lines of the offending values (an unknown key points at that key). */
export function zodProblems(file: string, doc: YamlFile, error: z.ZodError, problems: Problem[], prefix = "") {
  for (const issue of error.issues) {
    const path = [...issue.path];
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const at = [...path, ...(keys.length === 1 ? keys : [])];
    const where = path.length ? `${prefix}${formatPath(path)}: ` : prefix ? `${prefix.replace(/\.$/, "")}: ` : "";
    problems.push({ file, line: doc.lineOf(at), message: `${where}${issue.message}` });
  }
}

const formatPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : `${s}${s ? "." : ""}${String(k)}`), "");

// ---------------------------------------------------------------- Markdown with front matter

export interface Section {
  heading: string;
  text: string;
}

const headingPattern = (headings: readonly string[]) =>
  new RegExp(`^(\\\\*)## (${headings.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})[ \\t]*$`);

/**
 * `---` front matter `---`, then each section as `## Heading` and its text. A line of text that would read as one
 * of the headings gets one more leading backslash (Markdown shows `\## Guidance` as the literal text), so any
 * text survives the round trip.
 */
export function renderMarkdown(front: Record<string, unknown>, sections: readonly Section[]): string {
  const pattern = headingPattern(sections.map((s) => s.heading));
  const escapeHeadings = (t: string) =>
    t
      .split("\n")
      .map((l) => (pattern.test(l) ? `\\${l}` : l))
      .join("\n");
  const body = sections
    .map((s) => (s.text ? `## ${s.heading}\n\n${escapeHeadings(s.text)}\n` : `## ${s.heading}\n`))
    .join("\n");
  return `---\n${toYaml(front)}---\n\n${body}`;
}

export interface MarkdownFile {
  front: YamlFile;
  /** Text of each heading found (trimmed); headings that are absent are missing here. */
  sections: Map<string, string>;
}

/** Reads a file written by renderMarkdown (or by a person following the same shape). */
export function readMarkdown(
  file: string,
  source: string,
  headings: readonly string[],
  problems: Problem[],
): MarkdownFile | null {
  const lines = source.split("\n");
  if (lines[0]?.trimEnd() !== "---") {
    problems.push({
      file,
      line: 1,
      message: "start the file with a YAML front matter: a line `---`, the fields, `---`",
    });
    return null;
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === "---");
  if (close < 0) {
    problems.push({ file, line: 1, message: "the front matter is not closed: add a line `---` after the fields" });
    return null;
  }
  const before = problems.length;
  const front = readYaml(file, lines.slice(1, close).join("\n"), problems, 2);
  const pattern = headingPattern(headings);
  const sections = new Map<string, string>();
  const firstLine = new Map<string, number>();
  let current: { heading: string; lines: string[] } | null = null;
  const flush = () => {
    if (current) sections.set(current.heading, current.lines.join("\n").trim());
  };
  for (let i = close + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const m = pattern.exec(line);
    if (m && m[1] === "") {
      const heading = m[2]!;
      if (firstLine.has(heading)) {
        problems.push({
          file,
          line: i + 1,
          message: `"## ${heading}" appears twice (first on line ${firstLine.get(heading)}). Write "\\## ${heading}" if the line belongs to the text.`,
        });
        continue;
      }
      flush();
      firstLine.set(heading, i + 1);
      current = { heading, lines: [] };
      continue;
    }
    if (!current) {
      if (line.trim())
        problems.push({
          file,
          line: i + 1,
          message: `text outside a section: put it under one of ${headings.map((h) => `"## ${h}"`).join(", ")}`,
        });
      continue;
    }
    current.lines.push(m ? line.slice(1) : line);
  }
  flush();
  return front && problems.length === before ? { front, sections } : null;
}
