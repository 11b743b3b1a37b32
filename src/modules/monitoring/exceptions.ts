/**
 * Exceptions: a failing test accepted for a while, with a justification. Someone asks, naming an approver —
 * another member who may approve (owner, admin, compliance manager); it takes effect when that person approves,
 * and ends at its expiry (at most a year) or when revoked. The failure then counts again: exceptions are
 * applied when results are read, so nothing has to happen at the moment of expiry.
 */

import { and, count, desc, eq, gt, isNotNull, isNull, lte, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { OrgActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { memberships, resources, testExceptions, users } from "../../db/schema/index.ts";
import { loadTests } from "../../integrations/definitions.ts";
import { change } from "../../kernel/change.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import {
  exceptionApproved,
  exceptionRejected,
  exceptionRequested,
  exceptionRevoked,
  testResultsMoved,
} from "./events.ts";
import type { CreateException, ExceptionState, ExceptionView } from "./schema.ts";
import { exceptionState, findTest } from "./store.ts";

const APPROVER_ROLES: readonly Role[] = ["owner", "admin", "compliance_manager"];
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

type Row = typeof testExceptions.$inferSelect;

const ledgerView = (e: Row) => ({
  testId: e.testId,
  resourceId: e.resourceId,
  justification: e.justification,
  approverUserId: e.approverUserId,
  decision: e.decision,
  decidedAt: e.decidedAt,
  decisionNote: e.decisionNote,
  expiresAt: e.expiresAt,
  revokedAt: e.revokedAt,
  revokeReason: e.revokeReason,
});

const approver = alias(users, "approver");
const creator = alias(users, "creator");

export function createExceptionsService({ db }: { db: Db }) {
  async function load(organizationId: string, id: string, tx: Db = db): Promise<Row> {
    const [e] = await tx
      .select()
      .from(testExceptions)
      .where(and(eq(testExceptions.id, id), eq(testExceptions.organizationId, organizationId)));
    if (!e) throw notFound("The exception");
    return e;
  }

  async function views(organizationId: string, where: SQL | undefined, page?: { page: number; pageSize: number }) {
    const base = db
      .select({
        e: testExceptions,
        resourceName: resources.name,
        approverName: approver.name,
        approverEmail: approver.email,
        creatorName: creator.name,
        creatorEmail: creator.email,
      })
      .from(testExceptions)
      .leftJoin(resources, eq(resources.id, testExceptions.resourceId))
      .leftJoin(approver, eq(approver.id, testExceptions.approverUserId))
      .leftJoin(creator, eq(creator.id, testExceptions.createdBy))
      .where(and(eq(testExceptions.organizationId, organizationId), where))
      .orderBy(desc(testExceptions.createdAt), desc(testExceptions.id));
    const rows = page ? await base.limit(page.pageSize).offset(pageOffset(page)) : await base;
    const titles = new Map((await loadTests(db, organizationId)).map((t) => [t.id, t.title]));
    const now = new Date();
    return rows.map(
      (r): ExceptionView => ({
        id: r.e.id,
        testId: r.e.testId,
        testTitle: titles.get(r.e.testId) ?? r.e.testId,
        resourceId: r.e.resourceId,
        resourceName: r.resourceName,
        justification: r.e.justification,
        state: exceptionState(r.e, now),
        approver: r.approverName ? { id: r.e.approverUserId, name: r.approverName, email: r.approverEmail! } : null,
        decidedAt: r.e.decidedAt,
        decisionNote: r.e.decisionNote,
        expiresAt: r.e.expiresAt,
        revokedAt: r.e.revokedAt,
        revokeReason: r.e.revokeReason,
        createdBy: r.creatorName ? { id: r.e.createdBy, name: r.creatorName, email: r.creatorEmail! } : null,
        createdAt: r.e.createdAt,
      }),
    );
  }

  async function view(organizationId: string, id: string) {
    const [v] = await views(organizationId, eq(testExceptions.id, id));
    if (!v) throw notFound("The exception");
    return v;
  }

  /** SQL for a derived state, so lists filter in the database. */
  function stateWhere(state: ExceptionState): SQL {
    const now = new Date();
    const notRevoked = or(isNull(testExceptions.revokedAt), gt(testExceptions.revokedAt, now));
    switch (state) {
      case "rejected":
        return eq(testExceptions.decision, "rejected");
      case "revoked":
        return and(isNotNull(testExceptions.revokedAt), lte(testExceptions.revokedAt, now)) as SQL;
      case "expired":
        return and(
          lte(testExceptions.expiresAt, now),
          notRevoked,
          or(eq(testExceptions.decision, "approved"), eq(testExceptions.decision, "pending")),
        ) as SQL;
      case "active":
        return and(eq(testExceptions.decision, "approved"), gt(testExceptions.expiresAt, now), notRevoked) as SQL;
      case "pending":
        return and(eq(testExceptions.decision, "pending"), gt(testExceptions.expiresAt, now), notRevoked) as SQL;
    }
  }

  return {
    async list(
      organizationId: string,
      q: { testId?: string; resourceId?: string; state?: ExceptionState; page: number; pageSize: number },
    ) {
      const where = and(
        q.testId ? eq(testExceptions.testId, q.testId) : undefined,
        q.resourceId ? eq(testExceptions.resourceId, q.resourceId) : undefined,
        q.state ? stateWhere(q.state) : undefined,
      );
      const [{ total }] = (await db
        .select({ total: count() })
        .from(testExceptions)
        .where(and(eq(testExceptions.organizationId, organizationId), where))) as [{ total: number }];
      return { items: await views(organizationId, where, q), total: Number(total), page: q.page, pageSize: q.pageSize };
    },

    get: view,

    async create(actor: OrgActor, input: CreateException) {
      const test = await findTest(db, actor.organizationId, input.testId);
      if (input.resourceId) {
        const [r] = await db
          .select({ type: resources.type })
          .from(resources)
          .where(and(eq(resources.id, input.resourceId), eq(resources.organizationId, actor.organizationId)));
        if (!r) throw notFound("The resource");
        if (r.type !== test.resourceType)
          throw badRequest(
            "resource_type_mismatch",
            `${test.id} tests ${test.resourceType} resources; this resource is a ${r.type}.`,
          );
      }
      const expiresAt = new Date(input.expiresAt);
      const now = Date.now();
      if (expiresAt.getTime() <= now) throw badRequest("invalid_expiry", "The expiry must be in the future.");
      if (expiresAt.getTime() > now + MAX_DAYS * DAY_MS)
        throw badRequest(
          "invalid_expiry",
          "An exception lasts at most one year: choose an earlier expiry, and renew it then if still needed.",
        );
      if (input.approverUserId === actor.userId)
        throw badRequest(
          "approver_is_requester",
          "Name someone else as approver: nobody approves their own exception.",
        );
      const [m] = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.userId, input.approverUserId)));
      if (!m) throw badRequest("unknown_approver", "The approver is not a member of this organization.");
      if (!APPROVER_ROLES.includes(m.role as Role))
        throw badRequest(
          "approver_not_allowed",
          "The approver must be an owner, admin or compliance manager of this organization.",
        );
      const row: Row = {
        id: newId(),
        organizationId: actor.organizationId,
        testId: test.id,
        resourceId: input.resourceId,
        justification: input.justification,
        approverUserId: input.approverUserId,
        decision: "pending",
        decidedAt: null,
        decisionNote: "",
        expiresAt,
        revokedAt: null,
        revokedBy: null,
        revokeReason: null,
        createdBy: actor.userId,
        createdAt: new Date(),
      };
      await change(db, actor, async ({ tx, emit }) => {
        await tx.insert(testExceptions).values(row);
        await emit(exceptionRequested, { id: row.id, after: ledgerView(row) });
      });
      return view(actor.organizationId, row.id);
    },

    /** Approves or rejects: only the named approver, only while pending and not expired. */
    async decide(actor: OrgActor, id: string, decision: "approved" | "rejected", note: string) {
      await change(db, actor, async ({ tx, emit, now }) => {
        const [e] = await tx
          .select()
          .from(testExceptions)
          .where(and(eq(testExceptions.id, id), eq(testExceptions.organizationId, actor.organizationId)))
          .for("update");
        if (!e) throw notFound("The exception");
        if (e.approverUserId !== actor.userId)
          throw forbidden("Only the approver named on this exception can approve or reject it.");
        const state = exceptionState(e, now);
        if (state !== "pending")
          throw conflict("exception_not_pending", `This exception is ${state}; only pending ones can be decided.`);
        const [after] = await tx
          .update(testExceptions)
          .set({ decision, decidedAt: now, decisionNote: note })
          .where(eq(testExceptions.id, id))
          .returning();
        const recorded = { id, before: ledgerView(e), after: ledgerView(after!) };
        if (decision === "rejected") await emit(exceptionRejected, recorded);
        else {
          await emit(exceptionApproved, recorded);
          // The failures it covers are excepted from now: their controls' status and readiness follow.
          await emit(testResultsMoved, { controls: {} });
        }
      });
      return view(actor.organizationId, id);
    },

    async revoke(actor: OrgActor, id: string, reason: string) {
      await change(db, actor, async ({ tx, emit, now }) => {
        const e = await load(actor.organizationId, id, tx);
        const state = exceptionState(e, now);
        if (state !== "active" && state !== "pending")
          throw conflict("exception_not_active", `This exception is ${state} already.`);
        const [after] = await tx
          .update(testExceptions)
          .set({ revokedAt: now, revokedBy: actor.userId, revokeReason: reason })
          .where(and(eq(testExceptions.id, id), isNull(testExceptions.revokedAt)))
          .returning();
        if (!after) throw new AppError(409, "exception_not_active", "The exception changed meanwhile.");
        // The failures it covered count again from now: their controls' status and readiness follow.
        await emit(exceptionRevoked, { id, before: ledgerView(e), after: ledgerView(after) });
        await emit(testResultsMoved, { controls: {} });
      });
      return view(actor.organizationId, id);
    },
  };
}
