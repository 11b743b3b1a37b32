/** Turning an outbox payload into an email or a Slack message (pure; links become absolute here). */
import { alertKind, PREFERENCES_PATH } from "./kinds.ts";
import type { AlertPayload } from "./outbox.ts";

export interface RenderContext {
  /** config.publicUrl, without a trailing slash. */
  publicUrl: string;
  organization: string;
}

const absolute = (publicUrl: string, link: string | null) => (link ? `${publicUrl}${link}` : null);

function footer(r: RenderContext) {
  return ["", "—", `Choose which alerts you get, and how, in ${r.organization}: ${r.publicUrl}${PREFERENCES_PATH}`];
}

export function alertEmail(p: AlertPayload, r: RenderContext, name: string): { subject: string; text: string } {
  if (p.items) return digestEmail(p.items, r, name);
  const url = absolute(r.publicUrl, p.link);
  return {
    subject: `[${r.organization}] ${p.title}`.slice(0, 250),
    text: [`Hello ${name},`, "", p.title, "", p.body, ...(url ? ["", `Open it: ${url}`] : []), ...footer(r)].join("\n"),
  };
}

export function digestEmail(
  items: NonNullable<AlertPayload["items"]>,
  r: RenderContext,
  name: string,
): { subject: string; text: string } {
  const lines: string[] = [];
  const groups = new Map<string, typeof items>();
  for (const i of items) groups.set(i.kind, [...(groups.get(i.kind) ?? []), i]);
  for (const [kind, list] of groups) {
    lines.push(`${alertKind(kind)?.label ?? kind} (${list.length})`);
    for (const i of list) {
      lines.push(`- ${i.title}`);
      const url = absolute(r.publicUrl, i.link);
      if (url) lines.push(`  ${url}`);
    }
    lines.push("");
  }
  return {
    subject: `[${r.organization}] Your daily digest: ${items.length} alert${items.length === 1 ? "" : "s"}`,
    text: [
      `Hello ${name},`,
      "",
      `Here is what happened in ${r.organization} since your last digest:`,
      "",
      ...lines,
      ...footer(r).slice(1),
    ].join("\n"),
  };
}

/** Slack's mrkdwn treats &, < and > as markup. */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A Slack incoming-webhook message: `text` for notifications and clients without blocks, `blocks` to show. */
export function slackMessage(p: AlertPayload, r: RenderContext, kind: string) {
  const url = absolute(r.publicUrl, p.link);
  const title = url ? `*<${url}|${esc(p.title)}>*` : `*${esc(p.title)}*`;
  return {
    text: `[${r.organization}] ${p.title}${url ? ` ${url}` : ""}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${title}\n${esc(p.body)}`.slice(0, 2900) } },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: esc(`Assay · ${r.organization} · ${alertKind(kind)?.label ?? kind}`) }],
      },
    ],
  };
}
