import { and, asc, desc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import { loadContent } from "../../content/index.ts";
import type { Actor, OrgActor } from "../../core/actor.ts";
import type { ControlStatus, ManualStatus } from "../../core/control-status.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { controlStatusEvents, memberships, programControls, users } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { type Change, change } from "../../kernel/change.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { can } from "../../kernel/policies.ts";
import { badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { controlCreated, controlDeleted, controlInputsChanged, controlsChanged, controlUpdated } from "./events.ts";
import { statusOfRow } from "./readiness.ts";
import type { ControlFilter, CreateControl, ProgramControl, UpdateControl } from "./schema.ts";
import { loadProgram, orgOf } from "./service.ts";

type ControlRow = typeof programControls.$inferSelect;
type Owner = ProgramControl["owner"];

/** Fields a control owner may change on controls they own; everything else needs controls.edit. */
const OWNER_FIELDS = new Set(["status", "statusReason", "narrative"]);

const columns = {
  c: programControls,
  owner: { id: users.id, name: users.name, email: users.email },
};

export function toControl(c: ControlRow, owner: Owner | null): ProgramControl {
  const verdict = statusOfRow(c);
  return {
    id: c.id,
    key: c.key,
    libraryId: c.libraryId,
    custom: c.libraryId === null,
    name: c.name,
    description: c.description,
    ownerRole: c.ownerRole as ProgramControl["ownerRole"],
    owner: owner?.id ? owner : null,
    frequency: c.frequency as ProgramControl["frequency"],
    natureType: c.natureType as ProgramControl["natureType"],
    natureMode: c.natureMode as ProgramControl["natureMode"],
    evidence: c.evidence,
    guidance: c.guidance,
    policies: c.policies,
    criteria: c.criteria,
    narrative: c.narrative,
    applicable: c.applicable,
    notApplicableReason: c.notApplicableReason,
    status: verdict.status,
    statusReason: verdict.reason,
    statusSince: verdict.since,
    statusSource: verdict.source,
    manualStatus: c.status as ManualStatus,
    freshnessOverride:
      c.freshnessOverrideDays !== null
        ? { days: c.freshnessOverrideDays, reason: c.freshnessOverrideReason ?? "" }
        : null,
    updatedAt: c.updatedAt,
  };
}

/** What the ledger keeps about a control: what people decided (signals are derived, recorded as status events). */
export const controlLedgerView = (c: ControlRow) => {
  const { id: _id, organizationId: _o, programId: _p, createdAt: _c, updatedAt: _u, signals: _s, ...rest } = c;
  return rest;
};

/** Rejects criteria and policy ids that do not exist, naming them. */
export function checkReferences(criteria: readonly string[] | undefined, policies: readonly string[] | undefined) {
  const content = loadContent();
  const badCriteria = (criteria ?? []).filter((id) => !content.criteriaById.has(id));
  if (badCriteria.length)
    throw badRequest(
      "unknown_criterion",
      `Unknown Trust Services criteria: ${badCriteria.join(", ")}. Use ids like CC6.1 or A1.2.`,
    );
  const badPolicies = (policies ?? []).filter((id) => !content.policiesById.has(id));
  if (badPolicies.length)
    throw badRequest(
      "unknown_policy",
      `Unknown policies: ${badPolicies.join(", ")}. Use one of: ${[...content.policiesById.keys()].join(", ")}.`,
    );
}

/** 400 unknown_owner unless the user is a member of the organization (also for other modules' owners). */
export async function checkMember(db: Db, organizationId: string, userId: string | null | undefined) {
  if (!userId) return;
  const [m] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (!m) throw badRequest("unknown_owner", "The owner must be a member of this organization.");
}

export async function loadControl(db: Db, organizationId: string, programId: string, key: string) {
  const [row] = await db
    .select(columns)
    .from(programControls)
    .leftJoin(users, eq(users.id, programControls.ownerUserId))
    .where(
      and(
        eq(programControls.organizationId, organizationId),
        eq(programControls.programId, programId),
        eq(programControls.key, key),
      ),
    );
  if (!row) throw notFound(`Control ${key}`);
  return row;
}

/** The next free custom key (CUS-01, CUS-02, …). */
async function nextCustomKey(tx: Db, programId: string) {
  const rows = await tx
    .select({ key: programControls.key })
    .from(programControls)
    .where(and(eq(programControls.programId, programId), ilike(programControls.key, "CUS-%")));
  const max = rows.reduce((m, r) => Math.max(m, Number(r.key.slice(4)) || 0), 0);
  return `CUS-${String(max + 1).padStart(2, "0")}`;
}

export function createControlsService({ db }: { db: Db }) {
  return {
    async list(organizationId: string, programId: string, f: ControlFilter) {
      await loadProgram(db, organizationId, programId);
      const where: SQL[] = [
        eq(programControls.organizationId, organizationId),
        eq(programControls.programId, programId),
      ];
      if (f.q)
        where.push(
          or(
            ilike(programControls.key, likePattern(f.q)),
            ilike(programControls.name, likePattern(f.q)),
            ilike(programControls.description, likePattern(f.q)),
          )!,
        );
      if (f.criterion) where.push(sql`${programControls.criteria} ? ${f.criterion}`);
      if (f.ownerUserId) where.push(eq(programControls.ownerUserId, f.ownerUserId));
      if (f.status === "not_applicable") where.push(eq(programControls.applicable, false));
      else if (f.status) where.push(and(eq(programControls.applicable, true), eq(programControls.status, f.status))!);
      const rows = await db
        .select({ ...columns, total: sql<number>`(count(*) over())::int` })
        .from(programControls)
        .leftJoin(users, eq(users.id, programControls.ownerUserId))
        .where(and(...where))
        .orderBy(asc(programControls.key))
        .limit(f.pageSize)
        .offset(pageOffset(f));
      return {
        items: rows.map((r) => toControl(r.c, r.owner)),
        total: rows[0]?.total ?? 0,
        page: f.page,
        pageSize: f.pageSize,
      };
    },

    async get(organizationId: string, programId: string, key: string) {
      const row = await loadControl(db, organizationId, programId, key);
      const history = await db
        .select({
          status: controlStatusEvents.status,
          reason: controlStatusEvents.reason,
          source: controlStatusEvents.source,
          at: controlStatusEvents.at,
          actor: users.name,
        })
        .from(controlStatusEvents)
        .leftJoin(users, eq(users.id, controlStatusEvents.actorId))
        .where(and(eq(controlStatusEvents.organizationId, organizationId), eq(controlStatusEvents.controlId, row.c.id)))
        .orderBy(desc(controlStatusEvents.at))
        .limit(50);
      return {
        ...toControl(row.c, row.owner),
        history: history.map((h) => ({ ...h, status: h.status as ControlStatus })),
      };
    },

    async create(actor: OrgActor, programId: string, input: CreateControl) {
      const row = await change(db, actor, (c) => createControl(c, programId, input));
      return this.get(actor.organizationId, programId, row.key);
    },

    /** Control owners without controls.edit may change the status, its reason and the narrative of their controls. */
    async update(actor: OrgActor, programId: string, key: string, input: UpdateControl) {
      const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as UpdateControl;
      if (Object.keys(changes).length === 0)
        throw badRequest("nothing_to_change", "Send at least one field to change.");
      checkReferences(changes.criteria, changes.policies);
      await change(db, actor, async (c) => {
        if (!can(actor, "controls.edit")) {
          const { c: before } = await loadControl(c.tx, actor.organizationId, programId, key);
          const outside = Object.keys(changes).filter((k) => !OWNER_FIELDS.has(k));
          if (before.ownerUserId !== actor.userId)
            throw forbidden("You can only update controls you own. Ask a compliance manager to assign it to you.");
          if (outside.length)
            throw forbidden(
              `As the control's owner you can change its status, reason and narrative, not: ${outside.join(", ")}.`,
            );
        }
        await updateControl(c, programId, key, changes);
      });
      return this.get(actor.organizationId, programId, key);
    },
  };
}

/** Where a status people decided came from, in the control's status history. */
export type StatusSource = "manual" | "import";

/**
 * A control to add: the API's fields; an import also gives the key, the library control it copies, its
 * applicability and the status people set.
 */
export interface NewControl extends CreateControl {
  libraryId?: string | null;
  applicable?: boolean;
  notApplicableReason?: string | null;
  status?: ManualStatus;
  statusReason?: string;
}

/** Fields of a control to change (undefined: unchanged); an import may also re-link the library control. */
export type ControlChanges = UpdateControl & { libraryId?: string | null };

const userOf = (actor: Actor) => (actor.kind === "system" ? null : actor.userId);

function checkLibraryId(libraryId: string | null | undefined) {
  if (libraryId && !loadContent().controlsById.has(libraryId))
    throw badRequest("unknown_control", `These ids are not in the control library: ${libraryId}.`);
}

function checkApplicability(applicable: boolean, reason: string | null | undefined) {
  if (!applicable && !reason?.trim())
    throw badRequest(
      "justification_required",
      "Marking a control not applicable needs a justification that an auditor can read (notApplicableReason).",
    );
}

/** A row of the control's status history for a status people set (or took out of scope). */
async function recordStatus(c: Change, row: ControlRow, source: StatusSource) {
  const verdict = statusOfRow(row, c.now);
  await c.tx.insert(controlStatusEvents).values({
    id: newId(),
    organizationId: row.organizationId,
    programId: row.programId,
    controlId: row.id,
    status: verdict.status,
    reason: verdict.reason,
    source,
    actorId: userOf(c.actor),
    at: c.now,
  });
}

/** A query failed on a foreign key (PostgreSQL 23503), on pg and PGlite, wrapped by drizzle or not. */
function isForeignKeyViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === "23503") return true;
  return false;
}

