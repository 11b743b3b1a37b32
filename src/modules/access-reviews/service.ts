/** The HTTP-facing service: each write is one change; reads build the views. */
import { and, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import { campaignProgress, closeProblem } from "../../core/access-review.ts";
import type { Actor, OrgActor } from "../../core/actor.ts";
import { utcDay } from "../../core/dates.ts";
import { slugify } from "../../core/slug.ts";
import { accessReviewAccounts, accessReviewCampaigns } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import { attachGeneratedEvidence } from "../evidence/public.ts";
import { organizationLogo, organizationName } from "../organizations/public.ts";
import { controlInputsChanged } from "../programs/events.ts";
import { complete, decide, reassign } from "./decisions.ts";
import { accessReviewClosed, accessReviewReported } from "./events.ts";
import { ACCESS_REVIEW_CONTROL, assertMember, connectionAccounts, launchCampaign, parseAccountsCsv } from "./launch.ts";
import { reportCsv, reportPdf } from "./report.ts";
import type { CreateCampaign, DecideInput } from "./schema.ts";
import { accountsOf, loadCampaign, toAccounts, toCampaigns } from "./store.ts";

type Deps = Pick<AppContext, "db" | "config" | "keys"> & Partial<Pick<AppContext, "log">>;

export function createAccessReviewService(ctx: Deps) {
  const { db } = ctx;

  async function detail(organizationId: string, id: string) {
    const row = await loadCampaign(db, organizationId, id);
    const accounts = await accountsOf(db, organizationId, [id]);
    const [view] = await toCampaigns(db, [row], accounts);
    return { ...view!, accounts: await toAccounts(db, accounts, row.status === "open") };
  }

  async function report(organizationId: string, id: string, generatedAt = new Date()) {
    const d = await detail(organizationId, id);
    const organization = await organizationName(db, organizationId);
    const filename = `access-review-${slugify(d.name, "review", 60)}-${utcDay(generatedAt)}`;
    return {
      filename,
      csv: () => reportCsv(d.accounts),
      pdf: async () =>
        reportPdf(
          { organization, campaign: d, accounts: d.accounts },
          { generatedAt, logo: (await organizationLogo(db, organizationId))?.bytes },
        ),
    };
  }

  /**
   * Attaches the closed review's report (PDF and CSV) as evidence of ACC-08 in every active program that has it, once:
   * a review that already has its report evidence is left alone, so the close and the hourly retry never double it.
   */
  async function attachReport(actor: Actor, id: string): Promise<string[]> {
    const d = await loadCampaign(db, actor.organizationId!, id);
    if (d.status !== "closed" || d.reportEvidenceIds.length) return d.reportEvidenceIds;
    const r = await report(d.organizationId, id);
    const evidenceIds = await attachGeneratedEvidence(
      ctx,
      actor,
      [
        { fileName: `${r.filename}.pdf`, bytes: await r.pdf() },
        { fileName: `${r.filename}.csv`, bytes: Buffer.from(r.csv(), "utf8") },
      ],
      {
        title: `Access review report: ${d.name}`,
        description:
          "Every account reviewed, with its reviewer, decision, comment, and when revocations and role changes were carried out or confirmed by a sync.",
        controlKey: ACCESS_REVIEW_CONTROL,
      },
    );
    if (evidenceIds.length)
      await change(db, actor, async (c) => {
        await c.tx
          .update(accessReviewCampaigns)
          .set({ reportEvidenceIds: evidenceIds })
          .where(and(eq(accessReviewCampaigns.organizationId, d.organizationId), eq(accessReviewCampaigns.id, id)));
        await c.emit(accessReviewReported, { id, after: { name: d.name, reportEvidenceIds: evidenceIds } });
      });
    return evidenceIds;
  }

  return {
    detail,
    report,
    attachReport,

    async list(actor: OrgActor, q: { status?: "open" | "closed"; q?: string; page: number; pageSize: number }) {
      const where: SQL[] = [eq(accessReviewCampaigns.organizationId, actor.organizationId)];
      if (q.status) where.push(eq(accessReviewCampaigns.status, q.status));
      if (q.q)
        where.push(
          or(
            ilike(accessReviewCampaigns.name, likePattern(q.q)),
            ilike(accessReviewCampaigns.system, likePattern(q.q)),
          )!,
        );
      const all = await db
        .select()
        .from(accessReviewCampaigns)
        .where(and(...where))
        .orderBy(desc(accessReviewCampaigns.launchedAt), desc(accessReviewCampaigns.id));
      const rows = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
      const accounts = await accountsOf(
        db,
        actor.organizationId,
        rows.map((r) => r.id),
      );
      return { items: await toCampaigns(db, rows, accounts), total: all.length, page: q.page, pageSize: q.pageSize };
    },

    async create(actor: OrgActor, input: CreateCampaign) {
      if (input.dueOn < utcDay())
        throw badRequest("due_in_past", "The due date has passed: choose today or a later day.");
      if (input.systemOwnerUserId)
        await assertMember(db, actor.organizationId, input.systemOwnerUserId, "system owner");
      if (input.reviewerRule === "system_owner" && !input.systemOwnerUserId)
        throw badRequest(
          "system_owner_required",
          "Choose the system owner who reviews the accounts (systemOwnerUserId).",
        );
      const snapshot =
        input.source === "csv"
          ? { accounts: parseAccountsCsv(input.csv), connectionId: null }
          : await connectionAccounts(db, actor.organizationId, input.connectionId, input.resourceTypes).then((r) => ({
              accounts: r.accounts,
              connectionId: r.connection.id,
            }));
      const row = await change(db, actor, (c) =>
        launchCampaign(c, { ...input, ownerUserId: actor.userId, createdBy: actor.userId }, snapshot),
      );
      return detail(actor.organizationId, row.id);
    },

    async decide(actor: OrgActor, id: string, input: DecideInput) {
      const rows = await change(db, actor, (c) => decide(c, actor, id, input));
      return { decided: rows.length, accounts: await toAccounts(db, rows) };
    },

    async complete(actor: OrgActor, id: string, accountId: string, input: { completedAt?: Date; note: string }) {
      const row = await change(db, actor, (c) => complete(c, actor, id, accountId, input));
      return (await toAccounts(db, [row]))[0]!;
    },

    async reassign(actor: OrgActor, id: string, accountId: string, reviewerUserId: string) {
      const row = await change(db, actor, (c) => reassign(c, actor, id, accountId, reviewerUserId));
      return (await toAccounts(db, [row]))[0]!;
    },

    /**
     * Closes the review when every account is decided and every revocation or role change is done or confirmed
     * (or the note says why not), then attaches the report (PDF and CSV) as evidence of the access review control
     * in every active program.
     */
    async close(actor: OrgActor, id: string, note: string | undefined) {
      await change(db, actor, async (c) => {
        const [row] = await c.tx
          .select()
          .from(accessReviewCampaigns)
          .where(and(eq(accessReviewCampaigns.organizationId, actor.organizationId), eq(accessReviewCampaigns.id, id)))
          .for("update");
        if (!row) await loadCampaign(c.tx, actor.organizationId, id); // the 404
        if (row!.status === "closed") throw new AppError(409, "already_closed", "This review is already closed.");
        const accounts = await accountsOf(c.tx, actor.organizationId, [id]);
        const progress = campaignProgress(accounts);
        const problem = closeProblem(progress, note);
        if (problem) throw new AppError(409, "not_ready", problem);
        const closeNote = progress.unfinished ? note!.trim() : note?.trim() || null;
        await c.tx
          .update(accessReviewCampaigns)
          .set({ status: "closed", closedAt: c.now, closedBy: actor.userId, closeNote })
          .where(eq(accessReviewCampaigns.id, id));
        await c.emit(accessReviewClosed, {
          id,
          before: { status: "open" },
          after: { name: row!.name, system: row!.system, status: "closed", closeNote, progress },
        });
        await c.emit(controlInputsChanged, { keys: [ACCESS_REVIEW_CONTROL] });
      });
      // The report is attached after the close commits (it reads the closed review). A failure here (storage down)
      // does not undo the close: the hourly job attaches the report of any closed review that still has none.
      await attachReport(actor, id).catch((err) =>
        ctx.log?.error({ err, campaignId: id }, "access review report could not be attached; the hourly job retries"),
      );
      return detail(actor.organizationId, id);
    },

    /** The accounts waiting for this reviewer's decision (or their unfinished revocations), by campaign. */
    async assigned(actor: OrgActor) {
      const rows = await db
        .select({ account: accessReviewAccounts, campaign: accessReviewCampaigns })
        .from(accessReviewAccounts)
        .innerJoin(accessReviewCampaigns, eq(accessReviewCampaigns.id, accessReviewAccounts.campaignId))
        .where(
          and(
            eq(accessReviewAccounts.organizationId, actor.organizationId),
            eq(accessReviewAccounts.reviewerUserId, actor.userId),
            eq(accessReviewCampaigns.status, "open"),
          ),
        )
        .orderBy(accessReviewCampaigns.dueOn, accessReviewAccounts.account);
      const open = rows.filter(
        (r) =>
          !r.account.decision || (r.account.decision !== "keep" && !r.account.completedAt && !r.account.confirmedAt),
      );
      const views = new Map(
        (
          await toAccounts(
            db,
            open.map((r) => r.account),
          )
        ).map((a) => [a.id, a]),
      );
      const today = utcDay();
      const groups = Map.groupBy(open, (r) => r.campaign.id);
      return {
        items: [...groups.values()].map((list) => {
          const c = list[0]!.campaign;
          return {
            campaign: { id: c.id, name: c.name, system: c.system, dueOn: c.dueOn, overdue: c.dueOn < today },
            accounts: list.map((r) => views.get(r.account.id)!),
          };
        }),
      };
    },
  };
}
