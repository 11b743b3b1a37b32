/** What people share: a policy version as a PDF, and the proof of acceptance as CSV and PDF for the auditor. */
import { marked, type Token, type Tokens } from "marked";
import { csvLine } from "../../platform/csv.ts";
import { createPdf, PDF_COLORS, type PdfWriter, pdfDate, pdfDateTime, pdfText } from "../../platform/pdf.ts";

/** Inline tokens as the plain text a PDF line shows. */
function plain(tokens: readonly Token[] | undefined, fallback = ""): string {
  if (!tokens) return fallback;
  return tokens
    .map((t) => {
      if (t.type === "br") return "\n";
      if ("tokens" in t && t.tokens) return plain(t.tokens, "text" in t ? String(t.text) : "");
      return "text" in t ? String(t.text) : "";
    })
    .join("")
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);
}

function listItems(pdf: PdfWriter, list: Tokens.List, depth: number) {
  const { doc } = pdf;
  const start = typeof list.start === "number" ? list.start : 1;
  list.items.forEach((item, i) => {
    const marker = list.ordered ? `${start + i}.` : "•";
    const indent = 14 + depth * 14;
    const own = item.tokens.filter((t) => t.type !== "list");
    const text = own.map((t) => ("tokens" in t ? plain(t.tokens, "text" in t ? String(t.text) : "") : "")).join(" ");
    doc.font("Helvetica").fontSize(9.5).fillColor(PDF_COLORS.text);
    const h = doc.heightOfString(pdfText(text), { width: pdf.width - indent - 6 });
    pdf.ensureSpace(h + 4);
    const y = doc.y;
    doc.text(pdfText(marker), pdf.left + indent - 14, y, { width: 14, lineBreak: false });
    doc.text(pdfText(text), pdf.left + indent, y, { width: pdf.width - indent, lineGap: 1.5 });
    doc.moveDown(0.25);
    for (const sub of item.tokens) if (sub.type === "list") listItems(pdf, sub as Tokens.List, depth + 1);
  });
}

/** Draws Markdown: headings, paragraphs, lists, tables, rules and quotes (images and HTML are left out). */
export function drawMarkdown(pdf: PdfWriter, markdown: string) {
  for (const t of marked.lexer(markdown)) {
    switch (t.type) {
      case "heading": {
        const h = t as Tokens.Heading;
        pdf.heading(plain(h.tokens, h.text), h.depth <= 1 ? 1 : 2);
        break;
      }
      case "paragraph":
        pdf.paragraph(plain((t as Tokens.Paragraph).tokens, (t as Tokens.Paragraph).text));
        break;
      case "list":
        listItems(pdf, t as Tokens.List, 0);
        pdf.doc.moveDown(0.4);
        break;
      case "table": {
        const tab = t as Tokens.Table;
        const columns = tab.header.map((c, i) => ({
          header: plain(c.tokens, c.text) || " ",
          width: Math.max(1, ...tab.rows.map((r) => Math.min(60, (r[i]?.text ?? "").length)), c.text.length),
        }));
        pdf.table(
          columns,
          tab.rows.map((r) => columns.map((_, i) => plain(r[i]?.tokens, r[i]?.text ?? ""))),
          { size: 9 },
        );
        break;
      }
      case "blockquote":
        pdf.paragraph(plain((t as Tokens.Blockquote).tokens, (t as Tokens.Blockquote).text), { muted: true });
        break;
      case "code":
        pdf.paragraph((t as Tokens.Code).text, { size: 8.5 });
        break;
      case "hr":
        pdf.rule();
        break;
      default:
        break;
    }
  }
}

export interface VersionPdfInput {
  organization: string;
  /** The organization's logo, drawn beside its name. */
  logo?: Buffer | null;
  title: string;
  number: number;
  status: string;
  publishedAt: Date | null;
  approvedBy: string[];
  ownerName: string | null;
  nextReviewDate: string | null;
  body: string;
}

/** One policy version as an A4 PDF: a title page with its facts, then the policy text. */
export async function versionPdf(v: VersionPdfInput): Promise<Buffer> {
  const pdf = createPdf({ title: `${v.title} v${v.number}`, organization: v.organization, logo: v.logo });
  pdf.titlePage({
    kicker: v.organization,
    title: v.title,
    subtitle: `Version ${v.number} (${v.status.replace("_", " ")})`,
    facts: [
      ["Organization", v.organization],
      ["Version", String(v.number)],
      ["Status", v.status.replace("_", " ")],
      ["Published", v.publishedAt ? pdfDate(v.publishedAt) : "not published"],
      ["Approved by", v.approvedBy.join(", ") || "-"],
      ["Policy owner", v.ownerName ?? "-"],
      ["Next review", v.nextReviewDate ?? "-"],
    ],
  });
  pdf.addPage();
  drawMarkdown(pdf, v.body);
  return pdf.finish();
}

