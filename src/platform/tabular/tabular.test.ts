import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cell, checkTable, previewTable, readTable, resolveColumns, type TableRow } from "./index.ts";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name));

async function readAll(input: Buffer | Readable, options = {}) {
  const table = await readTable(input, options);
  const rows: TableRow[] = [];
  for await (const r of table.rows) rows.push(r);
  return { ...table, rows };
}

const PEOPLE_ROWS = [
  {
    line: 2,
    cells: {
      email: "ada@example.test",
      "full name": "Ada Lovelace",
      "start date": "2024-01-15",
      department: "Engineering",
    },
    issues: [],
  },
  {
    line: 3,
    cells: {
      email: "rene@example.test",
      "full name": "René Müller",
      "start date": "2024-02-01",
      department: "Ventes €",
    },
    issues: [],
  },
];

describe("reading CSV in its encoding", () => {
  it.each([
    ["utf8.csv", "utf-8"],
    ["utf8-bom.csv", "utf-8"],
    ["utf16le.txt", "utf-16le"],
    ["windows-1252.csv", "windows-1252"],
  ])("%s is read as %s, with the same cells", async (name, encoding) => {
    const t = await readAll(fixture(name));
    expect(t).toMatchObject({ format: "csv", encoding, headerLine: 1 });
    expect(t.headers).toEqual(["email", "full name", "start date", "department"]);
    expect(t.rows).toEqual(PEOPLE_ROWS);
    // Only a guessed encoding is mentioned.
    expect(t.notes.length).toBe(encoding === "windows-1252" ? 1 : 0);
  });

  it("reads a stream the same as a buffer, in small chunks split inside characters", async () => {
    const bytes = fixture("utf8-bom.csv");
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    expect((await readAll(Readable.from(chunks))).rows).toEqual(PEOPLE_ROWS);
  });

  it("reports invalid UTF-8 after the sample with its line instead of turning it into U+FFFD", async () => {
    await expect(readAll(fixture("mixed-encoding.csv"))).rejects.toThrow(
      /^Line 3002 is not valid UTF-8 \(the file mixes text encodings\)/,
    );
  });
});

describe("reading CSV records", () => {
  it("gives each record the line it starts on, across quoted line breaks, CRLF and blank lines", async () => {
    const t = await readAll(fixture("quoted-newlines.csv"));
    expect(t.rows.map((r) => [r.line, r.cells.notes])).toEqual([
      [2, "first line\nsecond line\nthird line"],
      [5, ""],
      [7, "one\ntwo"],
      [9, "last"],
    ]);
    expect(t.rows[1]!.cells["full name"]).toBe('Bob "The Builder"');
  });

  it("flags ragged rows, but not trailing empty cells", async () => {
    const t = await readAll(fixture("ragged.csv"));
    expect(t.rows.map((r) => [r.line, r.issues])).toEqual([
      [2, [{ message: "it has 2 cells where the header has 3." }]],
      [3, [{ message: "it has 4 cells where the header has 3." }]],
      [4, []],
    ]);
  });

  it("stops at an unclosed quote with the line it opens on", async () => {
    await expect(readAll(Buffer.from('email,name\r\nada@x.test,Ada\r\n"b@x.test,Bob\r\n'))).rejects.toThrow(
      'Line 3: a quoted cell is never closed (a closing " is missing).',
    );
  });

  it("keeps a header named __proto__ as an ordinary cell", async () => {
    const t = await readAll(Buffer.from("__proto__,name\nx,Ada\n"));
    expect(Object.keys(t.rows[0]!.cells)).toEqual(["__proto__", "name"]);
    expect(Object.getOwnPropertyDescriptor(t.rows[0]!.cells, "__proto__")?.value).toBe("x");
  });

  it("uses the delimiter the header uses", async () => {
    const t = await readAll(Buffer.from("email;name\na@x.test;Ada, Countess\n"));
    expect(t.rows[0]!.cells).toEqual({ email: "a@x.test", name: "Ada, Countess" });
  });
});

