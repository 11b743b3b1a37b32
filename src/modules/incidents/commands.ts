/**
 * Writes to the incident register, as commands run in a change: log, edit, move through the lifecycle (the state
 * machine in core/incidents.ts decides), timeline entries, notification obligations, linked remediation items and
 * tabletop exercises. Each checks its input against the organization (404 for another's ids, 400 for members that
 * are not, times out of order) before writing, and emits its ledger event.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { newId } from "../../core/id.ts";
import {
  CLOCK_SKEW_MS,
  INCIDENT_STATUS_LABELS,
  type IncidentStatus,
  lastStamp,
  obligationDeadline,
  planTransition,
  SUGGESTED_HOURS,
  timelineTimeProblem,
  timesOutOfOrder,
} from "../../core/incidents.ts";
import {
  incidentObligations,
  incidentRemediationLinks,
  incidents,
  incidentTimeline,
  remediationItems,
  tabletopExercises,
} from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { can } from "../../kernel/policies.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { unlinkRecord } from "../registers/public.ts";
import { createRemediationItems } from "../remediation/public.ts";
import {
  incidentCreated,
  incidentDeleted,
  incidentObligationAdded,
  incidentObligationRemoved,
  incidentObligationUpdated,
  incidentRemediationLinked,
  incidentTimelineAdded,
  incidentTimelineDeleted,
  incidentTransitioned,
  incidentUpdated,
  tabletopDeleted,
  tabletopRecorded,
  tabletopUpdated,
} from "./events.ts";
import type { CreateBody, UpdateBody } from "./schema.ts";
import {
  assertCommanders,
  type IncidentRow,
  ledgerView,
  lockIncident,
  nextNumbers,
  refOf,
  setIncidentAssets,
} from "./store.ts";

const userOf = (c: Change) => (c.actor.kind === "system" ? null : c.actor.userId);
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
const same = (a: unknown, b: unknown) => JSON.stringify(iso(a)) === JSON.stringify(iso(b));
const fmt = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

function notInFuture(at: Date, now: Date, what: string) {
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw badRequest("time_in_future", `The ${what} (${fmt(at)}) is in the future.`);
}

export async function createIncident(
  c: Change,
  input: Omit<CreateBody, "affectedAssetIds"> & { affectedAssetIds?: string[] },
): Promise<IncidentRow> {
  const { affectedAssetIds, ...body } = input;
  notInFuture(body.detectedAt, c.now, "detection time");
  if (body.ownerUserId) await assertCommanders(c.tx, c.organizationId!, [body.ownerUserId]);
  const [number] = await nextNumbers(c, 1);
  const [row] = await c.tx
    .insert(incidents)
    .values({
      id: newId(),
      organizationId: c.organizationId!,
      number: number!,
      ...body,
      ownerUserId: body.ownerUserId ?? null,
      recordsEstimate: body.recordsEstimate ?? null,
      status: "detected",
      createdBy: userOf(c),
      createdAt: c.now,
      updatedAt: c.now,
    })
    .returning();
  const linked = await setIncidentAssets(c, row!.id, affectedAssetIds ?? []);
  await c.emit(incidentCreated, {
    id: row!.id,
    after: { ...ledgerView(row!), ...(linked.after.length ? { affectedAssetIds: linked.after } : {}) },
  });
  return row!;
}

const STAMP_KEYS = ["triagedAt", "containedAt", "resolvedAt", "postmortemAt"] as const;

export async function updateIncident(c: Change, id: string, input: UpdateBody): Promise<IncidentRow> {
  const { affectedAssetIds, ...body } = input;
  type Key = keyof typeof body;
  const before = await lockIncident(c, id);
  const moved = affectedAssetIds ? await setIncidentAssets(c, id, affectedAssetIds) : null;
  const changed = (Object.keys(body) as Key[]).filter((k) => body[k] !== undefined && !same(body[k], before[k]));
  if (!changed.length && !moved?.changed) return before;
  if (body.ownerUserId) await assertCommanders(c.tx, c.organizationId!, [body.ownerUserId]);
  for (const k of STAMP_KEYS)
    if (changed.includes(k) && !before[k])
      throw badRequest(
        "stage_not_reached",
        `The incident has no ${k.replace(/At$/, "")} time to correct: move it through its lifecycle instead.`,
      );
  for (const k of ["detectedAt", ...STAMP_KEYS] as const)
    if (changed.includes(k)) notInFuture(body[k]!, c.now, `${k.replace(/At$/, "")} time`);
  const merged = { ...before, ...Object.fromEntries(changed.map((k) => [k, body[k]])) } as IncidentRow;
  const disorder = timesOutOfOrder(merged);
  if (disorder) throw badRequest("times_out_of_order", disorder);
  if (changed.includes("detectedAt")) {
    const [first] = await c.tx
      .select({ at: incidentTimeline.at })
      .from(incidentTimeline)
      .where(eq(incidentTimeline.incidentId, id))
      .orderBy(asc(incidentTimeline.at))
      .limit(1);
    if (first && first.at < merged.detectedAt)
      throw badRequest(
        "times_out_of_order",
        `The timeline has an entry at ${fmt(first.at)}, before the new detection time ${fmt(merged.detectedAt)}.`,
      );
  }
  const set = Object.fromEntries(changed.map((k) => [k, body[k]])) as Partial<IncidentRow>;
  const [after] = await c.tx
    .update(incidents)
    .set({ ...set, updatedAt: c.now })
    .where(eq(incidents.id, id))
    .returning();
  if (changed.includes("detectedAt")) {
    // Deadlines count from detection: they move with it.
    const obligations = await c.tx.select().from(incidentObligations).where(eq(incidentObligations.incidentId, id));
    for (const o of obligations)
      await c.tx
        .update(incidentObligations)
        .set({ deadlineAt: obligationDeadline(after!.detectedAt, o.hours), reminded: null })
        .where(eq(incidentObligations.id, o.id));
  }
  const assetIds = (side: "before" | "after") => (moved?.changed ? { affectedAssetIds: moved[side] } : {});
  await c.emit(incidentUpdated, {
    id,
    before: {
      number: before.number,
      ...Object.fromEntries(changed.map((k) => [k, iso(before[k])])),
      ...assetIds("before"),
    },
    after: {
      number: before.number,
      ...Object.fromEntries(changed.map((k) => [k, iso(after![k])])),
      ...assetIds("after"),
    },
  });
  return after!;
}

const REFUSAL_STATUS: Record<string, number> = { time_in_future: 400, times_out_of_order: 400 };

export async function transitionIncident(
  c: Change,
  id: string,
  input: { to: IncidentStatus; at?: Date; reason?: string },
): Promise<IncidentRow> {
  const before = await lockIncident(c, id);
  // "Now" is when the change began; a move that queued behind another move of the incident happens after it.
  const at = input.at ?? new Date(Math.max(c.now.getTime(), lastStamp(before).at.getTime()));
  const plan = planTransition(before, input.to, at, c.now);
  if (!plan.ok) throw new AppError(REFUSAL_STATUS[plan.code] ?? 409, plan.code, plan.message);
  const [after] = await c.tx
    .update(incidents)
    .set({
      status: input.to,
      ...plan.stamps,
      skipped: [...before.skipped, ...plan.skipped],
      ...(input.to === "not_incident" ? { closeReason: input.reason ?? "" } : {}),
      updatedAt: c.now,
    })
    .where(eq(incidents.id, id))
    .returning();
  await c.emit(incidentTransitioned, {
    id,
    before: { status: before.status },
    after: {
      number: before.number,
      status: input.to,
      at: at.toISOString(),
      skipped: plan.skipped,
      ...(input.reason ? { reason: input.reason } : {}),
    },
  });
  return after!;
}

export async function addTimelineEntry(c: Change, id: string, input: { at?: Date; text: string }) {
  const incident = await lockIncident(c, id);
  const at = input.at ?? c.now;
  const problem = timelineTimeProblem(incident.detectedAt, at, c.now);
  if (problem) throw badRequest("times_out_of_order", problem);
  const entryId = newId();
  await c.tx.insert(incidentTimeline).values({
    id: entryId,
    organizationId: c.organizationId!,
    incidentId: id,
    at,
    text: input.text,
    authorUserId: userOf(c),
    createdAt: c.now,
  });
  await c.tx.update(incidents).set({ updatedAt: c.now }).where(eq(incidents.id, id));
  await c.emit(incidentTimelineAdded, {
    id,
    after: { number: incident.number, entryId, at: at.toISOString(), text: input.text },
  });
  return { id: entryId };
}

/**
 * Deletes a timeline entry: its author may, and so may whoever holds incidents.delete (owners, admins). Entries
 * written by the system (no author) stay: 409 system_entry.
 */