/**
 * Adds a control to a program: custom (the next CUS-nn unless a key is given) or, with a library id, a copy of a
 * library control an import brings. Its signals start honest (tests and evidence may already name the key) and the
 * readiness of its criteria follows. A command: runs in the caller's change.
 */
export async function createControl(
  c: Change,
  programId: string,
  input: NewControl,
  options: { source?: StatusSource } = {},
): Promise<ControlRow> {
  const { tx, emit } = c;
  const organizationId = orgOf(c);
  checkReferences(input.criteria, input.policies);
  checkLibraryId(input.libraryId);
  const applicable = input.applicable ?? true;
  checkApplicability(applicable, input.notApplicableReason);
  const program = await loadProgram(tx, organizationId, programId);
  await checkMember(tx, organizationId, input.ownerUserId);
  const key = input.key ?? (await nextCustomKey(tx, programId));
  const [clash] = await tx
    .select({ id: programControls.id })
    .from(programControls)
    .where(and(eq(programControls.programId, programId), eq(programControls.key, key)));
  if (clash) throw conflict("duplicate_control", `The program already has a control ${key}. Pick another id.`);
  const status = input.status ?? "not_started";
  const decided = status !== "not_started" || !applicable;
  const row: ControlRow = {
    id: newId(),
    organizationId,
    programId: program.id,
    key,
    libraryId: input.libraryId ?? null,
    name: input.name,
    description: input.description,
    ownerRole: input.ownerRole,
    ownerUserId: input.ownerUserId,
    frequency: input.frequency,
    natureType: input.natureType,
    natureMode: input.natureMode,
    evidence: input.evidence,
    guidance: input.guidance,
    policies: input.policies,
    criteria: [...new Set(input.criteria)],
    narrative: input.narrative,
    applicable,
    notApplicableReason: applicable ? null : input.notApplicableReason!.trim(),
    status,
    statusReason: input.statusReason ?? "",
    statusSetBy: decided ? userOf(c.actor) : null,
    statusSetAt: decided ? c.now : null,
    freshnessOverrideDays: null,
    freshnessOverrideReason: null,
    signals: null,
    createdAt: c.now,
    updatedAt: c.now,
  };
  await tx.insert(programControls).values(row);
  if (decided) await recordStatus(c, row, options.source ?? "manual");
  await emit(controlCreated, { id: row.id, programId, key, after: controlLedgerView(row) });
  await emit(controlsChanged, { programId, criteria: row.criteria });
  // Tests and evidence may already name the key (or the library id): its signals start honest.
  await emit(controlInputsChanged, { programId, keys: [key] });
  return row;
}

