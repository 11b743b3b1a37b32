/**
 * "Why is this control in this state?": the verdict of the status rule with everything behind it — the evidence
 * (freshness and the pieces), each monitoring test mapped to the control with its resources, and the exceptions in
 * effect. Computed live, from the same inputs refreshControlSignals stores.
 */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { controlStatus, type ManualStatus, toOperate } from "../../core/control-status.ts";
import type { Db } from "../../db/client.ts";
import { evidence, evidenceControls, programControls, resources } from "../../db/schema/index.ts";
import { collectControlChecks } from "../../kernel/routines.ts";
import { notFound } from "../../platform/errors.ts";
import { evidenceFreshness } from "../evidence/public.ts";
import { allTests, classifiedAt, exceptionsAt, testStatusByControl } from "../monitoring/public.ts";
import { toSignals } from "./signals.ts";

const RECENT_EVIDENCE = 10;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function explainControl(db: Db, organizationId: string, programId: string, key: string, now = new Date()) {
  const [row] = await db
    .select()
    .from(programControls)
    .where(
      and(
        eq(programControls.organizationId, organizationId),
        eq(programControls.programId, programId),
        eq(programControls.key, key),
      ),
    );
  if (!row) throw notFound("The control");
  const keys = [row.key, ...(row.libraryId && row.libraryId !== row.key ? [row.libraryId] : [])];

  const fresh = (await evidenceFreshness(db, organizationId, programId, [row.key], now)).get(row.key);
  const byControl = await testStatusByControl(db, organizationId, keys, now);
  const routineChecks = await collectControlChecks(db, organizationId, now, keys);
  const signals = toSignals(
    fresh,
    byControl.get(row.key) ?? byControl.get(keys[1] ?? ""),
    routineChecks.get(row.key) ?? routineChecks.get(keys[1] ?? ""),
  );
  const manual = { status: row.status as ManualStatus, reason: row.statusReason, setAt: row.statusSetAt };
  const verdict = controlStatus({
    applicable: row.applicable,
    notApplicableReason: row.notApplicableReason,
    manual,
    signals,
    now,
  });

  const pieces = await db
    .select({
      id: evidence.id,
      title: evidence.title,
      collectedAt: evidence.collectedAt,
      effectiveFrom: evidence.effectiveFrom,
      effectiveTo: evidence.effectiveTo,
      source: evidence.source,
    })
    .from(evidenceControls)
    .innerJoin(evidence, eq(evidence.id, evidenceControls.evidenceId))
    .where(
      and(
        eq(evidenceControls.organizationId, organizationId),
        eq(evidenceControls.controlId, row.id),
        isNull(evidence.supersededById),
      ),
    )
    .orderBy(desc(evidence.collectedAt))
    .limit(RECENT_EVIDENCE);

  const tests = (await allTests(db, organizationId)).filter((t) => t.controls.some((c) => keys.includes(c)));
  const results = tests.length
    ? await classifiedAt(db, organizationId, now, { testIds: tests.map((t) => t.id) })
    : null;
  const testItems = tests
    .map((t) => {
      const r = results?.get(t.id);
      const oldestFailure = r?.failures
        .filter((f) => !f.exception)
        .reduce<Date | null>((a, f) => (!a || f.startedAt < a ? f.startedAt : a), null);
      const state = !r
        ? "no_results"
        : r.failing
          ? "failing"
          : r.excepted
            ? "excepted"
            : r.pass
              ? "passing"
              : "no_results";
      return {
        testId: t.id,
        title: t.title,
        severity: t.severity,
        enabled: t.enabled,
        state: state as "failing" | "passing" | "excepted" | "no_results",
        failingResources: r?.failing ?? 0,
        passingResources: r?.pass ?? 0,
        exceptedResources: r?.excepted ?? 0,
        since: iso(oldestFailure ?? r?.lastStart),
      };
    })
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.testId.localeCompare(b.testId));

  const active = tests.length
    ? await exceptionsAt(
        db,
        organizationId,
        now,
        tests.map((t) => t.id),
      )
    : [];
  const resourceIds = active.flatMap((e) => (e.resourceId ? [e.resourceId] : []));
  const names = new Map(
    resourceIds.length
      ? (
          await db
            .select({ id: resources.id, name: resources.name })
            .from(resources)
            .where(and(eq(resources.organizationId, organizationId), inArray(resources.id, resourceIds)))
        ).map((r) => [r.id, r.name])
      : [],
  );

  return {
    status: verdict.status,
    reason: verdict.reason,
    since: iso(verdict.since),
    source: verdict.source,
    toOperate: toOperate(verdict, {
      manual,
      signals,
      frequency: row.frequency,
      freshDays: row.freshnessOverrideDays,
      now,
    }),
    evidence: {
      ...signals.evidence,
      items: pieces.map((p) => ({ ...p, collectedAt: p.collectedAt.toISOString() })),
    },
    checks: signals.checks ?? [],
    tests: {
      failing: signals.tests.failing,
      passing: signals.tests.passing,
      excepted: signals.tests.excepted,
      since: signals.tests.since,
      items: testItems,
    },
    exceptions: active.map((e) => ({
      id: e.id,
      testId: e.testId,
      resourceName: e.resourceId ? (names.get(e.resourceId) ?? null) : null,
      expiresAt: e.until.toISOString(),
      approvedBy: e.approvedBy,
      state: "active" as const,
    })),
  };
}

const ORDER = { failing: 0, excepted: 1, passing: 2, no_results: 3 } as const;
