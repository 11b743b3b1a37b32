/**
 * Importing past incidents (CSV or XLSX, through kernel/http/import.ts): the columns and what each cell must hold,
 * the checks only the whole file and the register show (an incident twice, a commander who is not a member), then
 * every row created in one change with its lifecycle as the file gives it.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { newId } from "../../core/id.ts";
import {
  INCIDENT_LIFECYCLE,
  INCIDENT_STATUS_LABELS,
  type IncidentSeverity,
  type IncidentStatus,
  STATUS_STAMPS,
  timesOutOfOrder,
} from "../../core/incidents.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import type { Db } from "../../db/client.ts";
import { incidentAssets, incidents, memberships, users } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import type { Review } from "../../kernel/http/import.ts";
import {
  type Aliases,
  type CheckedTable,
  cell,
  type RowError,
  rowError,
  type TableSpec,
} from "../../platform/tabular/index.ts";
import { incidentsImported } from "./events.ts";
import { policy } from "./policy.ts";
import { matchAssetNames, nextNumbers, refOf } from "./store.ts";

export interface IncidentImportRow {
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  category: string;
  summary: string;
  reportedBy: string;
  ownerEmail: string | null;
  detectedAt: Date;
  triagedAt: Date | null;
  containedAt: Date | null;
  resolvedAt: Date | null;
  postmortemAt: Date | null;
  closedAt: Date | null;
  affectedSystems: string[];
  personalData: boolean;
  recordsEstimate: number | null;
  rootCause: string;
  lessonsLearned: string;
}

type Field = Exclude<keyof IncidentImportRow, "closedAt">;

export const INCIDENT_COLUMNS: Aliases<Field> = {
  title: ["title", "incident", "name", "subject"],
  severity: ["severity", "sev", "priority"],
  status: ["status", "state"],
  category: ["category", "type", "kind"],
  summary: ["summary", "description", "details"],
  reportedBy: ["reported by", "reporter", "source"],
  ownerEmail: ["owner", "owner email", "incident commander", "commander"],
  detectedAt: ["detected at", "detected", "detection time", "opened", "start"],
  triagedAt: ["triaged at", "triaged"],
  containedAt: ["contained at", "contained"],
  resolvedAt: ["resolved at", "resolved", "closed"],
  postmortemAt: ["post-mortem at", "postmortem at", "post-mortem done", "postmortem"],
  affectedSystems: ["affected systems", "systems", "assets"],
  personalData: ["personal data", "pii"],
  recordsEstimate: ["records", "records affected", "records estimate"],
  rootCause: ["root cause"],
  lessonsLearned: ["lessons learned", "lessons"],
};

export const IMPORT_TEMPLATE =
  "title,severity,status,category,detected at,triaged at,contained at,resolved at,post-mortem at,owner,reported by,summary,affected systems,personal data,records,root cause,lessons learned";

const SEVERITIES = {
  sev1: "sev1",
  "1": "sev1",
  critical: "sev1",
  p1: "sev1",
  sev2: "sev2",
  "2": "sev2",
  high: "sev2",
  p2: "sev2",
  sev3: "sev3",
  "3": "sev3",
  medium: "sev3",
  p3: "sev3",
  sev4: "sev4",
  "4": "sev4",
  low: "sev4",
  p4: "sev4",
} as const;
const STATUSES = {
  detected: "detected",
  open: "detected",
  new: "detected",
  triaged: "triaged",
  contained: "contained",
  resolved: "resolved",
  postmortemdone: "postmortem_done",
  postmortem: "postmortem_done",
  done: "postmortem_done",
  notanincident: "not_incident",
  notincident: "not_incident",
  falsepositive: "not_incident",
} as const;
const YES_NO = { yes: "yes", y: "yes", true: "yes", "1": "yes", no: "no", n: "no", false: "no", "0": "no" } as const;

const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
/** A date (midnight UTC) or a date and time, UTC unless the cell gives an offset. */
const when = () =>
  z.string().transform((v, ctx) => {
    const m = DATETIME.exec(v);
    const d = m
      ? new Date(`${m[1]}T${m[2] ?? "00"}:${m[3] ?? "00"}:${m[4] ?? "00"}${(m[5] ?? "Z").toUpperCase()}`)
      : null;
    if (d && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(m![1]!.slice(0, 4))) return d;
    ctx.addIssue({
      code: "custom",
      input: v,
      message: `'${v.slice(0, 60)}' is not a date and time (use YYYY-MM-DD HH:MM, in UTC, or an ISO time with an offset).`,
    });
    return z.NEVER;
  });
const text = (max: number) => cell.text(max).optional();

