/** The organization's likelihood and impact scales and level thresholds (default 5×5 until someone changes them). */
import { and, eq, gt, or } from "drizzle-orm";
import { DEFAULT_RISK_SCALES, type RiskScales, scalesProblem } from "../../core/risks.ts";
import type { Db } from "../../db/client.ts";
import { riskSettings, risks } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest, conflict } from "../../platform/errors.ts";
import { riskScalesChanged } from "./events.ts";

export async function loadScales(db: Db, organizationId: string): Promise<{ scales: RiskScales; isDefault: boolean }> {
  const [row] = await db.select().from(riskSettings).where(eq(riskSettings.organizationId, organizationId));
  return row ? { scales: row.scales, isDefault: false } : { scales: DEFAULT_RISK_SCALES, isDefault: true };
}

export async function saveScales(c: Change, input: RiskScales) {
  const organizationId = c.organizationId!;
  const scales: RiskScales = {
    likelihood: input.likelihood.map((l) => l.trim()),
    impact: input.impact.map((l) => l.trim()),
    thresholds: { ...input.thresholds },
  };
  const problem = scalesProblem(scales);
  if (problem) throw badRequest("invalid_scales", problem);
  // Shrinking a scale must not leave a risk rated beyond its end.
  const l = scales.likelihood.length;
  const i = scales.impact.length;
  const off = await c.tx
    .select({ title: risks.title })
    .from(risks)
    .where(
      and(
        eq(risks.organizationId, organizationId),
        or(gt(risks.likelihood, l), gt(risks.impact, i), gt(risks.residualLikelihood, l), gt(risks.residualImpact, i)),
      ),
    )
    .limit(4);
  if (off.length)
    throw conflict(
      "scales_too_small",
      `“${off[0]!.title}”${off.length > 1 ? " and other risks are" : " is"} rated beyond a ${l}×${i} scale. Re-rate ${off.length > 1 ? "them" : "it"} first, then shrink the scales.`,
    );
  const before = await loadScales(c.tx, organizationId);
  await c.tx
    .insert(riskSettings)
    .values({ organizationId, scales, updatedAt: c.now })
    .onConflictDoUpdate({ target: riskSettings.organizationId, set: { scales, updatedAt: c.now } });
  if (JSON.stringify(before.scales) !== JSON.stringify(scales))
    await c.emit(riskScalesChanged, { id: organizationId, before: before.scales, after: scales });
  return { ...scales, isDefault: false };
}