export async function deleteTimelineEntry(c: Change, id: string, entryId: string) {
  const incident = await lockIncident(c, id);
  const [entry] = await c.tx
    .select()
    .from(incidentTimeline)
    .where(
      and(
        eq(incidentTimeline.organizationId, c.organizationId!),
        eq(incidentTimeline.incidentId, id),
        eq(incidentTimeline.id, entryId),
      ),
    )
    .for("update");
  if (!entry) throw notFound("The timeline entry");
  if (!entry.authorUserId)
    throw conflict(
      "system_entry",
      "This timeline entry was written by the system and cannot be deleted. Add an entry that corrects it instead.",
    );
  if (c.actor.kind !== "system" && entry.authorUserId !== c.actor.userId && !can(c.actor, "incidents.delete"))
    throw forbidden("You can delete timeline entries you wrote. Ask an owner or admin to delete this one.");
  await c.tx.delete(incidentTimeline).where(eq(incidentTimeline.id, entryId));
  await c.tx.update(incidents).set({ updatedAt: c.now }).where(eq(incidents.id, id));
  await c.emit(incidentTimelineDeleted, {
    id,
    before: {
      number: incident.number,
      entryId,
      at: entry.at.toISOString(),
      text: entry.text,
      authorUserId: entry.authorUserId,
    },
  });
}

