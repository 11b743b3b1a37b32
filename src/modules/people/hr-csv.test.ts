import { describe, expect, it } from "vitest";
import { parseHrCsv } from "./hr-csv.ts";

describe("HR CSV parser", () => {
  it("reads common header spellings, first and last names, kinds and statuses", () => {
    const { rows, fileErrors } = parseHrCsv(
      "\uFEFFWork Email,First Name,Last Name,Employee Type,Employment Status,Position,Dept,Reports To,Hire Date,Last Day\n" +
        "ADA@Example.test,Ada,Lovelace,Full-time,Terminated,Engineer,R&D,boss@example.test,2026-01-05,2026-06-30T17:00:00Z\n",
    );
    expect(fileErrors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        email: "ada@example.test",
        fullName: "Ada Lovelace",
        kind: "employee",
        status: "left",
        title: "Engineer",
        department: "R&D",
        managerEmail: "boss@example.test",
        startDate: "2026-01-05",
        endDate: "2026-06-30",
        errors: [],
      },
    ]);
  });

  it("reports each row's problems with its line, skipping blank lines", () => {
    const { rows } = parseHrCsv(
      [
        "email,name,kind,status,start date,end date,manager",
        "",
        "not-an-email,Bob,robot,retired,2026-02-30,,",
        "carl@example.test,,employee,active,2026-05-01,2026-04-01,carl@example.test",
        "dora@example.test,Dora",
      ].join("\n"),
    );
    expect(rows.map((r) => [r.line, r.errors])).toEqual([
      [
        3,
        [
          'Line 3: "not-an-email" is not an email address.',
          'Line 3: the kind "robot" is not employee or contractor.',
          'Line 3: the status "retired" is not onboarding, active, on leave or left.',
          'Line 3: the start date "2026-02-30" is not a date like 2027-01-31.',
        ],
      ],
      [
        4,
        [
          "Line 4: the name is empty.",
          "Line 4: the end date 2026-04-01 is before the start date 2026-05-01.",
          "Line 4: a person cannot be their own manager.",
        ],
      ],
      [5, ["Line 5: it has 2 fields where the header has 7."]],
    ]);
  });

  it("refuses a file without an email or name column, or with an unclosed quote", () => {
    expect(parseHrCsv("name\nAda\n").fileErrors).toEqual([
      'The header has no email column (e.g. "email" or "Work Email").',
    ]);
    expect(parseHrCsv("email\na@b.test\n").fileErrors[0]).toContain("no name column");
    expect(parseHrCsv('email,name\n"a@b.test,Ada\n').fileErrors[0]).toMatch(/^Line 2: Quote Not Closed/);
    expect(parseHrCsv("").fileErrors).toEqual(["The file has no header row."]);
  });
});
