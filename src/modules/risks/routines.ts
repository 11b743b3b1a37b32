/** RSK-02 (annual assessment, signed off by a second person), RSK-03 (owner, treatment, review date) and RSK-04 (fraud assessed) as routine checks. */
import { and, count, eq } from "drizzle-orm";
import type { ControlCheck } from "../../core/control-status.ts";
import { utcDay } from "../../core/dates.ts";
import { assessmentCheck, fraudCheck, registerCheck } from "../../core/risks.ts";
import { risks } from "../../db/schema/index.ts";
import type { ControlCheckProvider } from "../../kernel/routines.ts";
import { completedAssessments, lastCompleted } from "./assessments.ts";
import type { Snapshot } from "./schema.ts";

const SOURCE = "risks";
export const ASSESSMENT_CONTROL = "RSK-02";
export const REGISTER_CONTROL = "RSK-03";
export const FRAUD_CONTROL = "RSK-04";
const KEYS = [ASSESSMENT_CONTROL, REGISTER_CONTROL, FRAUD_CONTROL];

export const controlChecks: ControlCheckProvider = {
  name: SOURCE,
  async collect(db, organizationId, now, keys) {
    const out = new Map<string, ControlCheck[]>();
    if (keys && !KEYS.some((k) => keys.includes(k))) return out;
    const [last, completed] = await Promise.all([
      lastCompleted(db, organizationId),
      completedAssessments(db, organizationId),
    ]);
    const since = last?.completedAt?.toISOString() ?? null;
    const assessed = assessmentCheck(completed, now);
    const signed = completed
      .filter((a) => a.signedOffAt)
      .sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime())[0];
    if (assessed)
      out.set(ASSESSMENT_CONTROL, [
        {
          source: SOURCE,
          label: "Risk assessment completed and signed off in the last 12 months",
          ...assessed,
          since: signed?.signedOffAt?.toISOString() ?? null,
        },
      ]);
    const open = await db
      .select({
        title: risks.title,
        ownerUserId: risks.ownerUserId,
        treatment: risks.treatment,
        reviewDate: risks.reviewDate,
      })
      .from(risks)
      .where(and(eq(risks.organizationId, organizationId), eq(risks.status, "open")));
    const register = registerCheck(open, utcDay(now));
    if (register)
      out.set(REGISTER_CONTROL, [
        { source: SOURCE, label: "Open risks owned, treated and reviewed on time", ...register, since: null },
      ]);
    const [fraud] = await db
      .select({ n: count() })
      .from(risks)
      .where(and(eq(risks.organizationId, organizationId), eq(risks.type, "fraud")));
    const [any] = await db.select({ n: count() }).from(risks).where(eq(risks.organizationId, organizationId));
    const snapshot = last?.snapshot as Snapshot | null | undefined;
    const fraudJudged = fraudCheck(
      fraud?.n ?? 0,
      last && snapshot
        ? { name: last.name, fraudRisks: snapshot.risks.filter((r) => r.type === "fraud").length }
        : null,
      (any?.n ?? 0) > 0,
    );
    if (fraudJudged)
      out.set(FRAUD_CONTROL, [
        { source: SOURCE, label: "Fraud risk in the register and the last assessment", ...fraudJudged, since },
      ]);
    return out;
  },
};
