import { Typography } from "@mantine/core";
import DOMPurify from "dompurify";
import { Marked } from "marked";
import { useMemo } from "react";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Markdown only: raw HTML in the source (e.g. inside an organization's name) shows as the text it is. */
const markdown = new Marked({ gfm: true, async: false, renderer: { html: ({ text }) => escapeHtml(text) } });

/**
 * Renders a full Markdown document (headings, tables, lists) such as a policy template. Raw HTML is escaped,
 * and the HTML that `marked` produces is sanitized by DOMPurify before it reaches the page, so Markdown from
 * anywhere cannot run script. For short guidance text, RichText renders a smaller subset without any HTML.
 */
export function Markdown({ children }: { children: string }) {
  const html = useMemo(
    () => DOMPurify.sanitize(markdown.parse(children) as string, { USE_PROFILES: { html: true } }),
    [children],
  );
  return (
    <Typography>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the HTML was sanitized by DOMPurify just above */}
      <div className="assay-markdown" dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
