import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lt, lte } from "drizzle-orm";
import { loadContent } from "../../content/index.ts";
import { addDays, utcDay } from "../../core/dates.ts";
import type { Db } from "../../db/client.ts";
import { connections, programControls, readinessSnapshots, remediationItems, users } from "../../db/schema/index.ts";
import { readReadiness, statusOfRow } from "./readiness.ts";
import { loadProgram } from "./service.ts";

const OPEN = ["open", "in_progress"];
const today = () => utcDay();

/** Gaps: every in-scope criterion that is not ready and every applicable control not done, with what to do. */
export async function gapList(
  db: Db,
  organizationId: string,
  programId: string,
  readiness?: Awaited<ReturnType<typeof readReadiness>>,
) {
  const content = loadContent();
  readiness ??= await readReadiness(db, organizationId, programId);
  const controls = await db
    .select()
    .from(programControls)
    .where(and(eq(programControls.organizationId, organizationId), eq(programControls.programId, programId)));
  const criteria = readiness.criteria
    .filter((c) => c.state === "not_ready")
    .map((c) => ({
      criterionId: c.id,
      title: content.criteriaById.get(c.id)?.title ?? c.id,
      category: c.category,
      score: c.score,
      levels: {
        declared: c.levels.declared.score,
        evidenced: c.levels.evidenced.score,
        operating: c.levels.operating.score,
      },
      why: c.reason,
      todo:
        c.applicable === 0
          ? `Adopt or add a control mapped to ${c.id}, or make one of its not-applicable controls applicable.`
          : `Bring ${c.pending.join(", ")} to implemented or operating.`,
      pending: c.pending,
    }))
    .sort((a, b) => a.score - b.score);
  const controlGaps = controls
    .map((c) => ({ c, verdict: statusOfRow(c) }))
    .filter(
      ({ verdict }) =>
        verdict.status !== "implemented" && verdict.status !== "operating" && verdict.status !== "not_applicable",
    )
    .map(({ c, verdict }) => ({
      key: c.key,
      name: c.name,
      status: verdict.status,
      why: verdict.reason,
      todo: c.guidance.split("\n")[0] || "Implement the control and record how it works (narrative).",
      criteria: c.criteria,
    }));
  return { criteria, controls: controlGaps };
}

/** Daily readiness snapshots for the trend chart (last `days`). */
export async function readinessTrend(db: Db, organizationId: string, programId: string, days = 90) {
  await loadProgram(db, organizationId, programId);
  const rows = await db
    .select()
    .from(readinessSnapshots)
    .where(
      and(
        eq(readinessSnapshots.organizationId, organizationId),
        eq(readinessSnapshots.programId, programId),
        gte(readinessSnapshots.day, addDays(today(), -days)),
      ),
    )
    .orderBy(asc(readinessSnapshots.day));
  return rows.map((r) => ({
    day: r.day,
    overall: r.overall,
    ready: r.criteriaReady,
    total: r.criteriaTotal,
    byCategory: r.byCategory,
    levels: r.levels ?? null,
  }));
}

/** Remediation items that are overdue or due in the next 30 days. */
async function deadlines(db: Db, organizationId: string, programId: string) {
  const columns = {
    id: remediationItems.id,
    ref: remediationItems.ref,
    title: remediationItems.title,
    priority: remediationItems.priority,
    dueDate: remediationItems.dueDate,
    status: remediationItems.status,
    owner: users.name,
  };
  const base = [
    eq(remediationItems.organizationId, organizationId),
    eq(remediationItems.programId, programId),
    inArray(remediationItems.status, OPEN),
  ];
  const query = (...extra: ReturnType<typeof lt>[]) =>
    db
      .select(columns)
      .from(remediationItems)
      .leftJoin(users, eq(users.id, remediationItems.ownerUserId))
      .where(and(...base, ...extra))
      .orderBy(asc(remediationItems.dueDate))
      .limit(10);
  const [overdue, upcoming] = await Promise.all([
    query(lt(remediationItems.dueDate, today())),
    query(gte(remediationItems.dueDate, today()), lte(remediationItems.dueDate, addDays(today(), 30))),
  ]);
  return { overdue, upcoming };
}

