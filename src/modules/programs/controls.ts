import { and, asc, desc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import { loadContent } from "../../content/index.ts";
import type { OrgActor } from "../../core/actor.ts";
import type { ManualStatus } from "../../core/control-status.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { controlStatusEvents, memberships, programControls, users } from "../../db/schema/index.ts";
import { appendLedger } from "../../ledger/append.ts";
import { badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { can } from "../../server/policies.ts";
import { pageOffset } from "../../server/schemas.ts";
import { likePattern } from "../members/service.ts";
import { recomputeReadiness, statusOfRow } from "./readiness.ts";
import type { ControlFilter, CreateControl, ProgramControl, UpdateControl } from "./schema.ts";
import { loadProgram } from "./service.ts";

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

async function checkMember(db: Db, organizationId: string, userId: string | null | undefined) {
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
      return { ...toControl(row.c, row.owner), history };
    },

    async create(actor: OrgActor, programId: string, input: CreateControl) {
      checkReferences(input.criteria, input.policies);
      const key = await db.transaction(async (tx) => {
        const program = await loadProgram(tx, actor.organizationId, programId);
        await checkMember(tx, actor.organizationId, input.ownerUserId);
        const key = input.key ?? (await nextCustomKey(tx, programId));
        const [clash] = await tx
          .select({ id: programControls.id })
          .from(programControls)
          .where(and(eq(programControls.programId, programId), eq(programControls.key, key)));
        if (clash) throw conflict("duplicate_control", `The program already has a control ${key}. Pick another id.`);
        const row: ControlRow = {
          id: newId(),
          organizationId: actor.organizationId,
          programId: program.id,
          key,
          libraryId: null,
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
          applicable: true,
          notApplicableReason: null,
          status: "not_started",
          statusReason: "",
          statusSetBy: null,
          statusSetAt: null,
          signals: null,
          createdAt: new Date(),
          updatedAt: new Date(),
        };
        await tx.insert(programControls).values(row);
        await appendLedger(tx, actor, {
          action: "control.created",
          entityType: "program_control",
          entityId: row.id,
          after: controlLedgerView(row),
        });
        await recomputeReadiness(tx, actor.organizationId, programId, row.criteria);
        return key;
      });
      return this.get(actor.organizationId, programId, key);
    },

    async update(actor: OrgActor, programId: string, key: string, input: UpdateControl) {
      const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as UpdateControl;
      if (Object.keys(changes).length === 0)
        throw badRequest("nothing_to_change", "Send at least one field to change.");
      checkReferences(changes.criteria, changes.policies);
      await db.transaction(async (tx) => {
        const { c: before } = await loadControl(tx, actor.organizationId, programId, key);
        if (!can(actor, "controls.edit")) {
          const outside = Object.keys(changes).filter((k) => !OWNER_FIELDS.has(k));
          if (before.ownerUserId !== actor.userId)
            throw forbidden("You can only update controls you own. Ask a compliance manager to assign it to you.");
          if (outside.length)
            throw forbidden(
              `As the control's owner you can change its status, reason and narrative, not: ${outside.join(", ")}.`,
            );
        }
        await checkMember(tx, actor.organizationId, changes.ownerUserId);
        const applicable = changes.applicable ?? before.applicable;
        const reason =
          changes.notApplicableReason !== undefined ? changes.notApplicableReason : before.notApplicableReason;
        if (!applicable && !reason?.trim())
          throw badRequest(
            "justification_required",
            "Marking a control not applicable needs a justification that an auditor can read (notApplicableReason).",
          );
        const statusChanged = changes.status !== undefined && changes.status !== before.status;
        const now = new Date();
        const next: ControlRow = {
          ...before,
          ...changes,
          criteria: changes.criteria ? [...new Set(changes.criteria)] : before.criteria,
          notApplicableReason: applicable ? null : reason!.trim(),
          statusReason: changes.statusReason ?? (statusChanged ? "" : before.statusReason),
          statusSetBy: statusChanged ? actor.userId : before.statusSetBy,
          statusSetAt: statusChanged || changes.applicable !== undefined ? now : before.statusSetAt,
          updatedAt: now,
        };
        await tx
          .update(programControls)
          .set({ ...next, id: undefined, organizationId: undefined, programId: undefined, createdAt: undefined })
          .where(eq(programControls.id, before.id));
        if (statusChanged || applicable !== before.applicable) {
          const verdict = statusOfRow(next);
          await tx.insert(controlStatusEvents).values({
            id: newId(),
            organizationId: actor.organizationId,
            programId,
            controlId: before.id,
            status: verdict.status,
            reason: verdict.reason,
            source: "manual",
            actorId: actor.userId,
            at: now,
          });
        }
        await appendLedger(tx, actor, {
          action: "control.updated",
          entityType: "program_control",
          entityId: before.id,
          before: pick(controlLedgerView(before), Object.keys(changes)),
          after: pick(controlLedgerView(next), Object.keys(changes)),
        });
        await recomputeReadiness(tx, actor.organizationId, programId, new Set([...before.criteria, ...next.criteria]));
      });
      return this.get(actor.organizationId, programId, key);
    },
  };
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
