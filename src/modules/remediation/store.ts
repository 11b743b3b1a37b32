import { and, eq, inArray, sql } from "drizzle-orm";
import { compareCriterionIds, loadContent } from "../../content/index.ts";
import type { Actor } from "../../core/actor.ts";
import { addDays, utcDay } from "../../core/dates.ts";
import { newId } from "../../core/id.ts";
import { priorityOf, riskScore, SUGGESTED_DAYS } from "../../core/priority.ts";
import { ROLE_LABELS, type Role } from "../../core/roles.ts";
import { type Db, queryRows } from "../../db/client.ts";
import { programInOrganization } from "../../db/programs.ts";
import { memberships, programControls, type programs, remediationItems, users } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest, conflict } from "../../platform/errors.ts";
import { notify } from "../notifications/public.ts";
import { ENTITY_TYPE, remediationCreated } from "./events.ts";
import { policy } from "./policy.ts";
import {
  OPEN_STATUSES,
  type Person,
  type RemediationItem,
  type RemediationSource,
  type RemediationStatus,
} from "./schema.ts";

/**
 * Data access shared by the remediation services, the overdue job and other modules: loading the program,
 * validating owners and links, allocating refs, and `createRemediationItems` (a command the self-assessment runs
 * in its own change).
 */

export type RemediationRow = typeof remediationItems.$inferSelect;
export { addDays, ENTITY_TYPE, utcDay };
export const loadProgram = programInOrganization;

/** The web app's page of an item (notifications link here; emails prefix the public URL). */
export const itemLink = (programId: string, id: string) => `/programs/${programId}/remediation/${id}`;

export const isOpen = (status: string) => OPEN_STATUSES.includes(status as RemediationStatus);
export const isOverdue = (r: Pick<RemediationRow, "status" | "dueDate">, today: string) =>
  isOpen(r.status) && r.dueDate !== null && r.dueDate < today;

export function assertProgramWritable(p: typeof programs.$inferSelect) {
  if (p.archivedAt)
    throw conflict(
      "program_archived",
      `${p.name} is archived, so its remediation plan is read-only. Restore the program to change the plan.`,
    );
}

/** Roles that can work on an item; the owner must hold one of them. */
const OWNER_ROLES: readonly Role[] = policy["remediation.update_own"].roles;

/** Checks that `userId` is a member of the organization who can work on remediation items. */
export async function assertOwner(db: Db, organizationId: string, userId: string): Promise<Person> {
  const [m] = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (!m)
    throw badRequest(
      "owner_not_member",
      "The owner must be a member of this organization. Pick someone from the members list (their user id), or invite them first.",
    );
  if (!OWNER_ROLES.includes(m.role as Role))
    throw badRequest(
      "owner_cannot_work_on_items",
      `${m.name} is ${ROLE_LABELS[m.role as Role].toLowerCase()} here and cannot work on remediation items. Choose an owner, admin, compliance manager or control owner, or change ${m.name}'s role first.`,
    );
  return { id: m.id, name: m.name, email: m.email };
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

/** Known Trust Services Criteria ids, deduplicated, in the criteria's natural order. */
export function checkCriteria(ids: readonly string[]): string[] {
  const known = loadContent().criteriaById;
  const wanted = unique(ids.map((id) => id.trim().toUpperCase()));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length)
    throw badRequest(
      "unknown_criterion",
      `${unknown.join(", ")} ${unknown.length === 1 ? "is not a Trust Services Criterion" : "are not Trust Services Criteria"}. Use criterion ids such as CC6.1 or A1.2.`,
      { criteria: unknown },
    );
  return wanted.sort(compareCriterionIds);
}

/** Control ids that exist in the program, deduplicated, in the given order. */
export async function checkControls(db: Db, programId: string, keys: readonly string[]): Promise<string[]> {
  const wanted = unique(keys.map((k) => k.trim().toUpperCase()));
  if (!wanted.length) return [];
  const found = await db
    .select({ key: programControls.key })
    .from(programControls)
    .where(and(eq(programControls.programId, programId), inArray(programControls.key, wanted)));
  const have = new Set(found.map((f) => f.key));
  const unknown = wanted.filter((k) => !have.has(k));
  if (unknown.length)
    throw badRequest(
      "unknown_control",
      `${unknown.join(", ")} ${unknown.length === 1 ? "is not a control" : "are not controls"} of this program. Link controls by the ids shown in the program's control list, e.g. GOV-01.`,
      { controls: unknown },
    );
  return wanted;
}

/**
 * The next `count` refs of the program (R-<n>, numbering on from the highest). A transaction-scoped advisory lock
 * serializes allocators, so concurrent creators never collide; the change took the organization's ledger lock
 * before it, so every writer takes the two in the same order.
 */
