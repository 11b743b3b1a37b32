import { Readable } from "node:stream";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { attachmentDisposition, safeFileName, sendCsv, sendDownload } from "./download.ts";

describe("downloads", () => {
  it("keeps a plain file name and defuses anything that could break out of the quotes", () => {
    expect(safeFileName("change-population-2026-05-01-to-2026-05-31.csv")).toBe(
      "change-population-2026-05-01-to-2026-05-31.csv",
    );
    expect(safeFileName("Certificate 2026_final.pdf")).toBe("Certificate 2026_final.pdf");
    expect(safeFileName('a"b\\c\r\nd;e.pdf')).toBe("a_b_c__d_e.pdf");
    expect(safeFileName("Zertifikat Müller.pdf")).toBe("Zertifikat M_ller.pdf");
    expect(safeFileName("")).toBe("download");
    expect(attachmentDisposition('x".csv')).toBe('attachment; filename="x_.csv"');
  });

  it("sends a CSV (text or a stream) and a file with their type, the attachment and no-store", async () => {
    const app = Fastify();
    app.get("/a.csv", (_req, reply) => sendCsv(reply, "risks.csv", "title\r\nA\r\n"));
    app.get("/b.csv", (_req, reply) => sendCsv(reply, 'odd"name.csv', Readable.from(["h\r\n", "1\r\n"])));
    app.get("/c.pdf", (_req, reply) => sendDownload(reply, "application/pdf", "report.pdf", Buffer.from("%PDF-")));
    const a = await app.inject("/a.csv");
    expect(a.headers).toMatchObject({
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="risks.csv"',
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    expect(a.body).toBe("title\r\nA\r\n");
    const b = await app.inject("/b.csv");
    expect(b.headers["content-disposition"]).toBe('attachment; filename="odd_name.csv"');
    expect(b.body).toBe("h\r\n1\r\n");
    const c = await app.inject("/c.pdf");
    expect(c.headers["content-type"]).toBe("application/pdf");
    expect(c.rawPayload.toString()).toBe("%PDF-");
    await app.close();
  });
});
