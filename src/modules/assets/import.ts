/**
 * Importing assets from a CSV or XLSX (through kernel/http/import.ts): the columns and their spellings, then the
 * checks only the whole file and the inventory show — a name twice for one kind in the file, an owner who is not a
 * member, a name taken by an asset from a connection — and the writes, all rows in one change or none.
 * A row naming an asset entered by hand (same kind and name) updates it: importing the same file twice changes nothing.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ASSET_KINDS, type AssetKind, type Classification, type Environment } from "../../core/assets.ts";
import { newId } from "../../core/id.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import type { Db } from "../../db/client.ts";
import { assets, memberships, users } from "../../db/schema/index.ts";
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
import { assetControlsMoved } from "./commands.ts";
import { assetsImported } from "./events.ts";

export interface AssetRow {
  name: string;
  kind: AssetKind;
  description: string | null;
  ownerEmail: string | null;
  classification: Classification | null;
  environment: Environment | null;
  inScope: boolean | null;
  externalId: string | null;
}
type Field = keyof AssetRow;

export const ASSET_COLUMNS: Aliases<Field> = {
  name: ["name", "asset", "asset name", "system", "hostname"],
  kind: ["kind", "type", "asset type", "category"],
  description: ["description", "notes", "purpose"],
  ownerEmail: ["owner", "owner email", "owner e-mail", "responsible"],
  classification: ["classification", "data classification", "sensitivity"],
  environment: ["environment", "env"],
  inScope: ["in scope", "scope", "in-scope", "soc 2 scope"],
  externalId: ["external id", "id", "asset id", "identifier"],
};

const KINDS = {
  system: "system",
  server: "system",
  application: "system",
  service: "system",
  datastore: "data_store",
  database: "data_store",
  storage: "data_store",
  bucket: "data_store",
  endpoint: "endpoint",
  laptop: "endpoint",
  device: "endpoint",
  workstation: "endpoint",
  saasapplication: "saas_application",
  saas: "saas_application",
  saasapp: "saas_application",
  network: "network",
  other: "other",
} as const satisfies Record<string, AssetKind>;
const CLASSES = {
  public: "public",
  internal: "internal",
  confidential: "confidential",
  restricted: "restricted",
  secret: "restricted",
} as const satisfies Record<string, Classification>;
const ENVS = {
  production: "production",
  prod: "production",
  staging: "staging",
  stage: "staging",
  development: "development",
  dev: "development",
  corporate: "corporate",
  corp: "corporate",
  office: "corporate",
} as const satisfies Record<string, Environment>;
const YES_NO = {
  yes: "yes",
  y: "yes",
  true: "yes",
  1: "yes",
  x: "yes",
  no: "no",
  n: "no",
  false: "no",
  0: "no",
} as const;

const assetRow = z
  .object({
    name: cell.text(TEXT_LIMITS.name),
    kind: cell.choice(KINDS, `one of ${ASSET_KINDS.join(", ")}`),
    description: cell.text(TEXT_LIMITS.long).optional(),
    ownerEmail: cell.email().optional(),
    classification: cell.choice(CLASSES, "public, internal, confidential or restricted").optional(),
    environment: cell.choice(ENVS, "production, staging, development or corporate").optional(),
    inScope: cell.choice(YES_NO, "yes or no").optional(),
    externalId: cell.text(TEXT_LIMITS.name).optional(),
  })
  .transform(
    (r): AssetRow => ({
      name: r.name,
      kind: r.kind,
      description: r.description ?? null,
      ownerEmail: r.ownerEmail ?? null,
      classification: r.classification ?? null,
      environment: r.environment ?? null,
      inScope: r.inScope === undefined ? null : r.inScope === "yes",
      externalId: r.externalId ?? null,
    }),
  );

export const assetTable: TableSpec<Field, AssetRow> = {
  aliases: ASSET_COLUMNS,
  required: ["name", "kind"],
  schema: assetRow,
};

export const importSummary = z.object({ create: z.number().int(), update: z.number().int() });
type Summary = z.infer<typeof importSummary>;

export interface AssetReview extends Review<Record<string, never>, Summary> {
  owners: Map<string, string>;
  /** line → the id of the asset entered by hand that the row updates. */
  updates: Map<number, string>;
}

