import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectAll, testEnvironment } from "../testing.ts";
import { ConnectorError } from "../types.ts";
import { peopleCsvConfig, peopleCsvConnector, readPeople } from "./connector.ts";
import { CsvSyntaxError, parseCsv } from "./csv.ts";

const TODAY = "2027-06-01";

describe("CSV reader", () => {
  it("reads quotes, doubled quotes, line breaks inside fields and CRLF, with each record's first line", () => {
    const recs = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\n\n"last",\n');
    expect(recs).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 3, fields: ["multi\nline", "z"] },
      { line: 6, fields: ["last", ""] },
    ]);
  });

  it("points at the line of a quote that is never closed, or text after a closing quote", () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(
      new CsvSyntaxError(2, 'a quoted field is never closed (missing ")'),
    );
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/line 2: text after a closing quote/);
  });
});

describe("people from CSV", () => {
  it("validates row by row, with line numbers, and keeps the good rows", () => {
    const csv = [
      "Name,E-mail,Dept,Manager,Start Date,End Date,Location",
      "Ada Lovelace,ADA@example.test,Engineering,,2020-01-06,,London",
      "Grace Hopper,grace@example.test,Engineering,Ada Lovelace,2021-03-01,,NYC",
      ",nobody@example.test,Sales,,,,",
      "Dup,ada@example.test,Sales,,,,",
      '"Bad, Dates",bad@example.test,Sales,,2020-02-30,2019-01-01,',
      '"Multi',
      'line",multi@example.test,Sales,,2021-01-01,2022-01-01,',
      "Short,row@example.test",
      "Later,later@example.test,Ops,grace@example.test,2030-01-01,,",
      "Gone,gone@example.test,Ops,someone@elsewhere.test,2019-01-01,2026-12-31,",
    ].join("\n");
    const { people, errors, rows } = readPeople(csv, TODAY);
    expect(rows).toBe(9);
    expect(errors).toEqual([
      "line 4: name is empty",
      "line 5: ada@example.test is already on line 2",
      'line 6: start_date "2020-02-30" is not a date like 2027-01-31',
      "line 9: has 2 fields, the header has 7",
    ]);
    const byEmail = Object.fromEntries(people.map((p) => [p.externalId, p.attributes]));
    expect(Object.keys(byEmail).sort()).toEqual([
      "ada@example.test",
      "gone@example.test",
      "grace@example.test",
      "later@example.test",
      "multi@example.test",
    ]);
    expect(byEmail["grace@example.test"]).toMatchObject({
      manager_email: "ada@example.test",
      manager_known: true,
      status: "active",
      department: "Engineering",
      extra: { location: "NYC" },
      line: 3,
    });
    expect(byEmail["multi@example.test"]).toMatchObject({ status: "departed", line: 7, name: "Multi\nline" });
    expect(byEmail["later@example.test"]).toMatchObject({ status: "future" });
    expect(byEmail["gone@example.test"]).toMatchObject({ status: "departed", manager_known: false });
    const test = peopleCsvConnector.tests[0]!;
    const get = (e: string) => people.find((p) => p.externalId === e)!;
    expect(test.evaluate(get("ada@example.test"), { config: {} }).status).toBe("fail");
    expect(test.evaluate(get("grace@example.test"), { config: {} }).status).toBe("pass");
    expect(test.evaluate(get("gone@example.test"), { config: {} }).status).toBe("not_applicable");
  });

  it("rejects files without the required columns, or empty ones, with what to do", () => {
    expect(() => readPeople("full_name,dept\nAda,Eng\n")).toThrow(ConnectorError);
    expect(() => readPeople("full_name,dept\nAda,Eng\n")).toThrow(/header \(line 1\) has no email column/);
    expect(() => readPeople("")).toThrow(/empty/);
    expect(() => readPeople('name,email\n"Ada,ada@x.test\n')).toThrow(/line 2: a quoted field is never closed/);
  });

  it("collects people from a file on the server as a partial sync when rows are bad", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-people-"));
    const file = path.join(dir, "people.csv");
    fs.writeFileSync(file, "name,email\nAda,ada@example.test\nBob,not-an-email\n");
    try {
      const { resources, warnings } = await collectAll(
        peopleCsvConnector,
        { path: file },
        {},
        testEnvironment({ localPaths: dir }),
      );
      expect(resources.map((r) => r.externalId)).toEqual(["ada@example.test"]);
      expect(warnings).toEqual(['line 3: "not-an-email" is not an email address']);
      const refused = await peopleCsvConnector.testConnection(
        peopleCsvConfig.parse({ path: file }),
        {},
        testEnvironment({ localPaths: "/srv/hr" }),
      );
      expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/cannot be read/) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