export async function allocateRefs(c: Change, programId: string, count: number) {
  const { tx } = c;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`remediation-ref:${programId}`}, 0))`);
  const [row] = await queryRows<{ n: number | string | null }>(
    tx,
    sql`SELECT max(cast(substring(ref from 3) as integer)) AS n FROM remediation_items WHERE program_id = ${programId}`,
  );
  const last = Number(row?.n ?? 0);
  return Array.from({ length: count }, (_, i): string => `R-${last + i + 1}`);
}

/** What the ledger keeps about an item (its whole plan content and state). */
export const ledgerView = (r: RemediationRow) => ({
  programId: r.programId,
  ref: r.ref,
  title: r.title,
  gap: r.gap,
  rootCause: r.rootCause,
  likelihood: r.likelihood,
  impact: r.impact,
  priority: r.priority,
  action: r.action,
  ownerUserId: r.ownerUserId,
  dueDate: r.dueDate,
  monitoring: r.monitoring,
  status: r.status,
  source: r.source,
  criteria: r.criteria,
  controls: r.controls,
  evidence: r.evidence,
  completedAt: r.completedAt,
  verifiedAt: r.verifiedAt,
  verifiedBy: r.verifiedBy,
});

export const actorUserId = (actor: Actor) => (actor.kind === "system" ? null : actor.userId);

/** Tells an item's owner they own it (unless they made the change), in the change that assigned them. */
export async function notifyAssigned(c: Change, r: RemediationRow) {
  const { actor } = c;
  if (!r.ownerUserId || r.ownerUserId === actorUserId(actor)) return;
  const by = actor.kind === "system" ? "Assay" : actor.name;
  await notify(c, {
    organizationId: r.organizationId,
    userId: r.ownerUserId,
    kind: "remediation.assigned",
    title: `You own ${r.ref}: ${r.title}`,
    body: `${by} made you the owner of this ${r.priority}-priority remediation item${r.dueDate ? `, due ${r.dueDate}` : ""}.`,
    link: itemLink(r.programId, r.id),
  });
}

export interface NewRemediationItem {
  title: string;
  gap: string;
  rootCause?: string;
  /** 1 (rare) – 5 (almost certain). */
  likelihood: number;
  /** 1 (negligible) – 5 (severe). */
  impact: number;
  action?: string;
  ownerUserId?: string | null;
  /** Plain date; left out: today + SUGGESTED_DAYS[priority]; null: no due date. */
  dueDate?: string | null;
  monitoring?: string;
  criteria?: string[];
  controls?: string[];
  evidence?: string[];
  source?: RemediationSource;
}

/**
 * Adds items to a program's plan, as the change's actor: checks the program (the actor's organization, not
 * archived), owners, criteria and controls, allocates refs, computes priority from likelihood × impact, inserts,
 * notifies assigned owners and emits one `remediation.created` per item. A command: runs in the caller's change.
 * Throws an AppError (400/404/409) on bad input; the caller's change then writes nothing.
 */
export async function createRemediationItems(
  c: Change,
  programId: string,
  items: NewRemediationItem[],
): Promise<{ id: string; ref: string }[]> {
  if (!items.length) return [];
  const { tx, actor } = c;
  const organizationId = actor.organizationId;
  assertProgramWritable(await loadProgram(tx, organizationId, programId));
  const checkedOwners = new Set<string>();
  const rows: RemediationRow[] = [];
  const today = utcDay(c.now);
  const now = c.now;
  const prepared = [];
  for (const item of items) {
    if (!item.title.trim() || !item.gap.trim())
      throw badRequest("invalid_item", "Every remediation item needs a title and a description of the gap.");
    let priority: ReturnType<typeof priorityOf>;
    try {
      priority = priorityOf(item.likelihood, item.impact);
    } catch {
      throw badRequest("invalid_rating", "Rate likelihood and impact as whole numbers from 1 to 5.");
    }
    const owner = item.ownerUserId ?? null;
    if (owner && !checkedOwners.has(owner)) {
      await assertOwner(tx, organizationId, owner);
      checkedOwners.add(owner);
    }
    prepared.push({
      item,
      priority,
      owner,
      criteria: checkCriteria(item.criteria ?? []),
      controls: await checkControls(tx, programId, item.controls ?? []),
    });
  }
  const refs = await allocateRefs(c, programId, prepared.length);
  for (const [i, p] of prepared.entries()) {
    const { item } = p;
    const [row] = await tx
      .insert(remediationItems)
      .values({
        id: newId(),
        organizationId,
        programId,
        ref: refs[i]!,
        title: item.title.trim(),
        gap: item.gap.trim(),
        rootCause: (item.rootCause ?? "").trim(),
        likelihood: item.likelihood,
        impact: item.impact,
        priority: p.priority,
        action: (item.action ?? "").trim(),
        ownerUserId: p.owner,
        dueDate: item.dueDate === undefined ? addDays(today, SUGGESTED_DAYS[p.priority]) : item.dueDate,
        monitoring: (item.monitoring ?? "").trim(),
        status: "open",
        source: item.source ?? "manual",
        criteria: p.criteria,
        controls: p.controls,
        evidence: unique((item.evidence ?? []).map((e) => e.trim()).filter(Boolean)),
        createdBy: actorUserId(actor),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await c.emit(remediationCreated, { id: row!.id, after: ledgerView(row!) });
    await notifyAssigned(c, row!);
    rows.push(row!);
  }
  return rows.map((r) => ({ id: r.id, ref: r.ref }));
}

/** API views of rows: people resolved by id, risk score and overdue computed. */
export async function toItems(db: Db, rows: RemediationRow[], today = utcDay()): Promise<RemediationItem[]> {
  const ids = unique(rows.flatMap((r) => [r.ownerUserId, r.verifiedBy, r.createdBy]).filter((x): x is string => !!x));
  const people = ids.length
    ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, ids))
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const person = (id: string | null) => (id ? (byId.get(id) ?? null) : null);
  return rows.map((r) => ({
    id: r.id,
    programId: r.programId,
    ref: r.ref,
    title: r.title,
    gap: r.gap,
    rootCause: r.rootCause,
    likelihood: r.likelihood,
    impact: r.impact,
    riskScore: riskScore(r.likelihood, r.impact),
    priority: r.priority as RemediationItem["priority"],
    action: r.action,
    owner: person(r.ownerUserId),
    dueDate: r.dueDate,
    overdue: isOverdue(r, today),
    monitoring: r.monitoring,
    status: r.status as RemediationStatus,
    source: r.source as RemediationSource,
    criteria: r.criteria,
    controls: r.controls,
    evidence: r.evidence,
    completedAt: r.completedAt,
    verifiedAt: r.verifiedAt,
    verifiedBy: person(r.verifiedBy),
    createdBy: person(r.createdBy),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}
