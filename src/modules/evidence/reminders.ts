import { and, eq, isNull } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import { utcDay } from "../../core/freshness.ts";
import { newId } from "../../core/id.ts";
import { evidenceFreshnessNotices, memberships, programControls, programs } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import { emitAlert } from "../alerts/public.ts";
import { evidenceFreshness } from "./freshness.ts";

/**
 * Reminds control owners about evidence before it goes stale, and once more when it has: an alert (docs/alerts.md)
 * per control, stale day and kind (`evidence.due_soon`, `evidence.stale`). `evidence_freshness_notices` records each
 * one in the same change (no ledger entry: a reminder changes nothing people decided), so however often the job
 * runs and however many workers run it, an owner hears about a given deadline once; the alert's inbox entry and
 * email are outbox rows of that change, sent after it commits. Controls without an owner, not applicable, or
 * without any evidence yet are skipped (a control with no evidence at all shows as a gap elsewhere).
 */

export const EVIDENCE_FRESHNESS_JOB = "evidence.freshness";

export interface FreshnessRun {
  programs: number;
  reminded: number;
  stale: number;
}

export async function remindStaleEvidence(ctx: Pick<AppContext, "db">, now = new Date()): Promise<FreshnessRun> {
  const run: FreshnessRun = { programs: 0, reminded: 0, stale: 0 };
  const active = await ctx.db
    .select({ id: programs.id, organizationId: programs.organizationId })
    .from(programs)
    .where(isNull(programs.archivedAt));
  for (const p of active) {
    run.programs++;
    const owned = await ctx.db
      .select({
        id: programControls.id,
        key: programControls.key,
        name: programControls.name,
        owner: memberships.userId,
      })
      .from(programControls)
      .innerJoin(
        memberships,
        and(
          eq(memberships.organizationId, programControls.organizationId),
          eq(memberships.userId, programControls.ownerUserId),
        ),
      )
      .where(
        and(
          eq(programControls.organizationId, p.organizationId),
          eq(programControls.programId, p.id),
          eq(programControls.applicable, true),
        ),
      );
    if (!owned.length) continue;
    const fresh = await evidenceFreshness(
      ctx.db,
      p.organizationId,
      p.id,
      owned.map((c) => c.key),
      now,
    );
    for (const c of owned) {
      const f = fresh.get(c.key);
      if (!f?.staleAt || (f.state !== "due_soon" && f.state !== "stale")) continue;
      const staleOn = utcDay(f.staleAt);
      const kind = f.state;
      const actor = systemActor(p.organizationId, "evidence freshness");
      const sent = await change(ctx.db, actor, async (ch) => {
        const claimed = await ch.tx
          .insert(evidenceFreshnessNotices)
          .values({ id: newId(), organizationId: p.organizationId, controlId: c.id, staleOn, kind })
          .onConflictDoNothing()
          .returning({ id: evidenceFreshnessNotices.id });
        if (!claimed.length) return false;
        // An alert kind: the owner's preferences (inbox, email now or in the digest) and subscribed webhooks apply.
        await emitAlert(ch, {
          organizationId: p.organizationId,
          recipients: [c.owner],
          kind: kind === "stale" ? "evidence.stale" : "evidence.due_soon",
          title:
            kind === "stale"
              ? `Evidence for ${c.key} is stale: ${c.name}`
              : `Evidence for ${c.key} is due by ${staleOn}: ${c.name}`,
          body: `${f.reason} Upload new evidence for the control (or link existing evidence to it).`,
          link: `/programs/${p.id}/controls/${c.key}`,
        });
        return true;
      });
      if (sent) run[kind === "stale" ? "stale" : "reminded"]++;
    }
  }
  return run;
}
