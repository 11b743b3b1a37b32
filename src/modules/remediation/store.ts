import { and, eq, inArray, sql } from "drizzle-orm";
import { compareCriterionIds, loadContent } from "../../content/index.ts";
import type { Actor } from "../../core/actor.ts";
import { addDays, utcDay } from "../../core/dates.ts";
import { newId } from "../../core/id.ts";
import { priorityOf, riskScore, SUGGESTED_DAYS } from "../../core/priority.ts";
import { type Db, queryRows } from "../../db/client.ts";
import { programInOrganization } from "../../db/programs.ts";
import { programControls, type programs, remediationItems, users } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest, conflict } from "../../platform/errors.ts";
import { ENTITY_TYPE, remediationCreated } from "./events.ts";
import { assertOwner, assertVerifier } from "./members.ts";
import { stepProgress, timelineOf } from "./progress.ts";
import {
  OPEN_STATUSES,
  type RemediationItem,
  type RemediationSource,
  type RemediationStatus,
  type ResourceInput,
  type StepInput,
  type StepStatus,
} from "./schema.ts";
import { replaceSteps, type StepRow, stepsOf } from "./steps.ts";

/**
 * Data access shared by the remediation services, the overdue job and other modules: loading the program,
 * validating owners and links, allocating refs, and `createRemediationItems` (a command the self-assessment runs
 * in its own change).
 */

export type RemediationRow = typeof remediationItems.$inferSelect;
export { addDays, assertOwner, assertVerifier, ENTITY_TYPE, utcDay };
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
  riskDescription: r.riskDescription,
  likelihood: r.likelihood,
  impact: r.impact,
  priority: r.priority,
  action: r.action,
  ownerUserId: r.ownerUserId,
  dueDate: r.dueDate,
  monitoring: r.monitoring,
  resources: r.resources,
  verifierUserId: r.verifierUserId,
  status: r.status,
  source: r.source,
  criteria: r.criteria,
  controls: r.controls,
  evidence: r.evidence,
  completedAt: r.completedAt,
  verifiedAt: r.verifiedAt,
  verifiedBy: r.verifiedBy,
  sourceCriterion: r.sourceCriterion,
  sourceControl: r.sourceControl,
});

/** The item that is still open (open or in progress) for this gap of the program, if any. */
export async function openItemForGap(
  db: Db,
  programId: string,
  gap: { sourceCriterion: string | null; sourceControl: string | null },
): Promise<Pick<RemediationRow, "id" | "ref"> | undefined> {
  const on = gap.sourceControl
    ? eq(remediationItems.sourceControl, gap.sourceControl)
    : gap.sourceCriterion
      ? eq(remediationItems.sourceCriterion, gap.sourceCriterion)
      : undefined;
  if (!on) return undefined;
  const [row] = await db
    .select({ id: remediationItems.id, ref: remediationItems.ref })
    .from(remediationItems)
    .where(and(eq(remediationItems.programId, programId), on, inArray(remediationItems.status, [...OPEN_STATUSES])))
    .limit(1);
  return row;
}

export const actorUserId = (actor: Actor) => (actor.kind === "system" ? null : actor.userId);

