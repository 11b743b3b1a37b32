/**
 * People from an export of the HR system (CSV or XLSX, read by the shared pipeline in platform/tabular): name, email,
 * department, manager, start and end dates. Each row is validated on its own; rows with problems are reported with
 * their line numbers and left out (the sync is then partial, so nobody is marked missing because of a typo), the
 * others become `person` resources.
 */
import fs from "node:fs";
import { z } from "zod";
import { type Aliases, cell, checkTable, type TableSpec } from "../../platform/tabular/index.ts";
import { allowedLocalPath, unreadablePath } from "../local-paths.ts";
import { type CatalogueTest, type Connector, ConnectorError, type ResourceInput } from "../types.ts";

export const peopleCsvConfig = z
  .strictObject({
    /** The CSV itself (uploaded through the API or the UI). */
    csv: z.string().max(5_000_000).optional(),
    /** Or a CSV or XLSX file on the server that an HR export refreshes. */
    path: z.string().trim().min(1).max(4096).optional(),
  })
  .refine((c) => (c.csv === undefined) !== (c.path === undefined), {
    message: "Give either csv (the file's content) or path (a file on the server), not both.",
  });
export type PeopleCsvConfig = z.infer<typeof peopleCsvConfig>;

const MAX_BYTES = 20 * 1024 * 1024;
const MAX_ERRORS_LISTED = 50;

type Column = "name" | "email" | "department" | "manager" | "start_date" | "end_date";

/** Accepted spellings of each column (compared without case, spaces, dashes or underscores). */
const COLUMNS: Aliases<Column> = {
  name: ["name", "full name", "display name"],
  email: ["email", "e-mail", "work email", "email address"],
  department: ["department", "dept", "team"],
  manager: ["manager", "manager email", "reports to"],
  start_date: ["start date", "start", "hire date", "started"],
  end_date: ["end date", "end", "termination date", "leave date", "left"],
};

const person = z
  .object({
    name: z.string(),
    email: cell.email(),
    department: z.string().optional(),
    manager: z.string().optional(),
    start_date: cell.date().optional(),
    end_date: cell.date().optional(),
  })
  .refine((r) => !r.start_date || !r.end_date || r.end_date >= r.start_date, {
    path: ["end_date"],
    error: (iss) => {
      const r = iss.input as { start_date: string; end_date: string };
      return `${r.end_date} is before the start date ${r.start_date}.`;
    },
  });

/** Other columns are kept as the person's `extra` attributes. */
const peopleTable: TableSpec<Column, z.infer<typeof person>> = {
  aliases: COLUMNS,
  required: ["name", "email"],
  schema: person,
  keepOtherColumns: true,
};

const extraKey = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

export interface PeopleParse {
  people: ResourceInput[];
  /** "Line N, column: problem" for every row left out. */
  errors: string[];
  rows: number;
  /** Rows left out (a row may have several errors). */
  badRows: number;
}

type Input = string | Parameters<typeof checkTable>[0];

/** Reads and validates a CSV or XLSX; a file-level problem (not a table, missing columns) throws a ConnectorError. */
export async function readPeople(
  input: Input,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<PeopleParse> {
  const checked = await checkTable(typeof input === "string" ? Buffer.from(input) : input, peopleTable, {
    maxBytes: MAX_BYTES,
  });
  if (checked.fileErrors.length)
    throw new ConnectorError(
      checked.fileErrors.join(" "),
      "Export the people list with a header row: name,email,department,manager,start_date,end_date (department, manager and the dates are optional).",
    );
  const extras = checked.columns.filter((c) => c.field === null && c.header).map((c) => c.header);
  const errors: string[] = [];
  const valid: { line: number; values: z.infer<typeof person>; extra: Record<string, string> }[] = [];
  const seen = new Map<string, number>();
  let badRows = 0;
  for (const r of checked.rows) {
    if (!r.value) {
      badRows++;
      errors.push(...r.errors.map((e) => e.message));
      continue;
    }
    const first = seen.get(r.value.email);
    if (first !== undefined) {
      badRows++;
      errors.push(`Line ${r.line}, ${checked.byField.email}: ${r.value.email} is already on line ${first}.`);
      continue;
    }
    seen.set(r.value.email, r.line);
    valid.push({
      line: r.line,
      values: r.value,
      extra: Object.fromEntries(extras.map((h) => [extraKey(h), (r.cells[h] ?? "").trim()])),
    });
  }

  const byEmail = new Set(valid.map((v) => v.values.email));
  const byName = new Map<string, string[]>();
  for (const v of valid) {
    const k = v.values.name.toLowerCase();
    byName.set(k, [...(byName.get(k) ?? []), v.values.email]);
  }
  const people = valid.map(({ line, values, extra }): ResourceInput => {
    const m = values.manager ?? "";
    // The manager is given by email, or by name when that name is unique in the file.
    const named = byName.get(m.toLowerCase());
    const managerEmail = m
      ? byEmail.has(m.toLowerCase())
        ? m.toLowerCase()
        : named?.length === 1
          ? named[0]!
          : null
      : null;
    const end = values.end_date ?? null;
    const start = values.start_date ?? null;
    const status = end && end < today ? "departed" : start && start > today ? "future" : "active";
    return {
      type: "person",
      externalId: values.email,
      name: values.name,
      attributes: {
        name: values.name,
        email: values.email,
        department: values.department ?? null,
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
  return { people, errors, rows: checked.rows.length, badRows };
}

function load(config: PeopleCsvConfig, env: Parameters<Connector["testConnection"]>[2]): Input {
  if (config.csv !== undefined) return Buffer.from(config.csv);
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
    return fs.readFileSync(file);
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
  description:
    "The people list from an HR export (CSV or XLSX): name, email, department, manager, start and end dates.",
  category: "people",
  configSchema: peopleCsvConfig,
  secretSchema: z.strictObject({}),
  resourceTypes: ["person"],

  async testConnection(config, _secrets, env) {
    try {
      const { people, errors, rows, badRows } = await readPeople(load(config, env));
      if (errors.length)
        return {
          ok: false,
          error: `${badRows} of ${rows} rows cannot be used:\n${summary(errors)}`,
          guidance:
            "Fix these rows in the export (the line numbers are the spreadsheet's row numbers) and upload it again.",
        };
      return { ok: true, message: `Read ${people.length} people.` };
    } catch (err) {
      if (err instanceof ConnectorError) return { ok: false, error: err.message, guidance: err.guidance };
      throw err;
    }
  },

  async *collect(ctx) {
    const { people, errors } = await readPeople(load(ctx.config, ctx.env));
    for (const e of errors) ctx.warn(e);
    for (let i = 0; i < people.length; i += 500) yield people.slice(i, i + 500);
  },

  tests: PEOPLE_TESTS,
};
