/**
 * Importing an existing policy: Markdown as it is, a Word document (DOCX) through mammoth's HTML and a small
 * HTML → Markdown conversion of what mammoth produces (headings, paragraphs, lists, bold, italics, links, tables).
 * Anything else (a PNG renamed .docx, a corrupt zip) is refused with a message saying what was expected.
 */
import mammoth from "mammoth";
import { AppError } from "../../platform/errors.ts";
import { POLICY_BODY_LIMIT } from "./schema.ts";

export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const MARKDOWN_TYPES = ["text/markdown", "text/plain"];

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

const unsupported = (message: string) => new AppError(415, "unsupported_file", message);

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => entities[e]!);

/** Inline HTML (what mammoth puts inside a block) as Markdown. */
function inline(html: string): string {
  return decode(
    html
      .replace(/<br\s*\/?>/g, "  \n")
      .replace(/<(strong|b)>([\s\S]*?)<\/\1>/g, "**$2**")
      .replace(/<(em|i)>([\s\S]*?)<\/\1>/g, "_$2_")
      .replace(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, "[$2]($1)")
      .replace(/<[^>]+>/g, ""),
  ).trim();
}

/** The top-level `<li>` items of a list's inner HTML (nested lists stay inside their item). */
function items(html: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (const m of html.matchAll(/<(\/?)li>/g)) {
    if (!m[1]) {
      if (depth++ === 0) start = m.index + m[0].length;
    } else if (--depth === 0) out.push(html.slice(start, m.index));
  }
  return out;
}

function list(html: string, ordered: boolean, depth = 0): string {
  return items(html)
    .map((item, i) => {
      const nested = /<(ul|ol)>([\s\S]*)<\/\1>/.exec(item);
      const own = inline(nested ? item.slice(0, nested.index) : item);
      const marker = ordered ? `${i + 1}.` : "-";
      const sub = nested ? `\n${list(nested[2]!, nested[1] === "ol", depth + 1)}` : "";
      return `${"  ".repeat(depth)}${marker} ${own}${sub}`;
    })
    .join("\n");
}

function table(html: string): string {
  const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => inline(c[1]!).replaceAll("|", "\\|") || " "),
  );
  if (!rows.length) return "";
  const width = Math.max(...rows.map((r) => r.length));
  const line = (r: string[]) => `| ${[...r, ...Array(width - r.length).fill(" ")].join(" | ")} |`;
  return [line(rows[0]!), `|${" --- |".repeat(width)}`, ...rows.slice(1).map(line)].join("\n");
}

/** Where the element opened at `from` closes, counting nested elements of the same tag. */
function closing(html: string, tag: string, from: number): number {
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, "g");
  re.lastIndex = from;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return m.index;
  }
  return html.length;
}

/** mammoth's HTML as Markdown, block by block. */
export function htmlToMarkdown(html: string): string {
  const blocks: string[] = [];
  const open = /<(h[1-6]|p|ul|ol|table)\b[^>]*>/g;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const tag = m[1]!;
    const end = closing(html, tag, m.index);
    const inner = html.slice(m.index + m[0].length, end);
    open.lastIndex = end + tag.length + 3;
    if (tag.startsWith("h")) blocks.push(`${"#".repeat(Number(tag[1]))} ${inline(inner)}`);
    else if (tag === "p") {
      const text = inline(inner);
      if (text) blocks.push(text);
    } else if (tag === "table") blocks.push(table(inner));
    else blocks.push(list(inner, tag === "ol"));
  }
  return `${blocks.filter(Boolean).join("\n\n")}\n`;
}

/** The file as Markdown, by its declared type, checked against its bytes. */
export async function importedMarkdown(bytes: Buffer, contentType: string): Promise<string> {
  if (!bytes.length) throw new AppError(400, "empty_file", "The file is empty: choose the policy document again.");
  let markdown: string;
  if (contentType === DOCX_TYPE) {
    if (!ZIP_MAGIC.every((b, i) => bytes[i] === b))
      throw unsupported(
        "This file is not a Word document (.docx): its content is not a DOCX package. Export it from Word as .docx, or import Markdown.",
      );
    try {
      const result = await mammoth.convertToHtml({ buffer: bytes });
      markdown = htmlToMarkdown(result.value);
    } catch {
      throw unsupported(
        "This Word document could not be read (the file is damaged or not a real .docx). Save it again from Word and retry.",
      );
    }
  } else {
    markdown = bytes.toString("utf8");
    if (markdown.includes("\u0000") || markdown.includes("\uFFFD"))
      throw unsupported("This file is not UTF-8 Markdown text. Import a .md file or a Word document (.docx).");
  }
  if (!markdown.trim()) throw new AppError(400, "empty_file", "The document has no text to import.");
  if (markdown.length > POLICY_BODY_LIMIT)
    throw new AppError(
      413,
      "too_large",
      `The policy is longer than ${POLICY_BODY_LIMIT.toLocaleString("en-US")} characters.`,
    );
  return markdown;
}

/** The title: the first `# heading`, or the file's own name. */
export const titleOf = (markdown: string, fallback: string) =>
  (/^#\s+(.+)$/m.exec(markdown)?.[1] ?? fallback).trim().slice(0, 300) || "Imported policy";