describe("what is not a table", () => {
  it("refuses a PNG renamed .csv, an empty file and a header-only sheet by name", async () => {
    await expect(readTable(fixture("image.csv"), { filename: "people.csv" })).rejects.toThrow(
      "This file is not a CSV or an XLSX workbook (its content is a PNG image).",
    );
    await expect(readTable(Buffer.alloc(0))).rejects.toThrow("The file is empty.");
    await expect(readTable(Buffer.from("\n\n"))).rejects.toThrow("The file has no header row.");
  });

  it("refuses a truncated workbook clearly", async () => {
    await expect(readAll(fixture("truncated.xlsx"))).rejects.toThrow(
      /^The workbook cannot be read: it looks damaged or cut off \(.+\)\. Open it in Excel, save it again/,
    );
  });

  it("refuses files over the size limit while they stream in", async () => {
    const big = Readable.from(Array.from({ length: 100 }, () => Buffer.alloc(1024, "a\n")));
    await expect(readAll(big, { maxBytes: 50_000 })).rejects.toThrow(/larger than 49 KB/);
  });

  it("refuses a file of 50,001 rows, and reads one of 50,000", async () => {
    const file = (n: number) =>
      Buffer.from(`email,name\n${Array.from({ length: n }, (_, i) => `p${i}@example.test,P${i}`).join("\n")}\n`);
    await expect(readAll(file(50_001))).rejects.toThrow(
      "The file has more than 50,000 rows. Split it into files of at most 50,000 rows and import each.",
    );
    expect((await readAll(file(50_000))).rows.length).toBe(50_000);
  });
});

