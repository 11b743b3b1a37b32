import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readFindings } from "./read.ts";

describe("a report that ends inside a UTF-8 character", () => {
  it("is refused as not UTF-8 (400), never a crash", async () => {
    const read = async () => {
      for await (const _ of readFindings(Readable.from([Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3])])))
        void _;
    };
    await expect(read()).rejects.toMatchObject({ name: "ReportError", code: "scanner_report_encoding", status: 400 });
  });
});
