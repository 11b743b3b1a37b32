import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import type PDFKitDocument from "pdfkit";

/**
 * A small report writer on pdfkit (pure JS, standard Helvetica, A4): a title page, a running header and a
 * "Page n of m" footer on every page, headings, paragraphs, key–value blocks, stat tiles, simple tables with
 * repeated header rows, and coloured badges. Reports (remediation plan, readiness, audit packages) share it so
 * they look alike.
 */

export const PDF_COLORS = {
  text: "#1f2933",
  muted: "#5f6b7a",
  faint: "#8a94a3",
  rule: "#d9dee5",
  accent: "#364fc7",
  headerFill: "#eef1f5",
  zebra: "#f8f9fb",
  tile: "#f4f6f9",
} as const;

const FONT = "Helvetica";
const BOLD = "Helvetica-Bold";
const MARGIN = { top: 64, bottom: 60, left: 50, right: 50 };

export interface PdfOptions {
  /** Document title: the running header and the PDF's metadata. */
  title: string;
  /** The organization the report is about (running header). */
  organization: string;
  generatedAt?: Date;
  /** Deflate content streams (default true). */
  compress?: boolean;
  /** The organization's logo (PNG or JPEG bytes checked with pdfImageSize): beside its name on the title page and in the running header. */
  logo?: Buffer | null;
}

/** A table cell: text, or text drawn as a coloured badge / in a colour / bold. */
export type PdfCell = string | { text: string; badge?: string; color?: string; bold?: boolean };
export interface PdfColumn {
  header: string;
  /** Relative width: the columns share the content width in proportion. */
  width: number;
  align?: "left" | "center" | "right";
}

// Standard PDF fonts only encode Windows-1252: map common typography, replace anything else.
const REPLACEMENTS: Record<string, string> = {
  "→": "->",
  "←": "<-",
  "≥": ">=",
  "≤": "<=",
  "✓": "v",
  "✗": "x",
  "−": "-",
  "\u00a0": " ",
  "\t": "    ",
};
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the standard fonts can draw: Windows-1252 characters kept, common symbols spelled out, others as "?". */
export function pdfText(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFC")) {
    const code = ch.codePointAt(0)!;
    if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else if (ch === "\n" || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch))
      out += ch;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += "";
    else out += "?";
  }
  return out;
}

export const pdfDate = (d: Date) => d.toISOString().slice(0, 10);
export const pdfDateTime = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

let pdfkit: typeof PDFKitDocument | undefined;
// pdfkit and its fonts (~8 MB of heap) load with the first report, not at start.
/** pdfkit's openImage (not in its type declarations): the image parsed once, embedded on first use. */
type Openable = { openImage(src: Buffer): { width: number; height: number; imgData?: Uint8Array } };
const loadPdfkit = () => (pdfkit ??= createRequire(import.meta.url)("pdfkit") as typeof PDFKitDocument);

/**
 * The pixel size of a PNG or JPEG as pdfkit reads it, or null when pdfkit cannot draw it (a broken header, a PNG
 * whose compressed pixel data does not inflate, an unsupported variant). Upload checks use it so that every stored
 * image can be drawn on a report later.
 */
export function pdfImageSize(bytes: Buffer): { width: number; height: number } | null {
  try {
    const doc = new (loadPdfkit())({ autoFirstPage: false });
    const image = (doc as unknown as Openable).openImage(bytes);
    if (image.imgData && !(bytes[0] === 0xff && bytes[1] === 0xd8)) inflateSync(image.imgData);
    if (!(image.width > 0 && image.height > 0 && image.width <= 10000 && image.height <= 10000)) return null;
    return { width: image.width, height: image.height };
  } catch {
    return null;
  }
}