const row = z
  .object({
    title: cell.text(TEXT_LIMITS.title),
    severity: cell.choice(SEVERITIES, "a severity (sev1–sev4, or critical, high, medium, low)"),
    status: cell
      .choice(STATUSES, "a status (detected, triaged, contained, resolved, post-mortem done, not an incident)")
      .optional(),
    category: text(TEXT_LIMITS.name),
    summary: text(TEXT_LIMITS.long),
    reportedBy: text(TEXT_LIMITS.name),
    ownerEmail: cell.email().optional(),
    detectedAt: when(),
    triagedAt: when().optional(),
    containedAt: when().optional(),
    resolvedAt: when().optional(),
    postmortemAt: when().optional(),
    affectedSystems: text(TEXT_LIMITS.paragraph),
    personalData: cell.choice(YES_NO, "yes or no").optional(),
    recordsEstimate: z
      .string()
      .regex(/^\d{1,12}$/, { error: (i) => `'${String(i.input).slice(0, 20)}' is not a whole number of records.` })
      .optional(),
    rootCause: text(TEXT_LIMITS.long),
    lessonsLearned: text(TEXT_LIMITS.long),
  })
  .transform((r, ctx): IncidentImportRow => {
    // A status without one: the furthest stage the file gives a time for.
    const stamps = {
      triagedAt: r.triagedAt,
      containedAt: r.containedAt,
      resolvedAt: r.resolvedAt,
      postmortemAt: r.postmortemAt,
    };
    const status: IncidentStatus =
      r.status ??
      [...INCIDENT_LIFECYCLE]
        .reverse()
        .find((s) => s !== "detected" && stamps[STATUS_STAMPS[s] as keyof typeof stamps]) ??
      "detected";
    const issue = (path: Field, message: string) => ctx.addIssue({ code: "custom", path: [path], input: r, message });
    if (status !== "detected" && status !== "not_incident") {
      const field = STATUS_STAMPS[status] as Field;
      if (!stamps[field as keyof typeof stamps])
        issue(field, `is empty: an incident ${INCIDENT_STATUS_LABELS[status].toLowerCase()} needs the time it was.`);
    }
    // Times after the status make no sense (resolved at on a triaged incident).
    if (status !== "not_incident")
      for (const s of INCIDENT_LIFECYCLE.slice(INCIDENT_LIFECYCLE.indexOf(status) + 1)) {
        const field = STATUS_STAMPS[s] as keyof typeof stamps;
        if (stamps[field]) issue(field, `is given, but the status is ${INCIDENT_STATUS_LABELS[status].toLowerCase()}.`);
      }
    if (status === "postmortem_done" && (!r.rootCause || !r.lessonsLearned))
      issue(
        r.rootCause ? "lessonsLearned" : "rootCause",
        "is empty: a post-mortem done needs its root cause and lessons learned.",
      );
    const disorder = timesOutOfOrder({ detectedAt: r.detectedAt, ...stamps });
    if (disorder) issue("detectedAt", disorder);
    const now = Date.now() + 5 * 60_000;
    for (const [k, v] of Object.entries({ detectedAt: r.detectedAt, ...stamps }))
      if (v && v.getTime() > now) issue(k as Field, "is in the future.");
    const systems = (r.affectedSystems ?? "")
      .split(/[;\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (systems.some((s) => s.length > TEXT_LIMITS.name))
      issue(
        "affectedSystems",
        `has a system name longer than ${TEXT_LIMITS.name} characters (separate systems with “;”).`,
      );
    return {
      title: r.title,
      severity: r.severity,
      status,
      category: r.category ?? "",
      summary: r.summary ?? "",
      reportedBy: r.reportedBy ?? "",
      ownerEmail: r.ownerEmail ?? null,
      detectedAt: r.detectedAt,
      triagedAt: r.triagedAt ?? null,
      containedAt: r.containedAt ?? null,
      resolvedAt: r.resolvedAt ?? null,
      postmortemAt: r.postmortemAt ?? null,
      closedAt: status === "not_incident" ? (r.triagedAt ?? r.detectedAt) : null,
      affectedSystems: [...new Set(systems)],
      personalData: r.personalData === "yes",
      recordsEstimate: r.recordsEstimate ? Number(r.recordsEstimate) : null,
      rootCause: r.rootCause ?? "",
      lessonsLearned: r.lessonsLearned ?? "",
    };
  });

export const incidentTable: TableSpec<Field, IncidentImportRow> = {
  aliases: INCIDENT_COLUMNS,
  required: ["title", "severity", "detectedAt"],
  schema: row,
};

export const importSummary = z.object({ create: z.number().int(), update: z.number().int() });
type Checked = CheckedTable<Field, IncidentImportRow>;
export interface IncidentReview extends Review<Record<string, never>, { create: number; update: number }> {
  owners: Map<string, string>;
}

const identity = (r: { title: string; detectedAt: Date }) => `${r.title.toLowerCase()}|${r.detectedAt.toISOString()}`;
const COMMANDER_ROLES: readonly string[] = policy["incidents.manage"].roles;

export async function reviewImport(db: Db, organizationId: string, checked: Checked): Promise<IncidentReview> {
  const valid = checked.rows.flatMap((r) => (r.value ? [{ line: r.line, row: r.value }] : []));
  const column = (f: Field) => checked.byField[f] ?? INCIDENT_COLUMNS[f][0];
  const errors: RowError[] = [];
  const emails = [...new Set(valid.flatMap(({ row }) => (row.ownerEmail ? [row.ownerEmail] : [])))];
  const members = emails.length
    ? await db
        .select({ id: users.id, email: users.email, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organizationId, organizationId), inArray(sql`lower(${users.email})`, emails)))
    : [];
  const owners = new Map(members.map((m) => [m.email.toLowerCase(), m]));
  const titles = [...new Set(valid.map(({ row }) => row.title))];
  const existing = new Set(
    (titles.length
      ? await db
          .select({ title: incidents.title, detectedAt: incidents.detectedAt })
          .from(incidents)
          .where(and(eq(incidents.organizationId, organizationId), inArray(incidents.title, titles)))
      : []
    ).map(identity),
  );
  const firstLine = new Map<string, number>();
  let create = 0;
  for (const { line, row } of valid) {
    const before = errors.length;
    const key = identity(row);
    const seen = firstLine.get(key);
    if (seen)
      errors.push(
        rowError(line, `the same incident (title and detection time) is also on line ${seen}.`, column("title")),
      );
    else firstLine.set(key, line);
    if (existing.has(key))
      errors.push(rowError(line, `“${row.title}” detected at that time is already in the register.`, column("title")));
    if (row.ownerEmail) {
      const m = owners.get(row.ownerEmail);
      if (!m)
        errors.push(rowError(line, `${row.ownerEmail} is not a member of this organization.`, column("ownerEmail")));
      else if (!COMMANDER_ROLES.includes(m.role))
        errors.push(rowError(line, `${row.ownerEmail} cannot run incidents with their role.`, column("ownerEmail")));
    }
    if (errors.length === before) create++;
  }
  return {
    errors,
    rows: new Map(),
    summary: { create, update: 0 },
    owners: new Map([...owners].map(([email, m]) => [email, m.id])),
  };
}

/** Creates every row (all valid) with the next running numbers, as one ledger entry for the import. */
export async function applyImport(
  c: Change,
  rows: { line: number; value: IncidentImportRow }[],
  review: IncidentReview,
) {
  if (!rows.length) return;
  const numbers = await nextNumbers(c, rows.length);
  const actor = c.actor.kind === "system" ? null : c.actor.userId;
  // A system named like exactly one asset of the inventory is linked to it; other names stay as free text.
  const match = await matchAssetNames(
    c.tx,
    c.organizationId!,
    rows.flatMap((r) => r.value.affectedSystems),
  );
  const links: { organizationId: string; incidentId: string; assetId: string; createdAt: Date }[] = [];
  const values = rows.map(({ value: { ownerEmail, status, affectedSystems, ...r } }, i) => {
    const id = newId();
    const split = match(affectedSystems);
    for (const assetId of split.assetIds)
      links.push({ organizationId: c.organizationId!, incidentId: id, assetId, createdAt: c.now });
    const skipped =
      status === "not_incident"
        ? []
        : INCIDENT_LIFECYCLE.slice(1, INCIDENT_LIFECYCLE.indexOf(status)).filter(
            (s) => !r[STATUS_STAMPS[s] as "triagedAt"],
          );
    return {
      id,
      organizationId: c.organizationId!,
      number: numbers[i]!,
      ...r,
      affectedSystems: split.rest,
      status,
      skipped,
      ownerUserId: ownerEmail ? (review.owners.get(ownerEmail) ?? null) : null,
      createdBy: actor,
      createdAt: c.now,
      updatedAt: c.now,
    };
  });
  for (let i = 0; i < values.length; i += 500) await c.tx.insert(incidents).values(values.slice(i, i + 500));
  for (let i = 0; i < links.length; i += 1000) await c.tx.insert(incidentAssets).values(links.slice(i, i + 1000));
  await c.emit(incidentsImported, {
    id: c.organizationId!,
    after: { count: values.length, first: refOf(numbers[0]!), last: refOf(numbers.at(-1)!) },
  });
}
