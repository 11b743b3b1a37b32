/**
 * Writing the register: a change recorded or edited by hand, removed, approved after the fact, and the upsert of
 * synced changes (keyed by source, repository and reference: a sync again updates, never duplicates). Every write
 * runs in the caller's change() and emits its event; the stored `unreviewed` flag is recomputed at each write.
 */
import { and, eq, inArray, isNull, type SQL } from "drizzle-orm";
import {
  type Approval,
  type Approver,
  type ChangeSource,
  emergencyApprovalRefusal,
  isUnreviewed,
} from "../../core/changes.ts";
import { newId } from "../../core/id.ts";
import { changes } from "../../db/schema/index.ts";
import type { ChangeInput } from "../../integrations/changes.ts";
import type { Change } from "../../kernel/change.ts";
import { AppError, badRequest, notFound } from "../../platform/errors.ts";
import { unlinkRecord } from "../registers/public.ts";
import { changeCreated, changeDeleted, changeEmergencyApproved, changeUpdated } from "./events.ts";
import type { CreateBody, UpdateBody } from "./schema.ts";

export type ChangeRow = typeof changes.$inferSelect;
export const REGISTER = "change";

const userOf = (c: Change) => (c.actor.kind === "system" ? null : c.actor.userId);

/** Fields a sync owns: on a synced change they are the source's, not editable by hand. */
const SYNCED_FIELDS = [
  "title",
  "description",
  "repository",
  "externalRef",
  "url",
  "author",
  "approvals",
  "checksPassed",
  "mergedAt",
] as const satisfies readonly (keyof UpdateBody)[];

const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

