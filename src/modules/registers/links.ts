/**
 * Register records linked to controls, by control key. Every register (risks, vendors, incidents…) gets the same
 * two routes from `controlLinkRoutes`; the keys must be controls of one of the organization's programs.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { programControls, programs, registerControlLinks } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { actorOf } from "../../kernel/http/request.ts";
import type { routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import type { Action } from "../../kernel/policies.ts";
import type { Change } from "../../kernel/types.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { registerControlsLinked } from "./events.ts";

export const linkedControl = z.object({
  key: z.string().describe("The control's key in the programs, e.g. RSK-03 or CUS-01"),
  name: z.string(),
  programId: z.uuid().nullable().describe("The newest live program that has the control (null: none does now)"),
});
export const linkedControlList = z.object({ items: z.array(linkedControl) });
const setLinksBody = z.strictObject({
  keys: z
    .array(z.string().trim().min(1).max(50))
    .max(200)
    .describe("Every control key the record is linked to (replaces the current links)"),
});

export interface ControlLinkDeclaration {
  /** The register's base path, e.g. "/risks": adds GET and PUT `${path}/:id/controls`. */
  path: string;
  /** Stored with each link: "risk", "vendor", "incident"… */
  register: string;
  /** For operation ids: "Risk" gives listRiskControls and setRiskControls. */
  noun: string;
  read: Action;
  write: Action;
  /** Whether the record exists in this organization (404 otherwise). */
  exists: (db: Db, organizationId: string, id: string) => Promise<boolean>;
}

type Known = { name: string; programId: string };
/** Each of these keys among the organization's live programs' controls: its name and program (the newest wins). */
async function controlNames(db: Db, organizationId: string, keys?: readonly string[]): Promise<Map<string, Known>> {
  const rows = await db
    .select({ key: programControls.key, name: programControls.name, programId: programControls.programId })
    .from(programControls)
    .innerJoin(programs, eq(programs.id, programControls.programId))
    .where(
      and(
        eq(programControls.organizationId, organizationId),
        isNull(programs.archivedAt),
        keys ? inArray(programControls.key, [...keys]) : undefined,
      ),
    )
    .orderBy(asc(programs.createdAt));
  return new Map(rows.map((r) => [r.key, { name: r.name, programId: r.programId }]));
}

/** `exists` for a register table with `id` and `organization_id` columns. */
export const existsIn =
  (table: PgTable & { id: AnyPgColumn; organizationId: AnyPgColumn }) =>
  async (db: Db, organizationId: string, id: string) =>
    (
      await db
        .select({ id: table.id })
        .from(table as PgTable)
        .where(and(eq(table.organizationId, organizationId), eq(table.id, id)))
        .limit(1)
    ).length > 0;

/** Every control a register record can link to: each key once, with its name in the newest live program. */
export async function linkableControls(db: Db, organizationId: string) {
  const names = await controlNames(db, organizationId);
  return {
    items: [...names]
      .map(([key, known]) => ({ key, ...known }))
      .sort((a, b) => a.key.localeCompare(b.key, "en", { numeric: true })),
  };
}

/** Each record's linked control keys, sorted. */
export async function linkedControlKeys(
  db: Db,
  organizationId: string,
  register: string,
  recordIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(recordIds.map((id) => [id, []]));
  if (!recordIds.length) return out;
  const rows = await db
    .select({ recordId: registerControlLinks.recordId, key: registerControlLinks.controlKey })
    .from(registerControlLinks)
    .where(
      and(
        eq(registerControlLinks.organizationId, organizationId),
        eq(registerControlLinks.register, register),
        inArray(registerControlLinks.recordId, [...recordIds]),
      ),
    )
    .orderBy(asc(registerControlLinks.controlKey));
  for (const r of rows) out.get(r.recordId)?.push(r.key);
  return out;
}

async function linkedControls(db: Db, organizationId: string, register: string, recordId: string) {
  const keys = (await linkedControlKeys(db, organizationId, register, [recordId])).get(recordId) ?? [];
  const names = await controlNames(db, organizationId, keys);
  // A key whose program was archived keeps its link; it shows without a name until a program adopts it again.
  return {
    items: keys.map((key) => ({ key, name: names.get(key)?.name ?? "", programId: names.get(key)?.programId ?? null })),
  };
}

/** Replaces a record's links with these keys, in the change; the ledger records the keys before and after. */
export async function setControlLinks(c: Change, register: string, recordId: string, keys: readonly string[]) {
  const organizationId = c.organizationId!;
  const wanted = [...new Set(keys)].sort();
  const known = await controlNames(c.tx, organizationId, wanted);
  const unknown = wanted.filter((k) => !known.has(k));
  if (unknown.length)
    throw badRequest(
      "unknown_control",
      `No program of this organization has ${unknown.length === 1 ? "the control" : "the controls"} ${unknown.join(", ")}. Link controls listed on the Controls page.`,
    );
  const before = (await linkedControlKeys(c.tx, organizationId, register, [recordId])).get(recordId)!;
  if (before.join() === wanted.join()) return;
  const scope = and(
    eq(registerControlLinks.organizationId, organizationId),
    eq(registerControlLinks.register, register),
    eq(registerControlLinks.recordId, recordId),
  );
  await c.tx.delete(registerControlLinks).where(scope);
  const linkedBy = c.actor.kind === "system" ? null : c.actor.userId;
  if (wanted.length)
    await c.tx
      .insert(registerControlLinks)
      .values(wanted.map((controlKey) => ({ id: newId(), organizationId, register, recordId, controlKey, linkedBy })));
  await c.emit(registerControlsLinked, {
    id: recordId,
    before: { register, controls: before },
    after: { register, controls: wanted },
  });
}

/** Removes a deleted record's links (its deletion's own event records it; the links need no entry of their own). */
export async function unlinkRecord(c: Change, register: string, recordId: string) {
  await c.tx
    .delete(registerControlLinks)
    .where(
      and(
        eq(registerControlLinks.organizationId, c.organizationId!),
        eq(registerControlLinks.register, register),
        eq(registerControlLinks.recordId, recordId),
      ),
    );
}

/** GET and PUT `${path}/:id/controls` for one register. */
export function controlLinkRoutes(route: ReturnType<typeof routesFor>, db: Db, d: ControlLinkDeclaration) {
  const what = d.noun.charAt(0).toUpperCase() + d.noun.slice(1);
  const found = async (organizationId: string, id: string) => {
    if (!(await d.exists(db, organizationId, id))) throw notFound(`The ${d.noun.toLowerCase()}`);
  };
  route.get(
    `${d.path}/:id/controls`,
    {
      operationId: `list${what}Controls`,
      summary: `The controls this ${d.noun.toLowerCase()} is linked to`,
      access: d.read,
      params: idParams,
      response: { 200: linkedControlList },
    },
    async (req) => {
      const { organizationId } = actorOf(req);
      await found(organizationId, req.params.id);
      return linkedControls(db, organizationId, d.register, req.params.id);
    },
  );
  route.put(
    `${d.path}/:id/controls`,
    {
      operationId: `set${what}Controls`,
      summary: `Link this ${d.noun.toLowerCase()} to exactly these controls (by key)`,
      access: d.write,
      params: idParams,
      body: setLinksBody,
      response: { 200: linkedControlList },
    },
    async (req) => {
      const actor = actorOf(req);
      await found(actor.organizationId, req.params.id);
      await change(db, actor, (c) => setControlLinks(c, d.register, req.params.id, req.body.keys));
      return linkedControls(db, actor.organizationId, d.register, req.params.id);
    },
  );
}
