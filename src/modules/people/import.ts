/**
 * The HR CSV import: a preview of what each row would do (create, update, unchanged, skip a person entered by hand,
 * or an error by line) before anything is written, then the import of the whole file in one change.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import type { Db } from "../../db/client.ts";
import { people } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest } from "../../platform/errors.ts";
import { createPerson, type PersonRow, updatePerson } from "./commands.ts";
import { type HrRow, parseHrCsv } from "./hr-csv.ts";

type Action = "create" | "update" | "unchanged" | "skip" | "error";
export interface PlannedRow {
  line: number;
  email: string;
  fullName: string;
  action: Action;
  messages: string[];
  row: HrRow;
  existing: PersonRow | null;
}

const FIELDS = ["fullName", "kind", "status", "title", "department", "startDate", "endDate"] as const;

export async function planImport(db: Db, organizationId: string, csv: string) {
  const { rows, fileErrors } = parseHrCsv(csv);
  const emails = [...new Set([...rows.map((r) => r.email), ...rows.flatMap((r) => r.managerEmail ?? [])])].filter(
    Boolean,
  );
  const existing = new Map(
    (emails.length
      ? await db
          .select()
          .from(people)
          .where(and(eq(people.organizationId, organizationId), inArray(sql`lower(${people.email})`, emails)))
      : []
    ).map((p) => [p.email.toLowerCase(), p]),
  );
  const firstLine = new Map<string, number>();
  const planned: PlannedRow[] = rows.map((row) => {
    const messages = [...row.errors];
    const say = (m: string) => messages.push(`Line ${row.line}: ${m}`);
    const seen = firstLine.get(row.email);
    if (row.email && seen) say(`the email ${row.email} is also on line ${seen}.`);
    else if (row.email) firstLine.set(row.email, row.line);
    if (row.fullName.length > TEXT_LIMITS.name) say(`the name is longer than ${TEXT_LIMITS.name} characters.`);
    for (const f of ["title", "department"] as const)
      if ((row[f]?.length ?? 0) > TEXT_LIMITS.name) say(`the ${f} is longer than ${TEXT_LIMITS.name} characters.`);
    const person = existing.get(row.email) ?? null;
    if (messages.length)
      return {
        line: row.line,
        email: row.email,
        fullName: row.fullName,
        action: "error",
        messages,
        row,
        existing: person,
      };
    if (person?.source === "manual")
      return {
        line: row.line,
        email: row.email,
        fullName: row.fullName,
        action: "skip",
        messages: [`Line ${row.line}: ${person.fullName} was entered by hand, so the import leaves them as they are.`],
        row,
        existing: person,
      };
    const differs = person && FIELDS.some((f) => (row[f] ?? defaults[f]) !== person[f]);
    return {
      line: row.line,
      email: row.email,
      fullName: row.fullName,
      action: !person ? "create" : differs || managerChanged(row, person, existing) ? "update" : "unchanged",
      messages: [],
      row,
      existing: person,
    };
  });
  // Managers must be in the file (without errors) or already in the directory.
  const inFile = new Set(planned.filter((p) => p.action !== "error").map((p) => p.email));
  for (const p of planned) {
    const m = p.row.managerEmail;
    if (p.action === "error" || p.action === "skip" || !m || inFile.has(m) || existing.has(m)) continue;
    p.action = "error";
    p.messages.push(`Line ${p.line}: the manager ${m} is neither in the directory nor a valid row of this file.`);
  }
  const counts = { create: 0, update: 0, unchanged: 0, skip: 0, error: 0 };
  for (const p of planned) counts[p.action]++;
  if (!rows.length && !fileErrors.length) fileErrors.push("The file has a header but no rows.");
  return { rows: planned, counts, fileErrors, existing };
}
const defaults = {
  kind: "employee",
  status: "active",
  title: null,
  department: null,
  startDate: null,
  endDate: null,
  fullName: "",
} as const;
const managerChanged = (row: HrRow, person: PersonRow, existing: Map<string, PersonRow>) =>
  row.managerEmail !== null && existing.get(row.managerEmail)?.id !== person.managerId;

export const previewOf = (plan: Awaited<ReturnType<typeof planImport>>) => ({
  rows: plan.rows.map(({ row: _r, existing: _e, ...r }) => r),
  counts: plan.counts,
  fileErrors: plan.fileErrors,
});

/** Imports the file in this change; refuses the whole file (writing nothing) when any row has an error. */
export async function applyImport(c: Change, csv: string) {
  const organizationId = c.organizationId!;
  const plan = await planImport(c.tx, organizationId, csv);
  if (plan.fileErrors.length || plan.counts.error)
    throw badRequest(
      "import_invalid",
      plan.fileErrors[0] ??
        `${plan.counts.error} ${plan.counts.error === 1 ? "row has" : "rows have"} errors; nothing was imported. First: ${plan.rows.find((r) => r.action === "error")!.messages[0]}`,
      { preview: previewOf(plan) },
    );
  const ids = new Map([...plan.existing].map(([email, p]) => [email, p.id]));
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
  for (const p of plan.rows.filter((p) => p.action === "create")) {
    const managerId = p.row.managerEmail ? (ids.get(p.row.managerEmail) ?? null) : null;
    const row = await createPerson(c, { ...fields(p.row), managerId }, "hr_csv");
    ids.set(p.email, row.id);
  }
  for (const p of plan.rows.filter((p) => p.action !== "skip")) {
    const managerId = p.row.managerEmail ? (ids.get(p.row.managerEmail) ?? null) : undefined;
    if (p.action === "update") await updatePerson(c, p.existing!.id, { ...fields(p.row), managerId });
    else if (p.action === "create" && managerId && managerId !== (await idManager(c, ids.get(p.email)!)))
      await updatePerson(c, ids.get(p.email)!, { managerId });
  }
  return previewOf(plan);
}

async function idManager(c: Change, id: string) {
  const [row] = await c.tx.select({ managerId: people.managerId }).from(people).where(eq(people.id, id));
  return row?.managerId ?? null;
}
