/**
 * The vendor import (CSV or XLSX, through kernel/http/import.ts): one row per vendor; a name already in the register
 * updates that vendor, a new name adds one. A name twice in the file, an owner who is not a member or a contract
 * that ends before it starts is an error on its line, and then nothing is imported.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import {
  contractDatesProblem,
  VENDOR_DATA_CATEGORIES,
  type VendorCriticality,
  type VendorDataCategory,
  type VendorStatus,
} from "../../core/vendors.ts";
import type { Db } from "../../db/client.ts";
import { memberships, users, vendors } from "../../db/schema/index.ts";
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
import { createVendor, updateVendor } from "./commands.ts";
import { vendorsImported } from "./events.ts";
import type { CreateVendorInput } from "./schema.ts";

export interface VendorImportRow {
  name: string;
  website: string | null;
  services: string | null;
  criticality: VendorCriticality | null;
  dataShared: VendorDataCategory[] | null;
  ownerEmail: string | null;
  contractStart: string | null;
  contractEnd: string | null;
  status: VendorStatus | null;
  isSubprocessor: boolean | null;
  subprocessorPurpose: string | null;
  subprocessorLocation: string | null;
  isSubserviceOrg: boolean | null;
  nextReviewDate: string | null;
}
type Field = keyof VendorImportRow;

export const VENDOR_COLUMNS: Aliases<Field> = {
  name: ["name", "vendor", "vendor name", "supplier", "company"],
  website: ["website", "url", "web site", "homepage"],
  services: ["services", "description", "service", "description of services"],
  criticality: ["criticality", "tier", "risk tier", "risk"],
  dataShared: ["data shared", "data", "data categories", "data access"],
  ownerEmail: ["owner", "owner email", "vendor owner"],
  contractStart: ["contract start", "start date", "contract start date"],
  contractEnd: ["contract end", "end date", "contract end date", "renewal date"],
  status: ["status"],
  isSubprocessor: ["subprocessor", "is subprocessor", "sub-processor"],
  subprocessorPurpose: ["subprocessor purpose", "purpose"],
  subprocessorLocation: ["subprocessor location", "location", "data location"],
  isSubserviceOrg: ["subservice organization", "subservice", "carved out", "is subservice organization"],
  nextReviewDate: ["next review", "next review date", "review date"],
};

export const IMPORT_TEMPLATE =
  "name,website,services,criticality,data shared,owner,contract start,contract end,status,subprocessor,subprocessor purpose,subprocessor location,subservice organization,next review";

const YES_NO = {
  yes: true,
  y: true,
  true: true,
  "1": true,
  x: true,
  no: false,
  n: false,
  false: false,
  "0": false,
} as const;
const CRITICALITY = { low: "low", medium: "medium", med: "medium", high: "high", critical: "critical" } as const;
const STATUS = { active: "active", offboarded: "offboarded", inactive: "offboarded", former: "offboarded" } as const;
const DATA_WORDS = Object.fromEntries(VENDOR_DATA_CATEGORIES.map((c) => [c.replace(/_/g, ""), c])) as Record<
  string,
  VendorDataCategory
>;

const bool = z
  .string()
  .transform((v, ctx) => {
    const key = v.trim().toLowerCase() as keyof typeof YES_NO;
    if (Object.hasOwn(YES_NO, key)) return YES_NO[key] as boolean;
    ctx.addIssue({ code: "custom", input: v, message: `'${v}' is not yes or no.` });
    return z.NEVER;
  })
  .optional();
const dataShared = z
  .string()
  .transform((v, ctx) => {
    const out: VendorDataCategory[] = [];
    for (const part of v
      .split(/[;,|]/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const c = DATA_WORDS[part.toLowerCase().replace(/[^a-z0-9]/g, "")];
      if (!c) {
        ctx.addIssue({
          code: "custom",
          input: v,
          message: `'${part}' is not a data category (use ${VENDOR_DATA_CATEGORIES.join(", ")}; separate several with ;).`,
        });
        return z.NEVER;
      }
      if (!out.includes(c)) out.push(c);
    }
    return out;
  })
  .optional();
const text = (max: number) => cell.text(max).optional();

const vendorRow = z
  .object({
    name: cell.text(TEXT_LIMITS.name),
    website: z
      .url({
        protocol: /^https?$/,
        error: (i) => `'${String(i.input)}' is not a web address (start it with https://).`,
      })
      .max(500)
      .optional(),
    services: text(TEXT_LIMITS.long),
    criticality: cell.choice(CRITICALITY, "low, medium, high or critical").optional(),
    dataShared,
    ownerEmail: cell.email().optional(),
    contractStart: cell.date().optional(),
    contractEnd: cell.date().optional(),
    status: cell.choice(STATUS, "active or offboarded").optional(),
    isSubprocessor: bool,
    subprocessorPurpose: text(TEXT_LIMITS.paragraph),
    subprocessorLocation: text(TEXT_LIMITS.name),
    isSubserviceOrg: bool,
    nextReviewDate: cell.date().optional(),
  })
  .transform((r, ctx): VendorImportRow => {
    const problem = contractDatesProblem(r.contractStart, r.contractEnd);
    if (problem) ctx.addIssue({ code: "custom", path: ["contractEnd"], input: r, message: problem });
    return {
      name: r.name,
      website: r.website ?? null,
      services: r.services ?? null,
      criticality: r.criticality ?? null,
      dataShared: r.dataShared ?? null,
      ownerEmail: r.ownerEmail ?? null,
      contractStart: r.contractStart ?? null,
      contractEnd: r.contractEnd ?? null,
      status: r.status ?? null,
      isSubprocessor: r.isSubprocessor ?? null,
      subprocessorPurpose: r.subprocessorPurpose ?? null,
      subprocessorLocation: r.subprocessorLocation ?? null,
      isSubserviceOrg: r.isSubserviceOrg ?? null,
      nextReviewDate: r.nextReviewDate ?? null,
    };
  });

export const vendorTable: TableSpec<Field, VendorImportRow> = {
  aliases: VENDOR_COLUMNS,
  required: ["name"],
  schema: vendorRow,
};

export const importSummary = z.object({ create: z.number().int(), update: z.number().int() });
type Summary = z.infer<typeof importSummary>;
export interface VendorReview extends Review<Record<string, never>, Summary> {
  existing: Map<string, string>;
  owners: Map<string, string>;
}

export async function reviewImport(
  db: Db,
  organizationId: string,
  checked: CheckedTable<Field, VendorImportRow>,
): Promise<VendorReview> {
  const valid = checked.rows.flatMap((r) => (r.value ? [{ line: r.line, row: r.value }] : []));
  const names = [...new Set(valid.map((v) => v.row.name.toLowerCase()))];
  const emails = [...new Set(valid.flatMap((v) => (v.row.ownerEmail ? [v.row.ownerEmail] : [])))];
  const [found, members] = await Promise.all([
    names.length
      ? db
          .select({ id: vendors.id, name: vendors.name })
          .from(vendors)
          .where(and(eq(vendors.organizationId, organizationId), inArray(sql`lower(${vendors.name})`, names)))
      : [],
    emails.length
      ? db
          .select({ userId: users.id, email: users.email })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.organizationId, organizationId), inArray(sql`lower(${users.email})`, emails)))
      : [],
  ]);
  const existing = new Map(found.map((f) => [f.name.toLowerCase(), f.id]));
  const owners = new Map(members.map((m) => [m.email.toLowerCase(), m.userId]));
  const column = (f: Field) => checked.byField[f] ?? VENDOR_COLUMNS[f][0];
  const errors: RowError[] = [];
  const firstLine = new Map<string, number>();
  const summary: Summary = { create: 0, update: 0 };
  for (const { line, row } of valid) {
    const key = row.name.toLowerCase();
    const seen = firstLine.get(key);
    let bad = false;
    if (seen) {
      errors.push(
        rowError(line, `“${row.name}” is also on line ${seen} (names are compared without case).`, column("name")),
      );
      bad = true;
    } else firstLine.set(key, line);
    if (row.ownerEmail && !owners.has(row.ownerEmail)) {
      errors.push(rowError(line, `${row.ownerEmail} is not a member of this organization.`, column("ownerEmail")));
      bad = true;
    }
    if (!bad) summary[existing.has(key) ? "update" : "create"]++;
  }
  return { errors, rows: new Map(), summary, existing, owners };
}

export async function applyImport(c: Change, rows: { line: number; value: VendorImportRow }[], review: VendorReview) {
  const created: string[] = [];
  const updated: string[] = [];
  for (const { value: r } of rows) {
    const { ownerEmail, name: _name, ...fields } = r;
    const input = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)) as Omit<
      CreateVendorInput,
      "name"
    >;
    const owner = ownerEmail ? { ownerUserId: review.owners.get(ownerEmail)! } : {};
    const id = review.existing.get(r.name.toLowerCase());
    // An update keeps the name as the register spells it (the file may differ in case).
    // One ledger entry for the file (below), not one per row.
    if (id) {
      await updateVendor(c, id, { ...input, ...owner }, { emit: false });
      updated.push(id);
    } else created.push((await createVendor(c, { ...input, ...owner, name: r.name }, { emit: false })).id);
  }
  await c.emit(vendorsImported, {
    id: c.actor.organizationId,
    after: { ...review.summary, created, updated, names: rows.map((r) => r.value.name).slice(0, 50) },
  });
}
