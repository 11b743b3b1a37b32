/**
 * The HR import (CSV or XLSX, through kernel/http/import.ts): what each valid row would do (create, update,
 * unchanged, or skip a person entered by hand), the checks only the whole file and the directory show (an email
 * twice, a manager nobody knows), then the import of every row in one change.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { people } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import type { Review } from "../../kernel/http/import.ts";
import { type CheckedTable, type RowError, rowError } from "../../platform/tabular/index.ts";
import { createPerson, type PersonRow, updatePerson } from "./commands.ts";
import { HR_COLUMNS, type HrRow } from "./hr-csv.ts";

const ACTIONS = ["create", "update", "unchanged", "skip", "error"] as const;
type Action = (typeof ACTIONS)[number];

/** What the preview shows next to each row. */
export const importRowExtra = {
  email: z.string(),
  fullName: z.string(),
  action: z.enum(ACTIONS),
  /** Why a valid row is left as it is (a person entered by hand). */
  note: z.string().nullable(),
};
export const importSummary = z.object(
  Object.fromEntries(ACTIONS.map((a) => [a, z.number().int()])) as {
    [K in Action]: z.ZodNumber;
  },
);

type Extra = { email: string; fullName: string; action: Action; note: string | null };
type Checked = CheckedTable<keyof typeof HR_COLUMNS, HrRow>;
export interface HrReview extends Review<Extra, Record<Action, number>> {
  existing: Map<string, PersonRow>;
}

const FIELDS = ["fullName", "kind", "status", "title", "department", "startDate", "endDate"] as const;
const defaults = {
  kind: "employee",
  status: "active",
  title: null,
  department: null,
  startDate: null,
  endDate: null,
  fullName: "",
} as const;

export async function reviewImport(db: Db, organizationId: string, checked: Checked): Promise<HrReview> {
  const valid = checked.rows.flatMap((r) => (r.value ? [{ line: r.line, row: r.value }] : []));
  const emails = [...new Set(valid.flatMap(({ row }) => [row.email, ...(row.managerEmail ? [row.managerEmail] : [])]))];
  const existing = new Map(
    (emails.length
      ? await db
          .select()
          .from(people)
          .where(and(eq(people.organizationId, organizationId), inArray(sql`lower(${people.email})`, emails)))
      : []
    ).map((p) => [p.email.toLowerCase(), p]),
  );
  const errors: RowError[] = [];
  const extras = new Map<number, Extra>();
  const firstLine = new Map<string, number>();
  const column = (f: keyof typeof HR_COLUMNS) => checked.byField[f] ?? HR_COLUMNS[f][0];
  const failed = new Set(checked.rows.filter((r) => !r.value).map((r) => r.line));
  for (const { line, row } of valid) {
    const seen = firstLine.get(row.email);
    if (seen) {
      errors.push(rowError(line, `${row.email} is also on line ${seen}.`, column("email")));
      failed.add(line);
    } else firstLine.set(row.email, line);
  }
  // Managers must be in the file (on a valid row) or already in the directory.
  const inFile = new Set(valid.filter((v) => !failed.has(v.line)).map((v) => v.row.email));
  for (const { line, row } of valid) {
    const m = row.managerEmail;
    if (failed.has(line) || !m || inFile.has(m) || existing.has(m)) continue;
    errors.push(
      rowError(line, `${m} is neither in the directory nor a valid row of this file.`, column("managerEmail")),
    );
    failed.add(line);
  }
  const cellOf = (cells: Record<string, string>, f: "email" | "fullName") => {
    const header = checked.byField[f];
    return header ? (cells[header] ?? "").trim() : "";
  };
  for (const r of checked.rows) {
    const row = r.value;
    const person = row ? (existing.get(row.email) ?? null) : null;
    let action: Action;
    let note: string | null = null;
    if (!row || failed.has(r.line)) action = "error";
    else if (person?.source === "manual") {
      action = "skip";
      note = `${person.fullName} was entered by hand, so the import leaves them as they are.`;
    } else if (!person) action = "create";
    else {
      const differs = FIELDS.some((f) => (row[f] ?? defaults[f]) !== person[f]);
      const managerMoved = row.managerEmail !== null && existing.get(row.managerEmail)?.id !== person.managerId;
      action = differs || managerMoved ? "update" : "unchanged";
    }
    extras.set(r.line, {
      email: row?.email ?? cellOf(r.cells, "email").toLowerCase(),
      fullName: row?.fullName ?? cellOf(r.cells, "fullName"),
      action,
      note,
    });
  }
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const e of extras.values()) summary[e.action]++;
  return { errors, rows: extras, summary, existing };
}

/** Writes the rows: new people first (so managers exist), then updates and manager links. */
export async function applyImport(c: Change, rows: { line: number; value: HrRow }[], review: HrReview) {
  const ids = new Map([...review.existing].map(([email, p]) => [email, p.id]));
  const actionOf = (line: number) => review.rows.get(line)!.action;
  const fields = (r: HrRow) => ({
    email: r.email,
    fullName: r.fullName,
    kind: r.kind ?? "employee",
    status: r.status ?? "active",
    title: r.title,
    department: r.department,
    startDate: r.startDate,
    endDate: r.endDate,
  });
  const created = new Set<string>();
  for (const { line, value } of rows) {
    if (actionOf(line) !== "create") continue;
    const managerId = value.managerEmail ? (ids.get(value.managerEmail) ?? null) : null;
    const row = await createPerson(c, { ...fields(value), managerId }, "hr_csv");
    ids.set(value.email, row.id);
    if (!managerId) created.add(value.email);
  }
  for (const { line, value } of rows) {
    const managerId = value.managerEmail ? (ids.get(value.managerEmail) ?? null) : undefined;
    const action = actionOf(line);
    if (action === "update")
      await updatePerson(c, review.existing.get(value.email)!.id, { ...fields(value), managerId });
    // A manager further down the file did not exist yet when this person was created.
    else if (action === "create" && managerId && created.has(value.email))
      await updatePerson(c, ids.get(value.email)!, { managerId });
  }
}
