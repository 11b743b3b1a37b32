/**
 * The change import (CSV or XLSX, through kernel/http/import.ts): one row per change recorded by hand. A row whose
 * repository and reference match a change recorded by hand updates it; any other row adds one. The whole file is
 * checked first (a reference twice, dates out of order) and imported in one change with one ledger entry.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { CHANGE_STATUSES, type ChangeStatus } from "../../core/changes.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import type { Db } from "../../db/client.ts";
import { changes } from "../../db/schema/index.ts";
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
import { type ChangeRow, manualRow, manualUpdate } from "./commands.ts";
import { changesImported } from "./events.ts";
import type { CreateBody } from "./schema.ts";

type Field =
  | "title"
  | "description"
  | "repository"
  | "externalRef"
  | "url"
  | "author"
  | "approvedBy"
  | "checksPassed"
  | "mergedAt"
  | "deployedAt"
  | "emergency"
  | "risk"
  | "status";

export const CHANGE_COLUMNS: Aliases<Field> = {
  title: ["title", "change", "summary", "name"],
  description: ["description", "details"],
  repository: ["repository", "repo", "system"],
  externalRef: ["reference", "ref", "external ref", "ticket", "pr", "pull request", "commit"],
  url: ["url", "link"],
  author: ["author", "requested by", "developer"],
  approvedBy: ["approved by", "approvers", "reviewers", "reviewed by"],
  checksPassed: ["checks passed", "tests passed", "checks"],
  mergedAt: ["merged at", "merged", "merge date", "implemented"],
  deployedAt: ["deployed at", "deployed", "deploy date", "released"],
  emergency: ["emergency", "emergency change"],
  risk: ["risk", "impact", "risk and impact"],
  status: ["status", "state"],
};

export const IMPORT_TEMPLATE =
  "title,repository,reference,author,approved by,checks passed,merged at,deployed at,emergency,risk,status";

const YES_NO = { yes: true, y: true, true: true, "1": true, no: false, n: false, false: false, "0": false } as const;
const yesNo = () =>
  z.string().transform((v, ctx) => {
    const key = v.trim().toLowerCase();
    if (Object.hasOwn(YES_NO, key)) return YES_NO[key as keyof typeof YES_NO];
    ctx.addIssue({ code: "custom", input: v, message: `'${v}' is not yes or no.` });
    return z.NEVER;
  });
/** A date (YYYY-MM-DD, midnight UTC) or a date and time with its offset, as an ISO instant. */
const instant = () =>
  z.string().transform((v, ctx) => {
    const s = v.trim();
    const d = /^\d{4}-\d{2}-\d{2}$/.test(s)
      ? new Date(`${s}T00:00:00Z`)
      : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)
        ? new Date(s)
        : null;
    if (d && !Number.isNaN(d.getTime()) && (s.length !== 10 || d.toISOString().startsWith(s))) return d.toISOString();
    ctx.addIssue({
      code: "custom",
      input: v,
      message: `'${v}' is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ).`,
    });
    return z.NEVER;
  });
const STATUS_WORDS = Object.fromEntries(CHANGE_STATUSES.map((s) => [s.replace(/_/g, ""), s])) as Record<
  string,
  ChangeStatus
>;

const row = z
  .object({
    title: cell.text(TEXT_LIMITS.title),
    description: cell.text(TEXT_LIMITS.long).optional(),
    repository: cell.text(500).optional(),
    externalRef: cell.text(200).optional(),
    url: z.url({ protocol: /^https?$/, error: "is not an http(s) link." }).optional(),
    author: cell.text(TEXT_LIMITS.name).optional(),
    approvedBy: cell.text(TEXT_LIMITS.line).optional(),
    checksPassed: yesNo().optional(),
    mergedAt: instant().optional(),
    deployedAt: instant().optional(),
    emergency: yesNo().optional(),
    risk: cell.text(TEXT_LIMITS.long).optional(),
    status: cell.choice(STATUS_WORDS, "proposed, approved, merged, deployed, rolled back or cancelled").optional(),
  })
  .transform((r, ctx): CreateBody => {
    if (r.mergedAt && r.deployedAt && r.deployedAt < r.mergedAt)
      ctx.addIssue({ code: "custom", path: ["deployedAt"], input: r, message: "is before the merge date." });
    return {
      title: r.title.trim(),
      description: r.description || null,
      repository: r.repository || null,
      externalRef: r.externalRef || null,
      url: r.url ?? null,
      author: r.author || null,
      approvals: (r.approvedBy ?? "")
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter(Boolean)
        .map((by) => ({ by, at: null })),
      checksPassed: r.checksPassed ?? null,
      mergedAt: r.mergedAt ?? null,
      deployedAt: r.deployedAt ?? null,
      emergency: r.emergency ?? false,
      risk: r.risk || null,
      ...(r.status ? { status: r.status } : {}),
    };
  });

export const changeTable: TableSpec<Field, CreateBody> = { aliases: CHANGE_COLUMNS, required: ["title"], schema: row };

export const importSummary = z.object({ create: z.number().int(), update: z.number().int() });
type Summary = z.infer<typeof importSummary>;
export interface ChangeReview extends Review<Record<string, never>, Summary> {
  existing: Map<string, ChangeRow>;
}

const keyOf = (repository: string | null | undefined, ref: string | null | undefined) =>
  ref ? `${repository ?? ""}\u0000${ref}` : null;

export async function reviewImport(
  db: Db,
  organizationId: string,
  checked: CheckedTable<Field, CreateBody>,
): Promise<ChangeReview> {
  const existing = new Map(
    (
      await db
        .select()
        .from(changes)
        .where(and(eq(changes.organizationId, organizationId), eq(changes.source, "manual")))
    ).flatMap((r) => {
      const k = keyOf(r.repository, r.externalRef);
      return k ? [[k, r] as const] : [];
    }),
  );
  const errors: RowError[] = [];
  const first = new Map<string, number>();
  const summary = { create: 0, update: 0 };
  for (const r of checked.rows) {
    if (!r.value) continue;
    const k = keyOf(r.value.repository, r.value.externalRef);
    if (k && first.has(k)) {
      errors.push(
        rowError(
          r.line,
          `${r.value.externalRef} is also on line ${first.get(k)}.`,
          checked.byField.externalRef ?? "reference",
        ),
      );
      continue;
    }
    if (k) first.set(k, r.line);
    if (k && existing.has(k)) summary.update++;
    else summary.create++;
  }
  return { errors, rows: new Map(), summary, existing };
}

export async function applyImport(c: Change, rows: { line: number; value: CreateBody }[], review: ChangeReview) {
  const fresh = [];
  let updated = 0;
  for (const { value } of rows) {
    const k = keyOf(value.repository, value.externalRef);
    const known = k ? review.existing.get(k) : undefined;
    if (!known) {
      fresh.push(manualRow(c, value));
      continue;
    }
    const update = manualUpdate(known, value, c.now);
    if (!update) continue;
    await c.tx.update(changes).set(update.set).where(eq(changes.id, known.id));
    updated++;
  }
  for (let i = 0; i < fresh.length; i += 500) await c.tx.insert(changes).values(fresh.slice(i, i + 500));
  await c.emit(changesImported, { after: { create: fresh.length, update: updated, rows: rows.length } });
}