/**
 * Deletes an incident logged by mistake, with its timeline, obligations and links, while it is still detected;
 * once work on it began it is closed as not an incident instead (409 incident_in_progress).
 */
export async function deleteIncident(c: Change, id: string) {
  const before = await lockIncident(c, id);
  if (before.status !== "detected")
    throw conflict(
      "incident_in_progress",
      `${refOf(before.number)} is already ${INCIDENT_STATUS_LABELS[before.status].toLowerCase()}: only an incident still detected can be deleted. Close it as “not an incident” instead, with the reason.`,
    );
  await c.tx.delete(incidentTimeline).where(eq(incidentTimeline.incidentId, id));
  await c.tx.delete(incidentObligations).where(eq(incidentObligations.incidentId, id));
  await c.tx.delete(incidentRemediationLinks).where(eq(incidentRemediationLinks.incidentId, id));
  await unlinkRecord(c, "incident", id);
  // incident_assets go with the incident (ON DELETE CASCADE).
  await c.tx.delete(incidents).where(eq(incidents.id, id));
  await c.emit(incidentDeleted, {
    id,
    before: {
      number: before.number,
      ref: refOf(before.number),
      title: before.title,
      severity: before.severity,
      detectedAt: before.detectedAt.toISOString(),
    },
  });
}

// ---- notification obligations ----

async function lockObligation(c: Change, incidentId: string, obligationId: string) {
  const [row] = await c.tx
    .select()
    .from(incidentObligations)
    .where(
      and(
        eq(incidentObligations.organizationId, c.organizationId!),
        eq(incidentObligations.incidentId, incidentId),
        eq(incidentObligations.id, obligationId),
      ),
    )
    .for("update");
  if (!row) throw notFound("The notification obligation");
  return row;
}

function checkNotifiedAt(incident: IncidentRow, notifiedAt: Date | null | undefined, now: Date) {
  if (!notifiedAt) return;
  notInFuture(notifiedAt, now, "notification time");
  if (notifiedAt < incident.detectedAt)
    throw badRequest(
      "times_out_of_order",
      `The notice (${fmt(notifiedAt)}) cannot have gone out before the incident was detected (${fmt(incident.detectedAt)}).`,
    );
}