function values(body: UpdateBody) {
  const out: Partial<typeof changes.$inferInsert> = {};
  const set = <K extends keyof typeof changes.$inferInsert>(k: K, v: (typeof changes.$inferInsert)[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set("title", body.title);
  set("description", body.description || (body.description === undefined ? undefined : null));
  set("repository", body.repository || (body.repository === undefined ? undefined : null));
  set("externalRef", body.externalRef || (body.externalRef === undefined ? undefined : null));
  set("url", body.url);
  set("author", body.author || (body.author === undefined ? undefined : null));
  set(
    "approvals",
    body.approvals?.map((a) => ({ by: a.by, at: a.at ? new Date(a.at).toISOString() : null })),
  );
  set("checksPassed", body.checksPassed);
  set("mergedAt", toDate(body.mergedAt));
  set("deployedAt", toDate(body.deployedAt));
  set("emergency", body.emergency);
  set("risk", body.risk || (body.risk === undefined ? undefined : null));
  set("status", body.status);
  return out;
}

/** Approvals compare by who and when (jsonb does not keep the keys' order). */
const sameApprovals = (a: readonly Approval[], b: readonly Approval[]) =>
  a.length === b.length && a.every((x, i) => x.by === b[i]!.by && (x.at ?? null) === (b[i]!.at ?? null));

/** Merged before deployed, and a deployment cannot come first. */
function checkDates(mergedAt: Date | null, deployedAt: Date | null) {
  if (mergedAt && deployedAt && deployedAt < mergedAt)
    throw badRequest("dates_out_of_order", "The change is deployed before it was merged: check both dates.");
}

const withFlag = <T extends Partial<ChangeRow>>(row: T & Parameters<typeof isUnreviewed>[0]) => ({
  ...row,
  unreviewed: isUnreviewed(row),
});

async function refTaken(
  c: Change,
  source: ChangeSource,
  repository: string | null,
  ref: string | null,
  except?: string,
) {
  if (!ref) return;
  const where: SQL[] = [
    eq(changes.organizationId, c.organizationId!),
    eq(changes.source, source),
    eq(changes.externalRef, ref),
    repository === null ? isNull(changes.repository) : eq(changes.repository, repository),
  ];
  const [row] = await c.tx
    .select({ id: changes.id })
    .from(changes)
    .where(and(...where));
  if (row && row.id !== except)
    throw new AppError(
      409,
      "change_ref_taken",
      `A change with the reference ${ref} is already recorded for this repository.`,
    );
}

/** A change recorded by hand (or imported) as a row, checked, with its stored flag. */
export function manualRow(c: Change, body: CreateBody) {
  const v = values(body);
  const row = withFlag({
    id: newId(),
    organizationId: c.organizationId!,
    source: "manual" as const,
    committer: null,
    signature: null,
    approvals: [],
    checksPassed: null,
    mergedAt: null,
    deployedAt: null,
    emergency: false,
    emergencyApprovedAt: null,
    author: null,
    status: v.deployedAt ? "deployed" : v.mergedAt ? "merged" : "proposed",
    createdBy: userOf(c),
    ...v,
    title: body.title,
  });
  checkDates(row.mergedAt, row.deployedAt);
  return row;
}

export async function createChange(c: Change, body: CreateBody): Promise<ChangeRow> {
  const row = manualRow(c, body);
  await refTaken(c, "manual", row.repository ?? null, row.externalRef ?? null);
  const [created] = await c.tx.insert(changes).values(row).returning();
  await c.emit(changeCreated, {
    id: created!.id,
    after: { title: created!.title, source: created!.source, emergency: created!.emergency, status: created!.status },
  });
  return created!;
}

/** An edit by hand (or an import's update) as the fields to set, with the flag recomputed; null when nothing changes. */
export function manualUpdate(before: ChangeRow, body: UpdateBody, now: Date) {
  if (before.source !== "manual") {
    const owned = SYNCED_FIELDS.filter((f) => body[f] !== undefined);
    if (owned.length)
      throw badRequest(
        "synced_field",
        `This change comes from ${before.source === "github" ? "GitHub" : "git"}: its ${owned.join(", ")} come from the source and change with the next sync.`,
      );
  }
  const v = values(body);
  const next = { ...before, ...v };
  checkDates(next.mergedAt, next.deployedAt);
  // Marking a change no longer emergency drops its after-the-fact approval with it.
  if (v.emergency === false && before.emergency)
    Object.assign(v, {
      emergencyApprovedAt: null,
      emergencyApprovedBy: null,
      emergencyApproverName: null,
      emergencyJustification: null,
    });
  const changed = Object.keys(v).filter(
    (k) =>
      !(k === "approvals"
        ? sameApprovals(v.approvals ?? [], before.approvals)
        : JSON.stringify(v[k as keyof typeof v]) === JSON.stringify(before[k as keyof ChangeRow])),
  );
  if (!changed.length) return null;
  return { set: { ...v, unreviewed: isUnreviewed({ ...next, ...v }), updatedAt: now }, changed, next };
}

export async function loadForWrite(c: Change, id: string): Promise<ChangeRow> {
  const [row] = await c.tx
    .select()
    .from(changes)
    .where(and(eq(changes.organizationId, c.organizationId!), eq(changes.id, id)))
    .for("update");
  if (!row) throw notFound("The change");
  return row;
}

export async function updateChange(c: Change, id: string, body: UpdateBody): Promise<ChangeRow> {
  const before = await loadForWrite(c, id);
  const update = manualUpdate(before, body, c.now);
  if (!update) return before;
  if (before.source === "manual" && (body.externalRef !== undefined || body.repository !== undefined))
    await refTaken(c, "manual", update.next.repository, update.next.externalRef, id);
  const [after] = await c.tx.update(changes).set(update.set).where(eq(changes.id, id)).returning();
  const pick = (r: ChangeRow) => Object.fromEntries(update.changed.map((k) => [k, r[k as keyof ChangeRow]]));
  await c.emit(changeUpdated, { id, before: { title: before.title, ...pick(before) }, after: pick(after!) });
  return after!;
}

export async function deleteChange(c: Change, id: string) {
  const before = await loadForWrite(c, id);
  await unlinkRecord(c, REGISTER, id);
  await c.tx.delete(changes).where(eq(changes.id, id));
  await c.emit(changeDeleted, { id, before: { title: before.title, source: before.source } });
}

export async function approveEmergency(c: Change, id: string, approver: Approver, justification: string) {
  const row = await loadForWrite(c, id);
  const refusal = emergencyApprovalRefusal(row, approver);
  if (refusal)
    throw new AppError(
      row.emergency && !row.emergencyApprovedAt ? 403 : 409,
      row.emergency && !row.emergencyApprovedAt ? "self_approval" : "not_approvable",
      refusal,
    );
  const [after] = await c.tx
    .update(changes)
    .set({
      emergencyApprovedAt: c.now,
      emergencyApprovedBy: approver.userId,
      emergencyApproverName: approver.name || approver.email,
      emergencyJustification: justification,
      updatedAt: c.now,
    })
    .where(eq(changes.id, id))
    .returning();
  await c.emit(changeEmergencyApproved, {
    id,
    before: { title: row.title },
    after: { emergencyApproverName: after!.emergencyApproverName, emergencyJustification: justification },
  });
  return after!;
}

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Synced changes into the register: new ones created (status merged), known ones updated in the fields the source
 * owns (what people added — emergency, risk, status, deployment — stays). No event per row: the caller emits one.
 */
export async function upsertSynced(c: Change, source: "github" | "git", inputs: readonly ChangeInput[]) {
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
  const seen = new Set<string>();
  const unique = inputs.filter((i) => {
    const k = `${i.repository}\u0000${i.externalRef}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  for (let i = 0; i < unique.length; i += 500) {
    const batch = unique.slice(i, i + 500);
    const existing = await c.tx
      .select()
      .from(changes)
      .where(
        and(
          eq(changes.organizationId, c.organizationId!),
          eq(changes.source, source),
          inArray(changes.repository, [...new Set(batch.map((b) => b.repository))]),
          inArray(
            changes.externalRef,
            batch.map((b) => b.externalRef),
          ),
        ),
      );
    const byKey = new Map(existing.map((r) => [`${r.repository}\u0000${r.externalRef}`, r]));
    const fresh: (typeof changes.$inferInsert)[] = [];
    for (const input of batch) {
      const owned = {
        title: input.title,
        description: input.description,
        url: input.url,
        author: input.author,
        committer: input.committer,
        mergedBy: input.mergedBy,
        approvals: input.approvals,
        checksPassed: input.checksPassed,
        signature: input.signature,
        mergedAt: input.mergedAt,
      };
      const known = byKey.get(`${input.repository}\u0000${input.externalRef}`);
      if (!known) {
        fresh.push(
          withFlag({
            id: newId(),
            organizationId: c.organizationId!,
            source,
            repository: input.repository,
            externalRef: input.externalRef,
            status: "merged",
            emergency: false,
            emergencyApprovedAt: null,
            deployedAt: null,
            createdBy: userOf(c),
            syncedAt: c.now,
            ...owned,
          }),
        );
        continue;
      }
      const same = (Object.keys(owned) as (keyof typeof owned)[]).every((k) =>
        k === "approvals"
          ? sameApprovals(owned.approvals, known.approvals)
          : JSON.stringify(owned[k]) === JSON.stringify(known[k]),
      );
      if (same) {
        counts.unchanged++;
        continue;
      }
      await c.tx
        .update(changes)
        .set({ ...owned, unreviewed: isUnreviewed({ ...known, ...owned }), syncedAt: c.now, updatedAt: c.now })
        .where(eq(changes.id, known.id));
      counts.updated++;
    }
    if (fresh.length) await c.tx.insert(changes).values(fresh);
    counts.created += fresh.length;
  }
  return counts;
}
