import { parse as parseYamlText } from "yaml";
import type { z } from "zod";
import { DOCUMENT_SCHEMAS, type DocumentKind } from "./schema.ts";

/** Content failed to parse or validate; `problems` lists each one, naming the file and the offending id. */
export class ContentError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    const n = problems.length;
    super(`Invalid content (${n} problem${n === 1 ? "" : "s"}):\n  ${problems.join("\n  ")}`);
    this.name = "ContentError";
    this.problems = problems;
  }
}

export type ParsedDocument<K extends DocumentKind> = z.infer<(typeof DOCUMENT_SCHEMAS)[K]>;

/** Parses YAML text; duplicate keys are errors. `file` is used in messages only. */
export function parseYaml(file: string, text: string): unknown {
  try {
    return parseYamlText(text, { uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ContentError([`${file}: not valid YAML: ${message}`]);
  }
}

/** Validates one parsed document against its zod schema; throws a ContentError naming the file, id and field. */
export function validateDocument<K extends DocumentKind>(kind: K, file: string, data: unknown): ParsedDocument<K> {
  const result = DOCUMENT_SCHEMAS[kind].safeParse(data);
  if (result.success) return result.data as ParsedDocument<K>;
  const problems = result.error.issues.map((issue) => {
    const where = describePath(data, issue.path);
    return `${file}: ${where}: ${issue.message}`;
  });
  throw new ContentError(problems);
}

/** `id "ACC-03", at controls[2].frequency` — the nearest enclosing record's id, and the full path. */
function describePath(data: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = data;
  let owner: string | undefined;
  let at = "";
  for (const key of path) {
    at += typeof key === "number" ? `[${key}]` : `${at ? "." : ""}${String(key)}`;
    if (node === null || typeof node !== "object") break;
    node = (node as Record<PropertyKey, unknown>)[key];
    if (typeof key === "number" && node && typeof node === "object") {
      const id = (node as { id?: unknown }).id;
      if (typeof id === "string" || typeof id === "number") owner = String(id);
    }
  }
  const location = at ? `at ${at}` : "at the document root";
  return owner === undefined ? location : `id "${owner}", ${location}`;
}
