/**
 * What the tests say about controls, for the control status rule (src/core/control-status.ts): per control key
 * (a library id like ACC-03, or a program control key like CUS-01 that custom tests name), how many
 * test × resource pairs fail, pass or fail under an exception at a moment, since when, and which tests fail.
 */

import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { customTests } from "../../db/schema/index.ts";
import { compileCustomTest, loadTests, type TestDefinition } from "../../integrations/definitions.ts";
import { classifiedAt } from "./status.ts";

export interface ControlTestStatus {
  /** Pairs failing with no exception covering them (tests that could not evaluate count here too). */
  failing: number;
  passing: number;
  /** Failing pairs an exception in effect accepts. */
  excepted: number;
  /**
   * Since when the control is in its current state: when failing, the start of the oldest failure still open;
   * otherwise the latest change among its tests' results. Null when no test has a result yet.
   */
  since: Date | null;
  failingTests: { testId: string; title: string; resources: number }[];
}

/** Every test that ever existed in the organization (deleted custom tests too: the past still has their results). */
export async function allTests(db: Db, organizationId: string): Promise<TestDefinition[]> {
  const current = await loadTests(db, organizationId);
  const known = new Set(current.map((t) => t.id));
  const deleted = (await db.select().from(customTests).where(eq(customTests.organizationId, organizationId)))
    .filter((r) => r.deletedAt)
    .map(compileCustomTest)
    .filter((t) => !known.has(t.id));
  return [...current, ...deleted];
}

/**
 * The test results of each control at `at` (default now). `controlKeys` limits the answer (and the work) to those
 * controls; every control with at least one test mapped to it gets an entry, even before its first result.
 */
export async function testStatusByControl(
  db: Db,
  organizationId: string,
  controlKeys?: readonly string[],
  at: Date = new Date(),
): Promise<Map<string, ControlTestStatus>> {
  const wanted = controlKeys ? new Set(controlKeys) : null;
  const tests = await allTests(db, organizationId);
  const testsByControl = new Map<string, TestDefinition[]>();
  for (const t of tests)
    for (const c of t.controls) {
      if (wanted && !wanted.has(c)) continue;
      testsByControl.set(c, [...(testsByControl.get(c) ?? []), t]);
    }
  const out = new Map<string, ControlTestStatus>();
  if (!testsByControl.size) return out;
  const testIds = [...new Set([...testsByControl.values()].flat().map((t) => t.id))];
  const results = await classifiedAt(db, organizationId, at, { testIds });

  for (const [control, list] of testsByControl) {
    const s: ControlTestStatus = { failing: 0, passing: 0, excepted: 0, since: null, failingTests: [] };
    let oldestFailure: Date | null = null;
    let latestChange: Date | null = null;
    for (const t of list) {
      const r = results.get(t.id);
      if (!r) continue;
      s.passing += r.pass;
      s.failing += r.failing;
      s.excepted += r.excepted;
      if (r.failing) s.failingTests.push({ testId: t.id, title: t.title, resources: r.failing });
      for (const f of r.failures) {
        if (f.exception) {
          // An excepted failure changed the picture when it started or when the exception took effect.
          const changed = f.exception.from > f.startedAt ? f.exception.from : f.startedAt;
          if (!latestChange || changed > latestChange) latestChange = changed;
        } else if (!oldestFailure || f.startedAt < oldestFailure) oldestFailure = f.startedAt;
      }
      if (r.lastStart && (!latestChange || r.lastStart > latestChange)) latestChange = r.lastStart;
    }
    s.since = oldestFailure ?? latestChange;
    s.failingTests.sort((a, b) => b.resources - a.resources || a.testId.localeCompare(b.testId));
    out.set(control, s);
  }
  return out;
}