/**
 * Changes fields of a control. A status or applicability change is added to its status history; the readiness of
 * the criteria it maps to (before and after) follows. Who may change what is the caller's rule (the service checks
 * control owners). A command: runs in the caller's change.
 */
export async function updateControl(
  c: Change,
  programId: string,
  key: string,
  changes: ControlChanges,
  options: { source?: StatusSource } = {},
): Promise<ControlRow> {
  const { tx, emit } = c;
  const organizationId = orgOf(c);
  checkReferences(changes.criteria, changes.policies);
  checkLibraryId(changes.libraryId);
  const { c: before } = await loadControl(tx, organizationId, programId, key);
  await checkMember(tx, organizationId, changes.ownerUserId);
  const applicable = changes.applicable ?? before.applicable;
  const reason = changes.notApplicableReason !== undefined ? changes.notApplicableReason : before.notApplicableReason;
  checkApplicability(applicable, reason);
  const statusChanged = changes.status !== undefined && changes.status !== before.status;
  // The override is two columns (days, reason); the API sends it as one field.
  const { freshnessOverride, ...columnChanges } = changes;
  const override =
    freshnessOverride === undefined
      ? {}
      : {
          freshnessOverrideDays: freshnessOverride?.days ?? null,
          freshnessOverrideReason: freshnessOverride?.reason.trim() ?? null,
        };
  const next: ControlRow = {
    ...before,
    ...columnChanges,
    ...override,
    criteria: changes.criteria ? [...new Set(changes.criteria)] : before.criteria,
    notApplicableReason: applicable ? null : reason!.trim(),
    statusReason: changes.statusReason ?? (statusChanged ? "" : before.statusReason),
    statusSetBy: statusChanged ? userOf(c.actor) : before.statusSetBy,
    statusSetAt: statusChanged || changes.applicable !== undefined ? c.now : before.statusSetAt,
    updatedAt: c.now,
  };
  await tx
    .update(programControls)
    .set({ ...next, id: undefined, organizationId: undefined, programId: undefined, createdAt: undefined })
    .where(eq(programControls.id, before.id));
  if (statusChanged || applicable !== before.applicable) await recordStatus(c, next, options.source ?? "manual");
  const fields = [
    ...Object.keys(columnChanges).filter((k) => (columnChanges as Record<string, unknown>)[k] !== undefined),
    ...Object.keys(override),
  ];
  await emit(controlUpdated, {
    id: before.id,
    programId,
    key,
    before: pick(controlLedgerView(before), fields),
    after: pick(controlLedgerView(next), fields),
  });
  await emit(controlsChanged, { programId, criteria: [...new Set([...before.criteria, ...next.criteria])] });
  // Tests name library ids: another library control means other tests.
  // Evidence freshness follows the override, and the control's signals with it.
  if (
    (changes.libraryId !== undefined && changes.libraryId !== before.libraryId) ||
    next.freshnessOverrideDays !== before.freshnessOverrideDays
  )
    await emit(controlInputsChanged, { programId, keys: [key] });
  return next;
}

/**
 * Removes a control and its status history (the ledger keeps the full record). Refused with 409 `control_in_use`
 * while other records (evidence links, reminders) point at it. A command: runs in the caller's change.
 */
export async function deleteControl(c: Change, programId: string, key: string): Promise<ControlRow> {
  const { tx, emit } = c;
  const { c: row } = await loadControl(tx, orgOf(c), programId, key);
  try {
    await tx.delete(controlStatusEvents).where(eq(controlStatusEvents.controlId, row.id));
    await tx.delete(programControls).where(eq(programControls.id, row.id));
  } catch (err) {
    // The transaction is rolled back as a whole.
    if (isForeignKeyViolation(err))
      throw conflict(
        "control_in_use",
        `${key} cannot be removed: other records (evidence, reminders) refer to it. Mark it not applicable instead.`,
      );
    throw err;
  }
  await emit(controlDeleted, { id: row.id, programId, key, before: controlLedgerView(row) });
  await emit(controlsChanged, { programId, criteria: row.criteria });
  return row;
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