const keyOf = (kind: string, name: string) => `${kind}:${name.toLowerCase()}`;

export async function reviewImport(
  db: Db,
  organizationId: string,
  checked: CheckedTable<Field, AssetRow>,
): Promise<AssetReview> {
  const existing = new Map(
    (
      await db
        .select({ id: assets.id, kind: assets.kind, name: assets.name, connectionId: assets.connectionId })
        .from(assets)
        .where(eq(assets.organizationId, organizationId))
    ).map((a) => [keyOf(a.kind, a.name), a]),
  );
  const owners = new Map(
    (
      await db
        .select({ email: users.email, id: users.id })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organizationId, organizationId)))
    ).map((m) => [m.email.toLowerCase(), m.id]),
  );
  const column = (f: Field) => checked.byField[f] ?? ASSET_COLUMNS[f][0];
  const errors: RowError[] = [];
  const updates = new Map<number, string>();
  const firstLine = new Map<string, number>();
  let create = 0;
  for (const r of checked.rows) {
    const row = r.value;
    if (!row) continue;
    const key = keyOf(row.kind, row.name);
    const seen = firstLine.get(key);
    if (seen) {
      errors.push(
        rowError(r.line, `“${row.name}” (${row.kind}) is also on line ${seen}: one row per asset.`, column("name")),
      );
      continue;
    }
    firstLine.set(key, r.line);
    if (row.ownerEmail && !owners.has(row.ownerEmail)) {
      errors.push(
        rowError(
          r.line,
          `${row.ownerEmail} is not a member of this organization: invite them first.`,
          column("ownerEmail"),
        ),
      );
      continue;
    }
    const match = existing.get(key);
    if (match?.connectionId) {
      errors.push(
        rowError(
          r.line,
          `“${row.name}” is already in the inventory from a connection: change it there, or give this row another name.`,
          column("name"),
        ),
      );
      continue;
    }
    if (match) updates.set(r.line, match.id);
    else create++;
  }
  return { errors, rows: new Map(), summary: { create, update: updates.size }, owners, updates };
}

export async function applyImport(c: Change, rows: { line: number; value: AssetRow }[], review: AssetReview) {
  const organizationId = c.organizationId!;
  const fields = (r: AssetRow) => ({
    description: r.description,
    ownerUserId: r.ownerEmail ? review.owners.get(r.ownerEmail)! : null,
    classification: r.classification,
    environment: r.environment,
    externalId: r.externalId,
  });
  const created = rows
    .filter((r) => !review.updates.has(r.line))
    .map(({ value }) => ({
      id: newId(),
      organizationId,
      name: value.name,
      kind: value.kind,
      ...fields(value),
      inScope: value.inScope ?? false,
      createdBy: c.actor.kind === "system" ? null : c.actor.userId,
      createdAt: c.now,
      updatedAt: c.now,
    }));
  for (let i = 0; i < created.length; i += 500) await c.tx.insert(assets).values(created.slice(i, i + 500));
  for (const { line, value } of rows) {
    const id = review.updates.get(line);
    if (!id) continue;
    const f = fields(value);
    // A blank cell leaves what the asset has: an import adds facts, it does not erase them.
    const set = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== null));
    await c.tx
      .update(assets)
      .set({ ...set, ...(value.inScope === null ? {} : { inScope: value.inScope }), updatedAt: c.now })
      .where(and(eq(assets.organizationId, organizationId), eq(assets.id, id)));
  }
  await c.emit(assetsImported, {
    after: { created: created.length, updated: review.updates.size, names: rows.slice(0, 50).map((r) => r.value.name) },
  });
  await assetControlsMoved(c);
}