describe("reading XLSX", () => {
  it("reads the first tab (not the first part of the ZIP): dates, numbers, formulas, rich text, links", async () => {
    const t = await readAll(fixture("people.xlsx"));
    expect(t).toMatchObject({ format: "xlsx", encoding: null, sheet: "People", headerLine: 1 });
    expect(t.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(t.rows[0]!.cells).toEqual({
      "Work Email": "ada@example.test",
      "Full Name": "Ada Lovelace",
      "Start Date": "2024-01-15",
      "Salary band": "3",
      Score: "0.3",
      Active: "TRUE",
      Link: "profile",
      "Formula date": "2024-02-29",
    });
    expect(t.rows[1]!.cells).toMatchObject({ "Start Date": "2023-12-31T09:30:00", "Salary band": "1234567.5" });
    expect(t.rows[1]!.issues).toEqual([
      { header: "Score", message: "the formula's saved result is an Excel error (#N/A, #DIV/0!, …)" },
    ]);
  });

  it("reads a named sheet, and names the sheets when there is no such one", async () => {
    const t = await readAll(fixture("people.xlsx"), { sheet: "notes" });
    expect(t.headers).toEqual(["This sheet is not the people list"]);
    await expect(readTable(fixture("people.xlsx"), { sheet: "Staff" })).rejects.toThrow(
      "The workbook has no sheet named “Staff” (its sheets: ",
    );
  });
});

describe("headers", () => {
  const aliases = { email: ["email", "work email", "mail"], name: ["full name", "name"], first: ["first name"] };
  it("matches spellings without case or punctuation, and reports unknown, duplicate and missing columns", () => {
    const ok = resolveColumns(["Work E-mail", "FULL_NAME", "Location", ""], aliases, ["email", ["name", "first"]]);
    expect(ok.byField).toEqual({ email: "Work E-mail", name: "FULL_NAME" });
    expect(ok.fileErrors).toEqual([]);
    expect(ok.warnings).toEqual([
      "The column “Location” is not one this import reads.",
      "Column 4 has no header and is ignored.",
    ]);
    const bad = resolveColumns(["Email", "Mail", "x", "X"], aliases, ["email", ["name", "first"]]);
    expect(bad.fileErrors).toEqual([
      "The columns “Email” and “Mail” both give the email; keep one of them.",
      "The header “X” appears twice; rename or remove one of the columns.",
      "The header has no “full name” or “first name” column (also accepted: “name”).",
    ]);
  });
});

describe("validation and preview", () => {
  const spec = {
    aliases: {
      email: ["email", "work email"],
      name: ["full name", "name"],
      start: ["start date", "hire date"],
      notes: ["notes"],
      score: ["score"],
    },
    required: ["email", "name"] as const,
    schema: z
      .object({
        email: cell.email(),
        name: cell.text(20),
        start: cell.date().optional(),
        notes: z.string().optional(),
        score: z.string().optional(),
      })
      .refine((r) => !r.start || r.start >= "2000-01-01", {
        path: ["start"],
        message: "is before the company existed.",
      }),
  };

  it("gives each row its value or its errors with line and column, in sentences", async () => {
    const csv = [
      "Work Email,Name,Hire Date,Notes",
      "ADA@example.test,Ada,2024-01-15,",
      "bob,,31/02/2024,",
      "carl@example.test,Carl,1999-12-31,",
      "dora@example.test,Dora Who Has A Very Long Name,,",
      "eve@example.test,Eve,,a\u0000b",
    ].join("\n");
    const checked = await checkTable(Buffer.from(csv), spec);
    expect(checked.rows[0]).toMatchObject({
      line: 2,
      value: { email: "ada@example.test", name: "Ada", start: "2024-01-15" },
      errors: [],
    });
    expect(checked.rows.slice(1).map((r) => r.errors.map((e) => e.message))).toEqual([
      [
        "Line 3, Work Email: 'bob' is not an email address.",
        "Line 3, Name: is empty.",
        "Line 3, Hire Date: '31/02/2024' is not a date (use YYYY-MM-DD).",
      ],
      ["Line 4, Hire Date: is before the company existed."],
      ["Line 5, Name: is longer than 20 characters."],
      [
        "Line 6, Notes: the cell contains a NUL character (\\0), which cannot be stored. Remove it and upload the file again.",
      ],
    ]);
    expect(checked.rows[1]!.errors[2]).toMatchObject({ line: 3, column: "Hire Date" });
  });

  it("previews a real file: columns, first rows, counts, capped errors, file errors and warnings", async () => {
    const nul = await previewTable(fixture("nul.csv"), spec);
    expect(nul.counts).toEqual({ total: 2, valid: 1, invalid: 1 });
    expect(nul.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Line 2, full name: the cell contains a NUL/),
    ]);

    const many = Buffer.from(`email,name\n${Array.from({ length: 300 }, (_, i) => `bad${i},N`).join("\n")}`);
    const capped = await previewTable(many, spec, { rows: 5, errors: 10 });
    expect(capped.rows.length).toBe(5);
    expect(capped.errors.length).toBe(10);
    expect(capped.errorCount).toBe(300);
    expect(capped.counts).toEqual({ total: 300, valid: 0, invalid: 300 });

    const xlsx = await previewTable(fixture("people.xlsx"), spec);
    expect(xlsx).toMatchObject({ format: "xlsx", sheet: "People", fileErrors: [] });
    expect(xlsx.columns.slice(0, 3)).toEqual([
      { header: "Work Email", field: "email" },
      { header: "Full Name", field: "name" },
      { header: "Start Date", field: "start" },
    ]);
    // The Excel error is in a column the import reads; the same error in a column it ignores would not count.
    const ignoredSpec: typeof spec = { ...spec, aliases: { ...spec.aliases, score: ["points"] } };
    const ignored = await previewTable(fixture("people.xlsx"), ignoredSpec);
    expect(ignored.errorCount).toBe(0);
    expect(xlsx.warnings[0]).toContain("“Salary band”, “Active”, “Link”, “Formula date” are not ones");
    expect(xlsx.errors.map((e) => e.message)).toEqual([
      "Line 4, Score: the formula's saved result is an Excel error (#N/A, #DIV/0!, …)",
    ]);

    expect((await previewTable(fixture("image.csv"), spec)).fileErrors).toEqual([
      "This file is not a CSV or an XLSX workbook (its content is a PNG image).",
    ]);
    expect((await previewTable(Buffer.from("email,name\n"), spec)).fileErrors).toEqual([
      "The file has a header but no rows.",
    ]);
    expect((await previewTable(Buffer.from("name\nAda\n"), spec)).fileErrors).toEqual([
      "The header has no “email” column (also accepted: “work email”).",
    ]);
  });
});
