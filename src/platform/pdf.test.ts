import { describe, expect, it } from "vitest";
import { pdfPageLines } from "../modules/remediation/testing.ts";
import { createPdf } from "./pdf.ts";

/** A4 is 841.89 pt high and the bottom margin 60 pt: the y at which `room` points are left on the page. */
const yWithRoom = (room: number) => 841.89 - 60 - room;
const LONG =
  "Every administrator signs in with a hardware key, the identity provider refuses passwords alone, and the " +
  "monthly credential report is reviewed by security. ".repeat(6);

/** The page (0-based) a line containing `text` is drawn on; -1: nowhere. */
const pageOf = (pages: string[][], text: string) => pages.findIndex((lines) => lines.some((l) => l.includes(text)));

async function render(draw: (pdf: ReturnType<typeof createPdf>) => void) {
  const pdf = createPdf({ title: "Keep with next", organization: "Test Co", generatedAt: new Date(0) });
  pdf.paragraph("Filler at the top of the first page.");
  draw(pdf);
  return pdfPageLines(await pdf.finish());
}

describe("PDF writer: headings keep with what follows", () => {
  // Whatever room is left at the bottom of a page, a heading is followed on its page by a few lines of its text,
  // or it starts the next page.
  for (const room of [40, 60, 75, 80, 90, 100, 120])
    it(`a section heading with ${room} pt left is not stranded`, async () => {
      const pages = await render((pdf) => {
        pdf.doc.y = yWithRoom(room);
        pdf.heading("Plan overview");
        pdf.paragraph(LONG);
      });
      const at = pageOf(pages, "Plan overview");
      expect(at).toBeGreaterThanOrEqual(0);
      const textLines = pages[at]!.filter((l) => LONG.includes(l.trim()) && l.trim().length > 10);
      expect(textLines.length, `lines of text under the heading on its page (${room} pt left)`).toBeGreaterThanOrEqual(
        4,
      );
    });

  for (const room of [60, 72, 80, 95])
    it(`a block heading with ${room} pt left stays with the table under it`, async () => {
      const pages = await render((pdf) => {
        pdf.doc.y = yWithRoom(room);
        pdf.heading("Items by priority and status", 2);
        pdf.table(
          [
            { header: "Priority column", width: 2 },
            { header: "Open", width: 1 },
          ],
          [
            ["Critical", "1"],
            ["High", "2"],
          ],
        );
      });
      expect(pageOf(pages, "Items by priority and status")).toBe(pageOf(pages, "Priority column"));
      expect(pageOf(pages, "Priority column")).toBe(pageOf(pages, "Critical"));
    });

  it("a heading at the top of a page is drawn there, and a short document stays on one page", async () => {
    const pages = await render((pdf) => {
      pdf.heading("At a glance", 2, { keep: 70 });
      pdf.stats([{ label: "Items", value: 3 }]);
    });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.some((l) => l.includes("Page 1 of 1"))).toBe(true);
  });

  it("a heading with its stat tiles moves to the next page when the tiles do not fit under it", async () => {
    const pages = await render((pdf) => {
      pdf.doc.y = yWithRoom(85);
      pdf.heading("At a glance", 2, { keep: 70 });
      pdf.stats([{ label: "Items in this plan", value: 3 }]);
    });
    expect(pages).toHaveLength(2);
    expect(pageOf(pages, "At a glance")).toBe(1);
    expect(pageOf(pages, "Items in this plan")).toBe(1);
    expect(pages[1]!.some((l) => l.includes("Page 2 of 2"))).toBe(true);
  });
});