export interface TrackingExport {
  organization: string;
  logo?: Buffer | null;
  title: string;
  requiredVersion: number | null;
  requested: number;
  accepted: number;
  percent: number;
  items: {
    fullName: string;
    email: string;
    department: string | null;
    requestedAt: Date;
    dueDate: string;
    acceptedAt: Date | null;
    acceptedVersion: number | null;
    ip: string | null;
    userAgent: string | null;
  }[];
}

const CSV_COLUMNS = [
  "name",
  "email",
  "department",
  "requested_version",
  "requested_at",
  "due_date",
  "accepted_at",
  "accepted_version",
  "ip",
  "user_agent",
];

type AcceptanceCells = Pick<
  TrackingExport["items"][number],
  "requestedAt" | "dueDate" | "acceptedAt" | "acceptedVersion" | "ip" | "userAgent"
>;
/** The CSV cells both acceptance exports end with: requested_at … user_agent. */
const acceptanceCells = (i: AcceptanceCells) => [
  i.requestedAt,
  i.dueDate,
  i.acceptedAt,
  i.acceptedVersion,
  i.ip,
  i.userAgent,
];

export function trackingCsv(t: TrackingExport): string {
  return [
    csvLine(CSV_COLUMNS),
    ...t.items.map((i) => csvLine([i.fullName, i.email, i.department, t.requiredVersion, ...acceptanceCells(i)])),
  ].join("");
}

export async function trackingPdf(t: TrackingExport): Promise<Buffer> {
  const pdf = createPdf({ title: `${t.title}: acceptance`, organization: t.organization, logo: t.logo });
  pdf.heading(`${t.title}: who accepted version ${t.requiredVersion ?? "-"}`);
  pdf.stats([
    { label: "Asked", value: t.requested },
    { label: "Accepted", value: t.accepted },
    { label: "Outstanding", value: t.requested - t.accepted },
    { label: "Share", value: `${t.percent}%` },
  ]);
  pdf.table(
    [
      { header: "Person", width: 3 },
      { header: "Department", width: 2 },
      { header: "Due", width: 1.5 },
      { header: "Accepted", width: 2.2 },
      { header: "Version", width: 1, align: "right" },
      { header: "From", width: 2.5 },
    ],
    t.items.map((i) => [
      `${i.fullName}\n${i.email}`,
      i.department ?? "",
      i.dueDate,
      i.acceptedAt ? pdfDateTime(i.acceptedAt) : { text: "outstanding", badge: "#c92a2a" },
      i.acceptedVersion ? String(i.acceptedVersion) : "",
      i.ip ? `${i.ip}${i.userAgent ? `\n${i.userAgent.slice(0, 60)}` : ""}` : "",
    ]),
  );
  return pdf.finish();
}

export interface PersonAcceptancesExport {
  fullName: string;
  accepted: number;
  outstanding: number;
  overdue: number;
  items: (AcceptanceCells & { title: string; requestedVersion: number; current: boolean; state: string })[];
}

const PERSON_CSV_COLUMNS = [
  "policy",
  "requested_version",
  "required_now",
  "state",
  "requested_at",
  "due_date",
  "accepted_at",
  "accepted_version",
  "ip",
  "user_agent",
];

/** One person's acceptance requests as CSV: one row per policy version they were asked to accept. */
export function personAcceptancesCsv(p: PersonAcceptancesExport): string {
  return [
    csvLine(PERSON_CSV_COLUMNS),
    ...p.items.map((i) =>
      csvLine([i.title, i.requestedVersion, i.current ? "yes" : "no", i.state, ...acceptanceCells(i)]),
    ),
  ].join("");
}

const STATE_BADGES: Record<string, { text: string; badge: string } | string> = {
  overdue: { text: "overdue", badge: "#c92a2a" },
  outstanding: { text: "outstanding", badge: "#e67700" },
  superseded: "superseded",
};

/** One person's acceptance record as an A4 PDF: what they accepted, when and from where, and what they owe. */
export async function personAcceptancesPdf(
  p: PersonAcceptancesExport & { organization: string; logo?: Buffer | null },
): Promise<Buffer> {
  const pdf = createPdf({ title: `${p.fullName}: policy acceptances`, organization: p.organization, logo: p.logo });
  pdf.heading(`${p.fullName}: policy acceptances`);
  pdf.stats([
    { label: "Accepted", value: p.accepted },
    { label: "Outstanding", value: p.outstanding },
    { label: "Overdue", value: p.overdue },
  ]);
  pdf.table(
    [
      { header: "Policy", width: 3 },
      { header: "Version", width: 1, align: "right" },
      { header: "Due", width: 1.5 },
      { header: "Accepted", width: 2.2 },
      { header: "From", width: 2.5 },
    ],
    p.items.map((i) => [
      i.current ? i.title : `${i.title}\n(earlier version)`,
      String(i.requestedVersion),
      i.dueDate,
      i.acceptedAt ? pdfDateTime(i.acceptedAt) : (STATE_BADGES[i.state] ?? i.state),
      i.ip ? `${i.ip}${i.userAgent ? `\n${i.userAgent.slice(0, 60)}` : ""}` : "",
    ]),
  );
  return pdf.finish();
}