/** The certification journey: each stage, whether it is done, and what is left in it. */
async function journey(
  db: Db,
  organizationId: string,
  programId: string,
  readiness: Awaited<ReturnType<typeof readReadiness>>,
) {
  const program = await loadProgram(db, organizationId, programId);
  const items = await db
    .select({ status: remediationItems.status })
    .from(remediationItems)
    .where(and(eq(remediationItems.organizationId, organizationId), eq(remediationItems.programId, programId)));
  const openItems = items.filter((i) => OPEN.includes(i.status)).length;
  // Counted at the headline level (Type II: operating), like the dashboard's ring: declared is not ready.
  const notReady = readiness.overall.total - readiness.overall.levels[readiness.headline].ready;
  const stage = (id: string, name: string, done: boolean, left: string, available = true) => ({
    id,
    name,
    done,
    left: done ? "" : left,
    available,
  });
  return [
    stage(
      "scope",
      "Scope the audit",
      program.scopedAt !== null,
      "Finish the scoping wizard: report type, period, categories and system.",
    ),
    stage(
      "readiness",
      "Readiness assessment",
      readiness.overall.total > 0 && notReady === 0,
      `${notReady} of ${readiness.overall.total} criteria are not ${readiness.headline} yet.`,
    ),
    stage("policies", "Write and approve policies", false, "Policies arrive with the policy module.", false),
    stage(
      "implement",
      "Implement controls",
      notReady === 0 && openItems === 0,
      `${openItems} remediation item(s) open.`,
    ),
    await monitorStage(db, organizationId, programId),
    stage("auditor", "Work with the auditor", false, "Audit workspace not built yet.", false),
    stage("findings", "Remediate findings", false, "After the audit.", false),
    stage("improve", "Continuous improvement", false, "Yearly cycle.", false),
  ];
}

/**
 * Monitoring is done when something is connected and every applicable control is operating: current evidence and
 * no failing test (core/control-status.ts).
 */
async function monitorStage(db: Db, organizationId: string, programId: string) {
  const rows = await db
    .select()
    .from(programControls)
    .where(
      and(
        eq(programControls.organizationId, organizationId),
        eq(programControls.programId, programId),
        eq(programControls.applicable, true),
      ),
    );
  const statuses = rows.map((r) => statusOfRow(r).status);
  const operating = statuses.filter((s) => s === "operating").length;
  const attention = statuses.filter((s) => s === "needs_attention").length;
  const [synced] = await db
    .select({ n: count() })
    .from(connections)
    .where(
      and(
        eq(connections.organizationId, organizationId),
        isNull(connections.deletedAt),
        isNotNull(connections.lastSuccessAt),
      ),
    );
  const connected = (synced?.n ?? 0) > 0;
  const done = connected && rows.length > 0 && operating === rows.length;
  const left = !connected
    ? "Connect your systems under Monitoring → Integrations so tests watch the controls, and collect evidence."
    : `${operating} of ${rows.length} applicable controls are operating (current evidence, no failing test)${attention ? `; ${attention} need attention` : ""}.`;
  return { id: "monitor", name: "Monitor and internal audit", done, left: done ? "" : left, available: true };
}

export async function dashboard(db: Db, organizationId: string, programId: string) {
  const readiness = await readReadiness(db, organizationId, programId);
  const [gaps, trend, due, stages] = await Promise.all([
    gapList(db, organizationId, programId, readiness),
    readinessTrend(db, organizationId, programId),
    deadlines(db, organizationId, programId),
    journey(db, organizationId, programId, readiness),
  ]);
  return {
    readiness: {
      headline: readiness.headline,
      overall: readiness.overall,
      categories: readiness.categories,
      criteria: readiness.criteria,
    },
    trend,
    topGaps: gaps.criteria.slice(0, 5),
    overdue: due.overdue,
    upcoming: due.upcoming,
    journey: stages,
  };
}