export interface NewRemediationItem {
  title: string;
  gap: string;
  rootCause?: string;
  /** The risk in words: what could happen. */
  riskDescription?: string;
  /** 1 (rare) – 5 (almost certain). */
  likelihood: number;
  /** 1 (negligible) – 5 (severe). */
  impact: number;
  action?: string;
  ownerUserId?: string | null;
  /** Plain date; left out: today + SUGGESTED_DAYS[priority]; null: no due date. */
  dueDate?: string | null;
  monitoring?: string;
  resources?: ResourceInput[];
  verifierUserId?: string | null;
  /** The corrective action's steps, in order. */
  steps?: StepInput[];
  criteria?: string[];
  controls?: string[];
  evidence?: string[];
  source?: RemediationSource;
  /** The gap the item is made for (a self-assessment item with one criterion is made for that criterion). */
  sourceCriterion?: string | null;
  sourceControl?: string | null;
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
    if (item.verifierUserId) await assertVerifier(tx, organizationId, item.verifierUserId, owner);
    const sourceCriterion =
      item.sourceCriterion ??
      (item.source === "self_assessment" && item.criteria?.length === 1 ? item.criteria[0]! : null);
    prepared.push({
      item,
      priority,
      owner,
      sourceCriterion: sourceCriterion ? checkCriteria([sourceCriterion])[0]! : null,
      sourceControl: item.sourceControl ? (await checkControls(tx, programId, [item.sourceControl]))[0]! : null,
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
        riskDescription: (item.riskDescription ?? "").trim(),
        likelihood: item.likelihood,
        impact: item.impact,
        priority: p.priority,
        action: (item.action ?? "").trim(),
        ownerUserId: p.owner,
        dueDate: item.dueDate === undefined ? addDays(today, SUGGESTED_DAYS[p.priority]) : item.dueDate,
        monitoring: (item.monitoring ?? "").trim(),
        resources: item.resources ?? [],
        verifierUserId: item.verifierUserId ?? null,
        status: "open",
        source: item.source ?? "manual",
        criteria: p.criteria,
        controls: p.controls,
        evidence: unique((item.evidence ?? []).map((e) => e.trim()).filter(Boolean)),
        sourceCriterion: p.sourceCriterion,
        sourceControl: p.sourceControl,
        createdBy: actorUserId(actor),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await c.emit(remediationCreated, { id: row!.id, after: ledgerView(row!) });
    if (item.steps?.length) await replaceSteps(c, row!, [], item.steps);
    // The new owner hears about it from the notifications module's subscriber of remediation.created.
    rows.push(row!);
  }
  return rows.map((r) => ({ id: r.id, ref: r.ref }));
}

/** API views of rows: people resolved by id, risk score and overdue computed. */
export async function toItems(db: Db, rows: RemediationRow[], today = utcDay()): Promise<RemediationItem[]> {
  const steps = rows.length
    ? await stepsOf(
        db,
        rows[0]!.organizationId,
        rows.map((r) => r.id),
      )
    : new Map<string, StepRow[]>();
  const ids = unique(
    [
      ...rows.flatMap((r) => [r.ownerUserId, r.verifiedBy, r.createdBy, r.verifierUserId]),
      ...[...steps.values()].flat().map((s) => s.ownerUserId),
    ].filter((x): x is string => !!x),
  );
  const people = ids.length
    ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, ids))
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const person = (id: string | null) => (id ? (byId.get(id) ?? null) : null);
  return rows.map((r) => {
    const itemSteps = steps.get(r.id) ?? [];
    return {
      id: r.id,
      programId: r.programId,
      ref: r.ref,
      title: r.title,
      gap: r.gap,
      rootCause: r.rootCause,
      riskDescription: r.riskDescription,
      likelihood: r.likelihood,
      impact: r.impact,
      riskScore: riskScore(r.likelihood, r.impact),
      priority: r.priority as RemediationItem["priority"],
      action: r.action,
      owner: person(r.ownerUserId),
      dueDate: r.dueDate,
      overdue: isOverdue(r, today),
      monitoring: r.monitoring,
      steps: itemSteps.map((s) => ({
        id: s.id,
        position: s.position,
        title: s.title,
        owner: person(s.ownerUserId),
        startDate: s.startDate,
        dueDate: s.dueDate,
        status: s.status as StepStatus,
        completedAt: s.completedAt,
      })),
      progress: stepProgress(itemSteps),
      resources: r.resources,
      timeline: timelineOf(r.dueDate, itemSteps),
      verifier: person(r.verifierUserId),
      status: r.status as RemediationStatus,
      source: r.source as RemediationSource,
      criteria: r.criteria,
      controls: r.controls,
      evidence: r.evidence,
      completedAt: r.completedAt,
      doneNote: r.doneNote,
      verifiedAt: r.verifiedAt,
      verifiedBy: person(r.verifiedBy),
      verificationNote: r.verificationNote,
      sourceCriterion: r.sourceCriterion,
      sourceControl: r.sourceControl,
      createdBy: person(r.createdBy),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  });
}
