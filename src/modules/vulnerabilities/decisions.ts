/** What people decide about the register: their own SLAs, and accepting a finding's risk for a time. */
import { and, eq, sql } from "drizzle-orm";
import { utcDay } from "../../core/dates.ts";
import { acceptanceProblem, VULN_SEVERITIES, type VulnSlaDays } from "../../core/vulnerabilities.ts";
import { vulnerabilities, vulnerabilitySettings } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/types.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { controlInputsChanged } from "../programs/events.ts";
import { acceptanceWithdrawn, riskAccepted, slaChanged } from "./events.ts";
import { REMEDIATION_CONTROL } from "./import.ts";
import { loadFinding, slaDaysOf } from "./queries.ts";

const remediationMoved = (c: Change) => c.emit(controlInputsChanged, { keys: [REMEDIATION_CONTROL] });

/**
 * Sets the organization's SLAs and moves every open finding's fix-by date to the new window, counted from when its
 * window started (first seen, or reopened). Resolved findings keep the dates they were judged by.
 */
export async function setSlaDays(c: Change, days: VulnSlaDays) {
  const organizationId = c.organizationId!;
  const before = await slaDaysOf(c.tx, organizationId);
  const userId = c.actor.kind === "system" ? null : c.actor.userId;
  await c.tx
    .insert(vulnerabilitySettings)
    .values({ organizationId, slaDays: days, updatedBy: userId, updatedAt: c.now })
    .onConflictDoUpdate({
      target: vulnerabilitySettings.organizationId,
      set: { slaDays: days, updatedBy: userId, updatedAt: c.now },
    });
  const window = sql.join(
    VULN_SEVERITIES.map((s) =>
      days[s] === null
        ? sql`when ${s} then null`
        : sql`when ${s} then ((${vulnerabilities.slaFrom} at time zone 'UTC')::date + ${days[s]}::int)`,
    ),
    sql` `,
  );
  const moved = await c.tx
    .update(vulnerabilities)
    .set({ dueDate: sql`case ${vulnerabilities.severity} ${window} end` })
    .where(and(eq(vulnerabilities.organizationId, organizationId), eq(vulnerabilities.status, "open")))
    .returning({ id: vulnerabilities.id });
  await c.emit(slaChanged, { id: organizationId, before, after: { ...days, openFindingsMoved: moved.length } });
  await remediationMoved(c);
  return days;
}

async function lockedFinding(c: Change, id: string) {
  const [row] = await c.tx
    .select()
    .from(vulnerabilities)
    .where(and(eq(vulnerabilities.organizationId, c.organizationId!), eq(vulnerabilities.id, id)))
    .for("update");
  if (!row) throw notFound("The finding");
  return row;
}

/** Accepts an open finding's risk until a day, with the reason; a later acceptance replaces an earlier one. */
export async function acceptRisk(c: Change, id: string, body: { until: string; reason: string }) {
  const row = await lockedFinding(c, id);
  const problem = acceptanceProblem(row, body.until, body.reason, utcDay(c.now));
  if (problem) throw new AppError(409, "acceptance_refused", problem);
  await c.tx
    .update(vulnerabilities)
    .set({
      acceptedUntil: body.until,
      acceptanceReason: body.reason.trim(),
      acceptedBy: c.actor.kind === "system" ? null : c.actor.userId,
      acceptedAt: c.now,
    })
    .where(eq(vulnerabilities.id, id));
  await c.emit(riskAccepted, {
    id,
    before: row.acceptedUntil ? { until: row.acceptedUntil, reason: row.acceptanceReason } : undefined,
    after: { until: body.until, reason: body.reason.trim(), ruleId: row.ruleId, package: row.package },
  });
  await remediationMoved(c);
  return loadFinding(c.tx, c.organizationId!, id, c.now);
}

/** Withdraws an acceptance: the finding is judged by its fix-by date again. */
export async function withdrawAcceptance(c: Change, id: string) {
  const row = await lockedFinding(c, id);
  if (!row.acceptedUntil) throw new AppError(409, "not_accepted", "This finding's risk is not accepted.");
  await c.tx
    .update(vulnerabilities)
    .set({ acceptedUntil: null, acceptanceReason: null, acceptedBy: null, acceptedAt: null })
    .where(eq(vulnerabilities.id, id));
  await c.emit(acceptanceWithdrawn, {
    id,
    before: { until: row.acceptedUntil, reason: row.acceptanceReason, ruleId: row.ruleId, package: row.package },
  });
  await remediationMoved(c);
  return loadFinding(c.tx, c.organizationId!, id, c.now);
}
