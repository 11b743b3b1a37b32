import { describe, expect, it } from "vitest";
import { checkTable } from "../../platform/tabular/index.ts";
import { hrTable } from "./hr-csv.ts";

const check = (csv: string) => checkTable(Buffer.from(csv), hrTable);

describe("HR rows", () => {
  it("reads common header spellings, first and last names, kinds and statuses", async () => {
    const { rows, fileErrors } = await check(
      "\uFEFFWork Email,First Name,Last Name,Employee Type,Employment Status,Position,Dept,Reports To,Hire Date,Last Day\n" +
        "ADA@Example.test,Ada,Lovelace,Full-time,Terminated,Engineer,R&D,boss@example.test,2026-01-05,2026-06-30T17:00:00Z\n",
    );
    expect(fileErrors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        cells: expect.any(Object),
        value: {
          email: "ada@example.test",
          fullName: "Ada Lovelace",
          kind: "employee",
          status: "left",
          title: "Engineer",
          department: "R&D",
          managerEmail: "boss@example.test",
          startDate: "2026-01-05",
          endDate: "2026-06-30",
        },
        errors: [],
      },
    ]);
  });

  it("reports each row's problems with its line and column, skipping blank lines", async () => {
    const { rows } = await check(
      [
        "email,name,kind,status,start date,end date,manager",
        "",
        "not-an-email,Bob,robot,retired,2026-02-30,,",
        "carl@example.test,,employee,active,2026-05-01,2026-04-01,carl@example.test",
        "dora@example.test,Dora",
      ].join("\n"),
    );
    expect(rows.map((r) => [r.line, r.errors.map((e) => e.message)])).toEqual([
      [
        3,
        [
          "Line 3, email: 'not-an-email' is not an email address.",
          "Line 3, kind: 'robot' is not employee or contractor.",
          "Line 3, status: 'retired' is not onboarding, active, on leave or left.",
          "Line 3, start date: '2026-02-30' is not a date (use YYYY-MM-DD).",
        ],
      ],
      [
        4,
        [
          "Line 4, name: is empty.",
          "Line 4, end date: 2026-04-01 is before the start date 2026-05-01.",
          "Line 4, manager: a person cannot be their own manager.",
        ],
      ],
      [5, ["Line 5: it has 2 cells where the header has 7."]],
    ]);
  });

  it("refuses a file without an email or name column, or with an unclosed quote", async () => {
    expect((await check("name\nAda\n")).fileErrors).toEqual([
      "The header has no “email” column (also accepted: “email address”, “work email”).",
    ]);
    expect((await check("email\na@b.test\n")).fileErrors[0]).toMatch(/no “full name” or “first name” column/);
    expect((await check('email,name\n"a@b.test,Ada\n')).fileErrors[0]).toMatch(
      /^Line 2: a quoted cell is never closed/,
    );
    expect((await check("\n")).fileErrors).toEqual(["The file has no header row."]);
  });
});
