/**
 * People from a CSV export of the HR system: name, email, department, manager, start and end dates. Each row is
 * validated on its own; rows with problems are reported with their line numbers and left out (the sync is then
 * partial, so nobody is marked missing because of a typo), the others become `person` resources.
 */
import fs from "node:fs";
import { z } from "zod";
import { allowedLocalPath, unreadablePath } from "../local-paths.ts";
import { type CatalogueTest, type Connector, ConnectorError, type ResourceInput } from "../types.ts";
import { CsvSyntaxError, parseCsv } from "./csv.ts";

export const peopleCsvConfig = z
  .strictObject({
    /** The CSV itself (uploaded through the API or the UI). */
    csv: z.string().max(5_000_000).optional(),
    /** Or a file on the server that an HR export refreshes. */
    path: z.string().trim().min(1).max(4096).optional(),
  })
  .refine((c) => (c.csv === undefined) !== (c.path === undefined), {
    message: "Give either csv (the file's content) or path (a file on the server), not both.",
  });
export type PeopleCsvConfig = z.infer<typeof peopleCsvConfig>;

const MAX_BYTES = 20 * 1024 * 1024;
const MAX_ERRORS_LISTED = 50;

/** Accepted spellings of each column (compared lower-case, with spaces and dashes as underscores). */
const COLUMNS: Record<string, string[]> = {
  name: ["name", "full_name", "display_name"],
  email: ["email", "e_mail", "work_email", "email_address"],
  department: ["department", "dept", "team"],
  manager: ["manager", "manager_email", "reports_to"],
  start_date: ["start_date", "start", "hire_date", "started"],
  end_date: ["end_date", "end", "termination_date", "leave_date", "left"],
};

const EMAIL = z.email();
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export interface PeopleParse {
  people: ResourceInput[];
  /** "line N: problem" for every row left out. */
  errors: string[];
  rows: number;
}

/** Reads and validates the CSV; a file-level problem (no header, missing columns) throws a ConnectorError. */
export function readPeople(text: string, today: string = new Date().toISOString().slice(0, 10)): PeopleParse {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      throw new ConnectorError(
        `The CSV cannot be read at ${err.message}.`,
        "Fix that line in the export and upload it again.",
      );
    throw err;
  }
  const [header, ...rows] = records;
  if (!header)
    throw new ConnectorError(
      "The CSV is empty.",
      "Export the people list with a header row: name,email,department,manager,start_date,end_date.",
    );
  const norm = header.fields.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  );
  const index: Record<string, number> = {};
  for (const [col, names] of Object.entries(COLUMNS)) {
    const at = norm.findIndex((h) => names.includes(h));
    if (at >= 0) index[col] = at;
  }
  const missing = ["name", "email"].filter((c) => index[c] === undefined);
  if (missing.length)
    throw new ConnectorError(
      `The CSV's header (line ${header.line}) has no ${missing.join(" or ")} column.`,
      "The first row must name the columns: name,email,department,manager,start_date,end_date (department, manager and the dates are optional).",
    );
  const known = new Set(Object.values(index));
  const extras = norm.map((h, i) => (known.has(i) ? null : { h, i })).filter((x) => x !== null);

  const errors: string[] = [];
  const valid: { line: number; values: Record<string, string>; extra: Record<string, string> }[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const problems: string[] = [];
    if (r.fields.length !== header.fields.length)
      problems.push(`has ${r.fields.length} fields, the header has ${header.fields.length}`);
    const get = (col: string) => (index[col] === undefined ? "" : (r.fields[index[col]!] ?? "").trim());
    const values = Object.fromEntries(Object.keys(COLUMNS).map((c) => [c, get(c)]));
    if (!values.name) problems.push("name is empty");
    const email = values.email!.toLowerCase();
    if (!email) problems.push("email is empty");
    else if (!EMAIL.safeParse(email).success) problems.push(`"${values.email}" is not an email address`);
    else if (seen.has(email)) problems.push(`${email} is already on line ${seen.get(email)}`);
    for (const col of ["start_date", "end_date"] as const)
      if (values[col] && !validDate(values[col]!))
        problems.push(`${col} "${values[col]}" is not a date like 2027-01-31`);
    if (
      values.start_date &&
      values.end_date &&
      validDate(values.start_date) &&
      validDate(values.end_date) &&
      values.end_date < values.start_date
    )
      problems.push(`end_date ${values.end_date} is before start_date ${values.start_date}`);
    if (problems.length) {
      errors.push(`line ${r.line}: ${problems.join("; ")}`);
      continue;
    }
    seen.set(email, r.line);
    valid.push({
      line: r.line,
      values: { ...values, email },
      extra: Object.fromEntries(extras.map(({ h, i }) => [h, (r.fields[i] ?? "").trim()])),
    });
  }

  const byEmail = new Map(valid.map((v) => [v.values.email!, v]));
  const byName = new Map<string, string[]>();
  for (const v of valid) {
    const k = v.values.name!.toLowerCase();
    byName.set(k, [...(byName.get(k) ?? []), v.values.email!]);
  }
  const people = valid.map(({ line, values, extra }): ResourceInput => {
    const m = values.manager!;
    // The manager is given by email, or by name when that name is unique in the file.
    const named = byName.get(m.toLowerCase());
    const managerEmail = m
      ? byEmail.has(m.toLowerCase())
        ? m.toLowerCase()
        : named?.length === 1
          ? named[0]!
          : null
      : null;
    const end = values.end_date || null;
    const start = values.start_date || null;
    const status = end && end < today ? "departed" : start && start > today ? "future" : "active";
    return {
      type: "person",
      externalId: values.email!,
      name: values.name!,
      attributes: {
        name: values.name,
        email: values.email,
        department: values.department || null,
        manager: m || null,
        manager_email: managerEmail,
        manager_known: managerEmail !== null,
        start_date: start,
        end_date: end,
        status,
        line,
        ...(Object.keys(extra).length ? { extra } : {}),
      },
    };
  });
  return { people, errors, rows: rows.length };
}