export async function addObligation(
  c: Change,
  id: string,
  input: {
    audience: (typeof incidentObligations.$inferInsert)["audience"];
    recipient: string;
    basis: string;
    hours?: number;
    notifiedAt?: Date | null;
  },
) {
  const incident = await lockIncident(c, id);
  checkNotifiedAt(incident, input.notifiedAt, c.now);
  const hours = input.hours ?? SUGGESTED_HOURS[input.audience];
  const [row] = await c.tx
    .insert(incidentObligations)
    .values({
      id: newId(),
      organizationId: c.organizationId!,
      incidentId: id,
      audience: input.audience,
      recipient: input.recipient,
      basis: input.basis,
      hours,
      deadlineAt: obligationDeadline(incident.detectedAt, hours),
      notifiedAt: input.notifiedAt ?? null,
      createdAt: c.now,
    })
    .returning();
  await c.emit(incidentObligationAdded, {
    id,
    after: {
      number: incident.number,
      obligationId: row!.id,
      audience: row!.audience,
      recipient: row!.recipient,
      hours,
      deadlineAt: row!.deadlineAt.toISOString(),
    },
  });
  return row!;
}

export async function updateObligation(
  c: Change,
  id: string,
  obligationId: string,
  input: { recipient?: string; basis?: string; hours?: number; notifiedAt?: Date | null },
) {
  const incident = await lockIncident(c, id);
  const before = await lockObligation(c, id, obligationId);
  checkNotifiedAt(incident, input.notifiedAt, c.now);
  const next: Partial<typeof before> = { ...input };
  if (input.hours !== undefined) next.deadlineAt = obligationDeadline(incident.detectedAt, input.hours);
  const changed = (Object.keys(next) as (keyof typeof before)[]).filter(
    (k) => next[k] !== undefined && !same(next[k], before[k]),
  );
  if (!changed.length) return before;
  const set = Object.fromEntries(changed.map((k) => [k, next[k]]));
  const [after] = await c.tx
    .update(incidentObligations)
    .set({ ...set, ...(changed.includes("deadlineAt") ? { reminded: null } : {}) })
    .where(eq(incidentObligations.id, obligationId))
    .returning();
  const head = { number: incident.number, obligationId, audience: before.audience };
  await c.emit(incidentObligationUpdated, {
    id,
    before: { ...head, ...Object.fromEntries(changed.map((k) => [k, iso(before[k])])) },
    after: { ...head, ...Object.fromEntries(changed.map((k) => [k, iso(after![k])])) },
  });
  return after!;
}

export async function removeObligation(c: Change, id: string, obligationId: string) {
  const incident = await lockIncident(c, id);
  const before = await lockObligation(c, id, obligationId);
  await c.tx.delete(incidentObligations).where(eq(incidentObligations.id, obligationId));
  await c.emit(incidentObligationRemoved, {
    id,
    before: {
      number: incident.number,
      obligationId,
      audience: before.audience,
      recipient: before.recipient,
      deadlineAt: before.deadlineAt.toISOString(),
    },
  });
}

// ---- remediation ----

async function linkedRefs(c: Change, id: string) {
  const rows = await c.tx
    .select({ id: remediationItems.id, ref: remediationItems.ref })
    .from(incidentRemediationLinks)
    .innerJoin(remediationItems, eq(remediationItems.id, incidentRemediationLinks.remediationItemId))
    .where(eq(incidentRemediationLinks.incidentId, id))
    .orderBy(remediationItems.ref);
  return rows;
}

/** Replaces the incident's linked remediation items with these (each an item of the organization). */
export async function setRemediationLinks(c: Change, id: string, itemIds: readonly string[]) {
  const incident = await lockIncident(c, id);
  const wanted = [...new Set(itemIds)];
  const found = wanted.length
    ? await c.tx
        .select({ id: remediationItems.id })
        .from(remediationItems)
        .where(and(eq(remediationItems.organizationId, c.organizationId!), inArray(remediationItems.id, wanted)))
    : [];
  const have = new Set(found.map((f) => f.id));
  const unknown = wanted.filter((x) => !have.has(x));
  if (unknown.length)
    throw badRequest(
      "unknown_remediation_item",
      `${unknown.length === 1 ? "This remediation item is" : `${unknown.length} remediation items are`} not in this organization's plans: ${unknown.join(", ")}. Link items by the id shown on their page.`,
      { itemIds: unknown },
    );
  const before = await linkedRefs(c, id);
  const current = new Set(before.map((r) => r.id));
  if (current.size === have.size && [...have].every((x) => current.has(x))) return;
  await c.tx.delete(incidentRemediationLinks).where(eq(incidentRemediationLinks.incidentId, id));
  if (wanted.length)
    await c.tx.insert(incidentRemediationLinks).values(
      wanted.map((remediationItemId) => ({
        organizationId: c.organizationId!,
        incidentId: id,
        remediationItemId,
        createdAt: c.now,
      })),
    );
  const after = await linkedRefs(c, id);
  await c.emit(incidentRemediationLinked, {
    id,
    before: { number: incident.number, items: before.map((r) => r.ref) },
    after: { number: incident.number, items: after.map((r) => r.ref) },
  });
}