export function createPdf(opts: PdfOptions) {
  const generatedAt = opts.generatedAt ?? new Date();
  const PDFDocument = loadPdfkit();
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    compress: opts.compress ?? true,
    info: {
      Title: pdfText(opts.title),
      Author: pdfText(opts.organization),
      Creator: "Assay",
      CreationDate: generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  // Opened once so that every page refers to the same embedded image.
  const logo = opts.logo ? ((doc as unknown as Openable).openImage(opts.logo) as unknown as Buffer) : null;
  const left = MARGIN.left;
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const bottom = () => doc.page.height - MARGIN.bottom;
  let hasTitlePage = false;

  const font = (bold: boolean, size: number, color: string = PDF_COLORS.text) =>
    doc
      .font(bold ? BOLD : FONT)
      .fontSize(size)
      .fillColor(color);

  /** Starts a new page when fewer than `height` points are left on this one. */
  function ensureSpace(height: number) {
    if (doc.y + height > bottom()) doc.addPage();
  }

  function badge(text: string, fill: string, x: number, y: number, align: "left" | "center" | "right", w: number) {
    const label = pdfText(text);
    font(true, 7.5, "#ffffff");
    const bw = doc.widthOfString(label) + 10;
    const bx = align === "right" ? x + w - bw : align === "center" ? x + (w - bw) / 2 : x;
    doc.roundedRect(bx, y, bw, 12, 3).fill(fill);
    font(true, 7.5, "#ffffff").text(label, bx + 5, y + 2.6, { lineBreak: false });
    return bw;
  }

  const writer = {
    doc,
    width,
    left,
    ensureSpace,

    /** The first page: a coloured band, a kicker line, the title, a subtitle and a block of facts. */
    titlePage(t: { kicker: string; title: string; subtitle?: string; facts?: readonly (readonly [string, string])[] }) {
      hasTitlePage = true;
      doc.rect(0, 0, doc.page.width, 10).fill(PDF_COLORS.accent);
      // The logo sits above the kicker (the organization's name), at most 160 x 56 points.
      if (logo) doc.image(logo, left, 80, { fit: [160, 56] });
      doc.y = 150;
      font(true, 10, PDF_COLORS.accent).text(pdfText(t.kicker.toUpperCase()), left, doc.y, {
        width,
        characterSpacing: 1.5,
      });
      doc.moveDown(0.6);
      font(true, 26).text(pdfText(t.title), left, doc.y, { width, lineGap: 2 });
      if (t.subtitle) {
        doc.moveDown(0.3);
        font(false, 14, PDF_COLORS.muted).text(pdfText(t.subtitle), left, doc.y, { width });
      }
      doc.moveDown(1.2);
      doc
        .moveTo(left, doc.y)
        .lineTo(left + 60, doc.y)
        .lineWidth(2)
        .stroke(PDF_COLORS.accent);
      doc.moveDown(1.2);
      if (t.facts?.length) writer.keyValues(t.facts, { labelWidth: 110, size: 10 });
      doc.moveDown(1.5);
    },

    /**
     * Level 1 starts a section (with a rule); level 2 titles a block inside it. A heading keeps with what follows:
     * when the heading and `keep` points after it (default: four lines of text) do not fit on this page, it starts
     * the next one, so a heading is never left alone at the bottom of a page.
     */
    heading(text: string, level: 1 | 2 = 1, o: { keep?: number } = {}) {
      const size = level === 1 ? 15 : 11.5;
      const label = pdfText(text);
      font(false, 9.5);
      const keep = o.keep ?? 4 * (doc.currentLineHeight(true) + 1.5);
      // The spacing above is the moveDown in the current font, which is what is set before it is taken.
      const gap = (level === 1 ? 1 : 0.6) * doc.currentLineHeight(true);
      font(true, size);
      const after = level === 1 ? 11 : 0.3 * doc.currentLineHeight(true);
      const own = doc.heightOfString(label, { width }) + after;
      if (doc.y > MARGIN.top + 1 && doc.y + gap + own + keep > bottom()) doc.addPage();
      else if (doc.y > MARGIN.top + 1) doc.y += gap;
      font(true, size).text(label, left, doc.y, { width });
      if (level === 1) {
        const y = doc.y + 3;
        doc
          .moveTo(left, y)
          .lineTo(left + width, y)
          .lineWidth(0.75)
          .stroke(PDF_COLORS.rule);
        doc.y = y + 8;
      } else doc.moveDown(0.3);
    },

    paragraph(text: string, o: { muted?: boolean; size?: number } = {}) {
      font(false, o.size ?? 9.5, o.muted ? PDF_COLORS.muted : PDF_COLORS.text).text(pdfText(text), left, doc.y, {
        width,
        lineGap: 1.5,
      });
      doc.moveDown(0.5);
    },

    /** The height keyValues will take for these rows (to keep a short block on one page). */
    measureKeyValues(rows: readonly (readonly [string, string])[], o: { labelWidth?: number; size?: number } = {}) {
      const size = o.size ?? 9;
      const valueWidth = width - (o.labelWidth ?? 105);
      font(false, size);
      return rows.reduce(
        (sum, [, raw]) =>
          sum + Math.max(doc.heightOfString(pdfText(raw || "-"), { width: valueWidth, lineGap: 1 }), size + 2) + 4,
        0,
      );
    },

    /** True right after a page break (nothing drawn on this page yet). */
    atPageTop: () => doc.y <= MARGIN.top + 1,

    /** Starts a new page unless `height` fits here, when it would fit on an empty page (a block kept together). */
    keepTogether(height: number) {
      if (height <= bottom() - MARGIN.top) ensureSpace(height);
    },

    /** Label / value rows. A long value that does not fit flows on to the next page in its column. */
    keyValues(rows: readonly (readonly [string, string])[], o: { labelWidth?: number; size?: number } = {}) {
      const size = o.size ?? 9;
      const labelWidth = o.labelWidth ?? 105;
      const valueWidth = width - labelWidth;
      for (const [label, raw] of rows) {
        const value = pdfText(raw || "-");
        font(false, size);
        const h = Math.max(doc.heightOfString(value, { width: valueWidth, lineGap: 1 }), size + 2);
        const room = bottom() - doc.y;
        // Short rows move to the next page whole; long ones start here (if a few lines fit) and flow on.
        if (h + 4 > room && (h <= 120 || room < size * 5)) doc.addPage();
        const page = doc.page;
        const y = doc.y;
        font(true, size - 0.5, PDF_COLORS.muted).text(pdfText(label), left, y + 0.5, { width: labelWidth - 10 });
        font(false, size).text(value, left + labelWidth, y, { width: valueWidth, lineGap: 1 });
        doc.y = (doc.page === page ? Math.max(doc.y, y + h) : doc.y) + 4;
      }
      doc.x = left;
    },

    /** A row of figure tiles ("12 open", "3 overdue"). */
    stats(tiles: readonly { label: string; value: string | number; color?: string }[]) {
      const gap = 10;
      const h = 56;
      const w = (width - gap * (tiles.length - 1)) / tiles.length;
      ensureSpace(h + 10);
      const y = doc.y;
      tiles.forEach((tile, i) => {
        const x = left + i * (w + gap);
        doc.roundedRect(x, y, w, h, 4).fill(PDF_COLORS.tile);
        doc.rect(x, y, 3, h).fill(tile.color ?? PDF_COLORS.accent);
        font(true, 20, tile.color ?? PDF_COLORS.text).text(String(tile.value), x + 12, y + 10, {
          width: w - 18,
          lineBreak: false,
        });
        font(false, 8, PDF_COLORS.muted).text(pdfText(tile.label), x + 12, y + 36, { width: w - 18, lineBreak: false });
      });
      doc.y = y + h + 12;
      doc.x = left;
    },

    /** A table with a shaded header row (repeated on each new page), zebra rows and wrapped cells. */
    table(columns: readonly PdfColumn[], rows: readonly (readonly PdfCell[])[], o: { size?: number } = {}) {
      const size = o.size ?? 8.5;
      const pad = 4;
      const total = columns.reduce((s, c) => s + c.width, 0);
      const widths = columns.map((c) => (c.width / total) * width);
      const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((s, w) => s + w, 0));
      const cellText = (c: PdfCell) => pdfText(typeof c === "string" ? c : c.text);

      const header = () => {
        font(true, size - 0.5);
        const h = Math.max(
          ...columns.map((c, i) => doc.heightOfString(pdfText(c.header), { width: widths[i]! - 2 * pad })),
        );
        const y = doc.y;
        doc.rect(left, y, width, h + 2 * pad).fill(PDF_COLORS.headerFill);
        for (const [i, c] of columns.entries())
          font(true, size - 0.5, PDF_COLORS.muted).text(pdfText(c.header), xs[i]! + pad, y + pad, {
            width: widths[i]! - 2 * pad,
            align: c.align ?? "left",
          });
        doc.y = y + h + 2 * pad;
      };

      const rowHeight = (row: readonly PdfCell[]) => {
        const heights = row.map((c, i) => {
          if (typeof c !== "string" && c.badge) return 12;
          font(typeof c !== "string" && !!c.bold, size);
          return doc.heightOfString(cellText(c), { width: widths[i]! - 2 * pad });
        });
        return Math.max(...heights, size) + 2 * pad;
      };
      // The header row never stays alone at the bottom of a page: its first row (up to 120 pt of it) comes along.
      font(true, size - 0.5);
      const headerHeight =
        Math.max(...columns.map((c, i) => doc.heightOfString(pdfText(c.header), { width: widths[i]! - 2 * pad }))) +
        2 * pad;
      ensureSpace(headerHeight + (rows[0] ? Math.min(rowHeight(rows[0]), 120) : 0));
      header();
      rows.forEach((row, r) => {
        const h = rowHeight(row);
        if (doc.y + h > bottom()) {
          doc.addPage();
          header();
        }
        const y = doc.y;
        if (r % 2 === 1) doc.rect(left, y, width, h).fill(PDF_COLORS.zebra);
        row.forEach((c, i) => {
          const col = columns[i]!;
          const x = xs[i]! + pad;
          const w = widths[i]! - 2 * pad;
          if (typeof c !== "string" && c.badge) badge(c.text, c.badge, x, y + pad - 1, col.align ?? "left", w);
          else
            font(typeof c !== "string" && !!c.bold, size, (typeof c !== "string" && c.color) || PDF_COLORS.text).text(
              cellText(c),
              x,
              y + pad,
              { width: w, align: col.align ?? "left" },
            );
        });
        doc
          .moveTo(left, y + h)
          .lineTo(left + width, y + h)
          .lineWidth(0.5)
          .stroke(PDF_COLORS.rule);
        doc.y = y + h;
      });
      doc.x = left;
      doc.moveDown(0.8);
    },

    /** A title line with a badge at the right (e.g. an item and its priority). */
    titleWithBadge(title: string, badgeText: string, fill: string) {
      font(true, 11.5);
      const text = pdfText(title);
      const h = doc.heightOfString(text, { width: width - 90 });
      ensureSpace(h + 80);
      const y = doc.y;
      font(true, 11.5).text(text, left, y, { width: width - 90 });
      badge(badgeText, fill, left + width - 90, y + 1, "right", 90);
      doc.y = Math.max(doc.y, y + h) + 3;
      doc.x = left;
    },

    /** Small coloured labels in a row. */
    badges(items: readonly { text: string; fill: string }[]) {
      ensureSpace(20);
      const y = doc.y;
      let x = left;
      for (const b of items) x += badge(b.text, b.fill, x, y, "left", width) + 6;
      doc.y = y + 17;
      doc.x = left;
    },

    rule() {
      doc.moveDown(0.4);
      doc
        .moveTo(left, doc.y)
        .lineTo(left + width, doc.y)
        .lineWidth(0.5)
        .stroke(PDF_COLORS.rule);
      doc.moveDown(0.8);
    },

    addPage() {
      doc.addPage();
    },

    /** Draws the running header and footer on every page, ends the document and returns its bytes. */
    async finish(): Promise<Buffer> {
      const range = doc.bufferedPageRange();
      const headerText = pdfText(`${opts.organization}  |  ${opts.title}`);
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        const saved = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        const h = doc.page.height;
        if (!(hasTitlePage && i === range.start)) {
          font(false, 7.5, PDF_COLORS.faint);
          let head = headerText;
          // A small logo (at most 48 x 16 points) before the organization's name.
          const logoWidth = logo ? 54 : 0;
          if (logo) doc.image(logo, left, 26, { fit: [48, 14] });
          const room = width * 0.72 - logoWidth;
          if (doc.widthOfString(head) > room) {
            while (head.length > 10 && doc.widthOfString(`${head}…`) > room) head = head.slice(0, -1);
            head = `${head.trimEnd()}…`;
          }
          font(false, 7.5, PDF_COLORS.faint).text(head, left + logoWidth, 32, { lineBreak: false });
          doc.text(`Generated ${pdfDateTime(generatedAt)}`, left, 32, { width, align: "right", lineBreak: false });
          doc
            .moveTo(left, 44)
            .lineTo(left + width, 44)
            .lineWidth(0.5)
            .stroke(PDF_COLORS.rule);
        }
        doc
          .moveTo(left, h - 42)
          .lineTo(left + width, h - 42)
          .lineWidth(0.5)
          .stroke(PDF_COLORS.rule);
        font(false, 7.5, PDF_COLORS.faint).text("Generated with Assay", left, h - 34, { lineBreak: false });
        doc.text(`Page ${i - range.start + 1} of ${range.count}`, left, h - 34, {
          width,
          align: "right",
          lineBreak: false,
        });
        doc.page.margins.bottom = saved;
      }
      doc.end();
      return ended;
    },
  };
  return writer;
}

export type PdfWriter = ReturnType<typeof createPdf>;
