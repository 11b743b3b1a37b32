/**
 * The HR CSV parser: one person per row, with the header spellings HR systems use, every problem reported with its
 * line number. Only parses; the import (import.ts) decides what to write. Kept on its own so a shared import
 * pipeline can replace it.
 */
import { parse } from "csv-parse/sync";

export interface HrRow {
  /** The line of the file the row ends on (1 = the header). */
  line: number;
  email: string;
  fullName: string;
  kind: "employee" | "contractor" | null;
  status: "onboarding" | "active" | "on_leave" | "left" | null;
  title: string | null;
  department: string | null;
  managerEmail: string | null;
  startDate: string | null;
  endDate: string | null;
  /** What is wrong with the row, in sentences that start with its line. */
  errors: string[];
}

type Field = Exclude<keyof HrRow, "line" | "errors"> | "firstName" | "lastName";

const HEADERS: Record<Field, string[]> = {
  email: ["email", "emailaddress", "workemail", "mail", "primaryemail"],
  fullName: ["fullname", "name", "employeename", "displayname"],
  firstName: ["firstname", "givenname"],
  lastName: ["lastname", "surname", "familyname"],
  kind: ["kind", "type", "employeetype", "workertype", "employmenttype"],
  status: ["status", "employmentstatus"],
  title: ["title", "jobtitle", "position", "role"],
  department: ["department", "dept", "team"],
  managerEmail: ["manageremail", "manager", "reportsto", "supervisoremail", "supervisor"],
  startDate: ["startdate", "hiredate", "start", "datehired", "joined"],
  endDate: ["enddate", "terminationdate", "leavedate", "end", "lastday"],
};
const normal = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");

const KINDS: Record<string, "employee" | "contractor"> = {
  employee: "employee",
  fulltime: "employee",
  parttime: "employee",
  fte: "employee",
  staff: "employee",
  contractor: "contractor",
  contract: "contractor",
  consultant: "contractor",
  freelancer: "contractor",
};
const STATUSES: Record<string, "onboarding" | "active" | "on_leave" | "left"> = {
  onboarding: "onboarding",
  new: "onboarding",
  pending: "onboarding",
  active: "active",
  onleave: "on_leave",
  leave: "on_leave",
  left: "left",
  terminated: "left",
  inactive: "left",
  former: "left",
};

const DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/;
function plainDate(v: string): string | null {
  const m = DATE.exec(v);
  if (!m) return null;
  const d = new Date(`${m[1]}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(m[1]!) ? m[1]! : null;
}

export interface ParsedHrCsv {
  rows: HrRow[];
  /** Problems with the whole file: it is not a CSV, or it has no email or name column. */
  fileErrors: string[];
}

export function parseHrCsv(text: string): ParsedHrCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return {
      rows: [],
      fileErrors: [`${line ? `Line ${line}: ` : ""}${(e as Error).message.replace(/ at line \d+$/, "")}.`],
    };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], fileErrors: ["The file has no header row."] };
  const col = {} as Partial<Record<Field, number>>;
  header.record.forEach((h, i) => {
    const f = (Object.keys(HEADERS) as Field[]).find((k) => HEADERS[k].includes(normal(h)));
    if (f && col[f] === undefined) col[f] = i;
  });
  const fileErrors: string[] = [];
  if (col.email === undefined) fileErrors.push('The header has no email column (e.g. "email" or "Work Email").');
  if (col.fullName === undefined && col.firstName === undefined)
    fileErrors.push('The header has no name column ("full name", or "first name" and "last name").');
  if (fileErrors.length) return { rows: [], fileErrors };
  const width = header.record.length;
  const rows = body.map(({ record, info }) => {
    const line = info.lines;
    const get = (f: Field) => (col[f] === undefined ? "" : (record[col[f]!] ?? "").trim());
    const opt = (f: Field) => get(f) || null;
    const errors: string[] = [];
    const say = (m: string) => errors.push(`Line ${line}: ${m}`);
    if (record.length !== width) say(`it has ${record.length} fields where the header has ${width}.`);
    const fullName = get("fullName") || [get("firstName"), get("lastName")].filter(Boolean).join(" ");
    const email = get("email").toLowerCase();
    if (!email) say("the email is empty.");
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) say(`"${email}" is not an email address.`);
    if (!fullName) say("the name is empty.");
    const kindText = opt("kind");
    const kind = kindText ? (KINDS[normal(kindText)] ?? null) : null;
    if (kindText && !kind) say(`the kind "${kindText}" is not employee or contractor.`);
    const statusText = opt("status");
    const status = statusText ? (STATUSES[normal(statusText)] ?? null) : null;
    if (statusText && !status) say(`the status "${statusText}" is not onboarding, active, on leave or left.`);
    const date = (f: "startDate" | "endDate", what: string) => {
      const v = opt(f);
      if (!v) return null;
      const d = plainDate(v);
      if (!d) say(`the ${what} "${v}" is not a date like 2027-01-31.`);
      return d;
    };
    const startDate = date("startDate", "start date");
    const endDate = date("endDate", "end date");
    if (startDate && endDate && endDate < startDate)
      say(`the end date ${endDate} is before the start date ${startDate}.`);
    const managerEmail = opt("managerEmail")?.toLowerCase() ?? null;
    if (managerEmail && managerEmail === email) say("a person cannot be their own manager.");
    return {
      line,
      email,
      fullName,
      kind,
      status,
      title: opt("title"),
      department: opt("department"),
      managerEmail,
      startDate,
      endDate,
      errors,
    };
  });
  return { rows, fileErrors };
}
