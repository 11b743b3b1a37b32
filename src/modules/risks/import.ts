/**
 * The register's CSV/XLSX import (kernel/http/import.ts): the columns and what each cell must hold, then the checks
 * only the whole file and the register show (a title twice, a title already in the register, an owner who is not a
 * member, a rating off the organization's scales, a residual above the inherent rating), then every row in one change.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { RISK_TREATMENTS, RISK_TYPES, type RiskTreatment, type RiskType, riskRules } from "../../core/risks.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import type { Db } from "../../db/client.ts";
import { memberships, risks, users } from "../../db/schema/index.ts";
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
import { risksImported } from "./events.ts";
import { loadScales } from "./settings.ts";
import { insertRisk } from "./store.ts";

export interface RiskCsvRow {
  title: string;
  description: string | null;
  type: RiskType;
  category: string | null;
  ownerEmail: string | null;
  likelihood: number;
  impact: number;
  residualLikelihood: number | null;
  residualImpact: number | null;
  treatment: RiskTreatment | null;
  treatmentPlan: string | null;
  reviewDate: string | null;
}
type Field = keyof RiskCsvRow;

export const RISK_COLUMNS: Aliases<Field> = {
  title: ["title", "risk", "name", "risk title"],
  description: ["description", "details"],
  type: ["type", "risk type"],
  category: ["category", "area"],
  ownerEmail: ["owner email", "owner", "risk owner"],
  likelihood: ["likelihood", "inherent likelihood", "probability"],
  impact: ["impact", "inherent impact", "severity"],
  residualLikelihood: ["residual likelihood"],
  residualImpact: ["residual impact"],
  treatment: ["treatment", "response"],
  treatmentPlan: ["treatment plan", "plan", "justification"],
  reviewDate: ["review date", "next review", "next review date"],
};

/** The import's columns in order, as the template and the docs list them. */
export const TEMPLATE_HEADERS = [
  "title",
  "description",
  "type",
  "category",
  "owner email",
  "likelihood",
  "impact",
  "residual likelihood",
  "residual impact",
  "treatment",
  "treatment plan",
  "review date",
];

const words = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v.replace(/[^a-z0-9]/g, ""), v])) as Record<string, T>;
const TYPES = {
  ...words(RISK_TYPES),
  change: "significant_change" as const,
  significantchange: "significant_change" as const,
};
const TREATMENTS = { ...words(RISK_TREATMENTS), reduce: "mitigate" as const, share: "transfer" as const };

const rating = () =>
  z.string().transform((v, ctx) => {
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 5) return n;
    ctx.addIssue({ code: "custom", input: v, message: `'${v}' is not a whole number from 1 to 5.` });
    return z.NEVER;
  });

const riskRow = z
  .object({
    title: cell.text(TEXT_LIMITS.title),
    description: cell.text(TEXT_LIMITS.long).optional(),
    type: cell.choice(TYPES, RISK_TYPES.join(", ").replace("_", " ")),
    category: cell.text(TEXT_LIMITS.name).optional(),
    ownerEmail: cell.email().optional(),
    likelihood: rating(),
    impact: rating(),
    residualLikelihood: rating().optional(),
    residualImpact: rating().optional(),
    treatment: cell.choice(TREATMENTS, "mitigate, accept, transfer or avoid").optional(),
    treatmentPlan: cell.text(TEXT_LIMITS.long).optional(),
    reviewDate: cell.date().optional(),
  })
  .transform(
    (r): RiskCsvRow => ({
      title: r.title,
      description: r.description ?? null,
      type: r.type,
      category: r.category ?? null,
      ownerEmail: r.ownerEmail ?? null,
      likelihood: r.likelihood,
      impact: r.impact,
      residualLikelihood: r.residualLikelihood ?? null,
      residualImpact: r.residualImpact ?? null,
      treatment: r.treatment ?? null,
      treatmentPlan: r.treatmentPlan ?? null,
      reviewDate: r.reviewDate ?? null,
    }),
  );

export const riskTable: TableSpec<Field, RiskCsvRow> = {
  aliases: RISK_COLUMNS,
  required: ["title", "type", "likelihood", "impact"],
  schema: riskRow,
};

type Summary = { create: number; update: number };
export interface RiskReview extends Review<Record<string, never>, Summary> {
  owners: Map<string, string>;
}

export async function reviewImport(
  db: Db,
  organizationId: string,
  checked: CheckedTable<Field, RiskCsvRow>,
): Promise<RiskReview> {
  const valid = checked.rows.flatMap((r) => (r.value ? [{ line: r.line, row: r.value }] : []));
  const column = (f: Field) => checked.byField[f] ?? RISK_COLUMNS[f][0];
  const { scales } = await loadScales(db, organizationId);
  const titles = [...new Set(valid.map((v) => v.row.title.toLowerCase()))];
  const emails = [...new Set(valid.flatMap((v) => (v.row.ownerEmail ? [v.row.ownerEmail] : [])))];
  const [existing, members] = await Promise.all([
    titles.length
      ? db
          .select({ title: risks.title })
          .from(risks)
          .where(and(eq(risks.organizationId, organizationId), inArray(sql`lower(${risks.title})`, titles)))
      : [],
    emails.length
      ? db
          .select({ id: users.id, email: users.email })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.organizationId, organizationId), inArray(sql`lower(${users.email})`, emails)))
      : [],
  ]);
  const inRegister = new Set(existing.map((r) => r.title.toLowerCase()));
  const owners = new Map(members.map((m) => [m.email.toLowerCase(), m.id]));
  const errors: RowError[] = [];
  const firstLine = new Map<string, number>();
  let create = 0;
  for (const { line, row } of valid) {
    const before = errors.length;
    const key = row.title.toLowerCase();
    const seen = firstLine.get(key);
    if (seen) errors.push(rowError(line, `“${row.title}” is also on line ${seen}.`, column("title")));
    else firstLine.set(key, line);
    if (inRegister.has(key)) errors.push(rowError(line, `“${row.title}” is already in the register.`, column("title")));
    if (row.ownerEmail && !owners.has(row.ownerEmail))
      errors.push(rowError(line, `${row.ownerEmail} is not a member of this organization.`, column("ownerEmail")));
    const ruleColumn: [keyof typeof riskRules, Field][] = [
      ["onScale", "likelihood"],
      ["residualComplete", "residualImpact"],
      ["residualWithinInherent", "residualLikelihood"],
      ["acceptJustified", "treatmentPlan"],
    ];
    for (const [rule, f] of ruleColumn) {
      const reason = riskRules[rule](row, scales);
      if (reason) {
        errors.push(rowError(line, reason, column(f)));
        break;
      }
    }
    if (errors.length === before) create++;
  }
  return { errors, rows: new Map(), summary: { create, update: 0 }, owners };
}

export async function applyImport(c: Change, rows: { line: number; value: RiskCsvRow }[], review: RiskReview) {
  const ids: string[] = [];
  for (const { value } of rows) {
    const { ownerEmail, ...rest } = value;
    const owner = ownerEmail ? (review.owners.get(ownerEmail) ?? null) : null;
    ids.push((await insertRisk(c, { ...rest, ownerUserId: owner }, null, { emit: false })).id);
  }
  // One ledger entry for the file: the count, every new risk's id and the first titles (like the other registers).
  await c.emit(risksImported, {
    organizationId: c.organizationId!,
    after: { created: rows.length, ids, titles: rows.slice(0, 50).map((r) => r.value.title) },
  });
}