/** Turns an action item of the incident into a remediation item of a program's plan, linked to the incident. */
export async function createRemediationFromIncident(
  c: Change,
  id: string,
  input: {
    programId: string;
    title: string;
    action: string;
    ownerUserId?: string | null;
    dueDate?: string | null;
    likelihood: number;
    impact: number;
  },
) {
  const incident = await lockIncident(c, id);
  const before = await linkedRefs(c, id);
  const [created] = await createRemediationItems(c, input.programId, [
    {
      title: input.title,
      gap: `Action item from incident ${refOf(incident.number)}: ${incident.title}`,
      rootCause: incident.rootCause,
      likelihood: input.likelihood,
      impact: input.impact,
      action: input.action,
      ownerUserId: input.ownerUserId ?? null,
      ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
      source: "manual",
    },
  ]);
  await c.tx.insert(incidentRemediationLinks).values({
    organizationId: c.organizationId!,
    incidentId: id,
    remediationItemId: created!.id,
    createdAt: c.now,
  });
  await c.emit(incidentRemediationLinked, {
    id,
    before: { number: incident.number, items: before.map((r) => r.ref) },
    after: { number: incident.number, items: [...before.map((r) => r.ref), created!.ref], created: [created!.ref] },
  });
  return created!;
}

// ---- tabletop exercises ----

type TabletopInput = { heldOn: string; scenario: string; participants: string[]; findings: string; followUps: string };
type TabletopRow = typeof tabletopExercises.$inferSelect;

function notAfterToday(day: string | undefined, now: Date) {
  if (day && day > now.toISOString().slice(0, 10))
    throw badRequest("date_in_future", `${day} is in the future: record an exercise once it was held.`);
}

export async function recordTabletop(c: Change, input: TabletopInput): Promise<TabletopRow> {
  notAfterToday(input.heldOn, c.now);
  const [row] = await c.tx
    .insert(tabletopExercises)
    .values({
      id: newId(),
      organizationId: c.organizationId!,
      ...input,
      createdBy: userOf(c),
      createdAt: c.now,
      updatedAt: c.now,
    })
    .returning();
  await c.emit(tabletopRecorded, {
    id: row!.id,
    after: { heldOn: row!.heldOn, scenario: row!.scenario, participants: row!.participants.length },
  });
  return row!;
}

async function lockTabletop(c: Change, id: string) {
  const [row] = await c.tx
    .select()
    .from(tabletopExercises)
    .where(and(eq(tabletopExercises.organizationId, c.organizationId!), eq(tabletopExercises.id, id)))
    .for("update");
  if (!row) throw notFound("The tabletop exercise");
  return row;
}

export async function updateTabletop(c: Change, id: string, input: Partial<TabletopInput>): Promise<TabletopRow> {
  const before = await lockTabletop(c, id);
  notAfterToday(input.heldOn, c.now);
  const changed = (Object.keys(input) as (keyof TabletopInput)[]).filter(
    (k) => input[k] !== undefined && !same(input[k], before[k]),
  );
  if (!changed.length) return before;
  const [after] = await c.tx
    .update(tabletopExercises)
    .set({ ...Object.fromEntries(changed.map((k) => [k, input[k]])), updatedAt: c.now })
    .where(eq(tabletopExercises.id, id))
    .returning();
  await c.emit(tabletopUpdated, {
    id,
    before: { heldOn: before.heldOn, ...Object.fromEntries(changed.map((k) => [k, before[k]])) },
    after: { heldOn: after!.heldOn, ...Object.fromEntries(changed.map((k) => [k, after![k]])) },
  });
  return after!;
}

export async function deleteTabletop(c: Change, id: string) {
  const before = await lockTabletop(c, id);
  await c.tx.delete(tabletopExercises).where(eq(tabletopExercises.id, id));
  await c.emit(tabletopDeleted, { id, before: { heldOn: before.heldOn, scenario: before.scenario } });
}
