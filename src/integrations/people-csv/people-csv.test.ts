import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectAll, testEnvironment } from "../testing.ts";
import { ConnectorError } from "../types.ts";
import { peopleCsvConfig, peopleCsvConnector, readPeople } from "./connector.ts";

const TODAY = "2027-06-01";

describe("people from CSV", () => {
  it("validates row by row, with line numbers, and keeps the good rows", async () => {
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
    const { people, errors, rows } = await readPeople(csv, TODAY);
    expect(rows).toBe(9);
    expect(errors).toEqual([
      "Line 4, Name: is empty.",
      "Line 5, E-mail: ada@example.test is already on line 2.",
      "Line 6, Start Date: '2020-02-30' is not a date (use YYYY-MM-DD).",
      "Line 9: it has 2 cells where the header has 7.",
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

  it("rejects files without the required columns, or empty ones, with what to do", async () => {
    await expect(readPeople("full_name,dept\nAda,Eng\n")).rejects.toThrow(ConnectorError);
    await expect(readPeople("full_name,dept\nAda,Eng\n")).rejects.toThrow(/header has no “email” column/);
    await expect(readPeople("")).rejects.toThrow(/empty/);
    await expect(readPeople('name,email\n"Ada,ada@x.test\n')).rejects.toThrow(/Line 2: a quoted cell is never closed/);
  });

  it("reads an XLSX export from a file on the server", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-people-"));
    const file = path.join(dir, "people.xlsx");
    fs.copyFileSync(path.join(import.meta.dirname, "../../platform/tabular/fixtures/hr.xlsx"), file);
    try {
      const { resources, warnings } = await collectAll(
        peopleCsvConnector,
        { path: file },
        {},
        testEnvironment({ localPaths: dir }),
      );
      expect(warnings).toEqual([]);
      expect(resources.find((r) => r.externalId === "dev@example.test")?.attributes).toMatchObject({
        name: "Dev Eloper",
        start_date: "2026-01-05",
        manager_email: "boss@example.test",
        department: "Eng",
        extra: { employee_type: "Full-time" },
        line: 2,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
      expect(warnings).toEqual(["Line 3, email: 'not-an-email' is not an email address."]);
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
