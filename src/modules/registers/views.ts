/** Saved views: a list page's filters under a name, the person's own or shared with the organization. */
import { and, asc, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { type OrgActor, subjectOf } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { allows } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { savedViews } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/types.ts";
import { AppError, forbidden, notFound } from "../../platform/errors.ts";
import { viewDeleted, viewSaved } from "./events.ts";
import { policy, rules } from "./policy.ts";

const MAX_VIEWS_PER_LIST = 50;
/** Parameters that are not filters: where the list is, not what it shows. */
const NOT_FILTERS = new Set(["page"]);

export const scopeParam = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, "Use the list's name, e.g. risks or vendors.")
  .describe("The list the view belongs to, e.g. risks");

export const savedView = z.object({
  id: z.uuid(),
  scope: z.string(),
  name: z.string(),
  query: z.record(z.string(), z.string()).describe("The list's filters as URL search parameters"),
  shared: z.boolean(),
  mine: z.boolean().describe("Saved by the signed-in person"),
  canDelete: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const saveViewBody = z.strictObject({
  scope: scopeParam,
  name: z.string().trim().min(1, "Name the view.").max(80),
  query: z
    .record(z.string().regex(/^[A-Za-z][\w.-]{0,39}$/, "Not a filter name."), z.string().max(500))
    .refine((q) => Object.keys(q).length <= 30, "A view keeps at most 30 filters."),
  shared: z
    .boolean()
    .default(false)
    .describe("Everyone in the organization sees it (owners, admins, compliance managers)"),
});
export type SaveView = z.infer<typeof saveViewBody>;

type Row = typeof savedViews.$inferSelect;
const present = (actor: OrgActor, v: Row) => ({
  id: v.id,
  scope: v.scope,
  name: v.name,
  query: v.query,
  shared: v.shared,
  mine: v.ownerUserId === actor.userId,
  canDelete: rules.deleteViewProblem(subjectOf(actor), v) === null,
  createdAt: v.createdAt,
  updatedAt: v.updatedAt,
});

/** The person's own views of this list, then the organization's shared ones, by name. */
export async function listViews(db: Db, actor: OrgActor, scope: string) {
  const rows = await db
    .select()
    .from(savedViews)
    .where(
      and(
        eq(savedViews.organizationId, actor.organizationId),
        eq(savedViews.scope, scope),
        or(eq(savedViews.ownerUserId, actor.userId), eq(savedViews.shared, true)),
      ),
    )
    .orderBy(sql`${savedViews.ownerUserId} <> ${actor.userId}`, asc(savedViews.name));
  return { items: rows.map((v) => present(actor, v)) };
}

/** Saves the view; the person's view of this list with the same name is replaced. */
export async function saveView(c: Change, actor: OrgActor, body: SaveView) {
  if (body.shared && !allows(policy, subjectOf(actor), "views.share"))
    throw forbidden("Only an owner, admin or compliance manager can share a view with the organization.");
  const query = Object.fromEntries(Object.entries(body.query).filter(([k, v]) => v !== "" && !NOT_FILTERS.has(k)));
  const scope = and(
    eq(savedViews.organizationId, actor.organizationId),
    eq(savedViews.scope, body.scope),
    eq(savedViews.ownerUserId, actor.userId),
  );
  const [existing] = await c.tx
    .select()
    .from(savedViews)
    .where(and(scope, eq(savedViews.name, body.name)))
    .for("update");
  if (!existing) {
    const [{ n }] = (await c.tx.select({ n: sql<number>`count(*)::int` }).from(savedViews).where(scope)) as [
      { n: number },
    ];
    if (n >= MAX_VIEWS_PER_LIST)
      throw new AppError(409, "too_many_views", `You have ${n} saved views of this list: remove one first.`);
  }
  const values = { name: body.name, query, shared: body.shared, updatedAt: c.now };
  const [row] = existing
    ? await c.tx.update(savedViews).set(values).where(eq(savedViews.id, existing.id)).returning()
    : await c.tx
        .insert(savedViews)
        .values({
          id: newId(),
          organizationId: actor.organizationId,
          scope: body.scope,
          ownerUserId: actor.userId,
          ...values,
        })
        .onConflictDoUpdate({
          target: [savedViews.organizationId, savedViews.scope, savedViews.ownerUserId, savedViews.name],
          set: values,
        })
        .returning();
  await c.emit(viewSaved, {
    id: row!.id,
    before: existing ? { name: existing.name, query: existing.query, shared: existing.shared } : undefined,
    after: { scope: row!.scope, name: row!.name, query: row!.query, shared: row!.shared },
  });
  return present(actor, row!);
}

export async function deleteView(c: Change, actor: OrgActor, id: string) {
  const [row] = await c.tx
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.id, id), eq(savedViews.organizationId, actor.organizationId)))
    .for("update");
  // Someone else's private view does not exist as far as this person is concerned.
  if (!row || (!row.shared && row.ownerUserId !== actor.userId)) throw notFound("The saved view");
  const problem = rules.deleteViewProblem(subjectOf(actor), row);
  if (problem) throw forbidden(problem);
  await c.tx.delete(savedViews).where(eq(savedViews.id, id));
  await c.emit(viewDeleted, { id, before: { scope: row.scope, name: row.name, shared: row.shared } });
}