function load(config: PeopleCsvConfig, env: Parameters<Connector["testConnection"]>[2]): string {
  if (config.csv !== undefined) return config.csv;
  const file = allowedLocalPath(env.localPaths, config.path!, "files");
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw unreadablePath("files");
  }
  if (!stat.isFile()) throw unreadablePath("files");
  if (stat.size > MAX_BYTES)
    throw new ConnectorError(
      `${file} is ${Math.round(stat.size / 1048576)} MB; at most 20 MB is read.`,
      "Export only the people columns.",
    );
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw unreadablePath("files");
  }
}

const summary = (errors: string[]) =>
  errors.slice(0, MAX_ERRORS_LISTED).join("\n") +
  (errors.length > MAX_ERRORS_LISTED ? `\n… and ${errors.length - MAX_ERRORS_LISTED} more` : "");

export const PEOPLE_TESTS: readonly CatalogueTest[] = [
  {
    id: "people.manager_known",
    title: "Every current person has a known manager",
    description:
      "Each active or future person names a manager who is in the same list (by email, or by a unique name), so reporting lines are documented.",
    resourceType: "person",
    severity: "low",
    controls: ["GOV-06"],
    remediation:
      "Fill in the manager column in the HR system (with the manager's work email) and export the list again.",
    evaluate: (r) => {
      const a = r.attributes;
      if (a.status === "departed") return { status: "not_applicable", reason: "The person has left." };
      if (a.manager_known === true) return { status: "pass", reason: `Reports to ${a.manager_email}.` };
      return {
        status: "fail",
        reason: a.manager
          ? `The manager "${a.manager}" is not in the list (or the name is ambiguous).`
          : "No manager is recorded.",
      };
    },
  },
];

export const peopleCsvConnector: Connector<PeopleCsvConfig, Record<string, never>> = {
  type: "people_csv",
  title: "People (CSV)",
  description: "The people list from an HR export: name, email, department, manager, start and end dates.",
  category: "people",
  configSchema: peopleCsvConfig,
  secretSchema: z.strictObject({}),
  resourceTypes: ["person"],

  async testConnection(config, _secrets, env) {
    try {
      const { people, errors, rows } = readPeople(load(config, env));
      if (errors.length)
        return {
          ok: false,
          error: `${errors.length} of ${rows} rows cannot be used:\n${summary(errors)}`,
          guidance: "Fix these rows in the export (the line numbers count the header as line 1) and upload it again.",
        };
      return { ok: true, message: `Read ${people.length} people.` };
    } catch (err) {
      if (err instanceof ConnectorError) return { ok: false, error: err.message, guidance: err.guidance };
      throw err;
    }
  },

  async *collect(ctx) {
    const { people, errors } = readPeople(load(ctx.config, ctx.env));
    for (const e of errors) ctx.warn(e);
    for (let i = 0; i < people.length; i += 500) yield people.slice(i, i + 500);
  },

  tests: PEOPLE_TESTS,
};
