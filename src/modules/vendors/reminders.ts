/**
 * Reminds a vendor's owner 30 days before its due diligence lapses and once more when it has (alert kinds
 * `vendor.due_diligence_expiring` and `vendor.due_diligence_lapsed`): judged on the latest report of each active
 * vendor with an owner, its bridge letters counted (core/vendors.ts reportExpiry). `vendor_notices` records each reminder in the same change (no ledger entry: a reminder
 * changes nothing people decided), so an owner hears about a report's expiry once per kind, however often and on
 * however many workers the job runs.
 */
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import { utcDay } from "../../core/dates.ts";
import { newId } from "../../core/id.ts";
import { bridgedUntil, dueDiligenceNotice, reportExpiry } from "../../core/vendors.ts";
import { memberships, vendorBridgeLetters, vendorNotices, vendorReports, vendors } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { emitAlert } from "../alerts/public.ts";

export const VENDOR_REMINDER_JOB = "vendors.due_diligence";

export async function remindDueDiligence(ctx: Pick<AppContext, "db">, now = new Date()) {
  const run = { expiring: 0, lapsed: 0 };
  const today = utcDay(now);
  const rows = await ctx.db
    .select({
      vendorId: vendors.id,
      organizationId: vendors.organizationId,
      name: vendors.name,
      owner: memberships.userId,
      reportId: vendorReports.id,
      periodEnd: vendorReports.periodEnd,
      asOfDate: vendorReports.asOfDate,
    })
    .from(vendors)
    .innerJoin(
      memberships,
      and(eq(memberships.organizationId, vendors.organizationId), eq(memberships.userId, vendors.ownerUserId)),
    )
    .innerJoin(vendorReports, eq(vendorReports.vendorId, vendors.id))
    .where(and(eq(vendors.status, "active"), isNotNull(vendors.ownerUserId)))
    .orderBy(desc(vendorReports.createdAt));
  const letters = rows.length
    ? await ctx.db
        .select({ reportId: vendorBridgeLetters.reportId, coveredUntil: vendorBridgeLetters.coveredUntil })
        .from(vendorBridgeLetters)
        .where(
          inArray(
            vendorBridgeLetters.reportId,
            rows.map((r) => r.reportId),
          ),
        )
    : [];
  const lettersOf = Map.groupBy(letters, (l) => l.reportId);
  // The report that expires last (its bridge letters counted) speaks for the vendor.
  const latest = new Map<string, (typeof rows)[number] & { expiry: string | null }>();
  for (const r of rows) {
    const expiry = reportExpiry({ ...r, bridgedUntil: bridgedUntil(lettersOf.get(r.reportId) ?? []) });
    const had = latest.get(r.vendorId);
    if (!had || (expiry && (!had.expiry || expiry > had.expiry))) latest.set(r.vendorId, { ...r, expiry });
  }
  for (const v of latest.values()) {
    const kind = dueDiligenceNotice(v.expiry, today);
    if (!kind) continue;
    const sent = await change(ctx.db, systemActor(v.organizationId, "vendor due diligence"), async (c) => {
      const claimed = await c.tx
        .insert(vendorNotices)
        .values({ id: newId(), organizationId: v.organizationId, reportId: v.reportId, kind })
        .onConflictDoNothing()
        .returning({ id: vendorNotices.id });
      if (!claimed.length) return false;
      await emitAlert(c, {
        organizationId: v.organizationId,
        recipients: [v.owner],
        kind: kind === "lapsed" ? "vendor.due_diligence_lapsed" : "vendor.due_diligence_expiring",
        title:
          kind === "lapsed"
            ? `Due diligence of ${v.name} lapsed on ${v.expiry}`
            : `Due diligence of ${v.name} lapses on ${v.expiry}`,
        body:
          kind === "lapsed"
            ? `The latest report of ${v.name} is more than 12 months past its period. Ask the vendor for its new report or a bridge letter, or send it a security questionnaire.`
            : `The latest report of ${v.name} stops being current on ${v.expiry}. Ask the vendor for its next report or a bridge letter.`,
        link: `/vendors/${v.vendorId}`,
      });
      return true;
    });
    if (sent) run[kind]++;
  }
  return run;
}

export const jobs: JobDefinition[] = [{ name: VENDOR_REMINDER_JOB, run: (ctx) => remindDueDiligence(ctx) }];
export const schedules: ScheduleDefinition[] = [{ name: VENDOR_REMINDER_JOB, intervalSeconds: 3600 }];
