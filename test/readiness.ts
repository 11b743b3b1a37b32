import { isDeepStrictEqual } from "node:util";
import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "../src/db/client.ts";
import { criterionReadiness, programControls, programs } from "../src/db/schema/index.ts";
import { readinessOfCriteria, scopedCriteria, statusOfRow } from "../src/modules/programs/readiness.ts";
import { toSignals } from "../src/modules/programs/signals.ts";

/**
 * Asserts that what a change left stored is what a full recompute from the controls gives: the readiness of every
 * criterion (at each level of proof), and each control's status from its stored signals. Use it right after the write under test.
 */
export async function expectDerivedStateFresh(db: Db, organizationId: string, programId: string) {
  const [program] = await db.select().from(programs).where(eq(programs.id, programId));
  const rows = await db
    .select()
    .from(programControls)
    .where(and(eq(programControls.organizationId, organizationId), eq(programControls.programId, programId)));
  const expected = readinessOfCriteria(scopedCriteria(program!.categories), rows);
  const stored = await db.select().from(criterionReadiness).where(eq(criterionReadiness.programId, programId));
  const byId = new Map(stored.map((r) => [r.criterionId, r]));
  const mismatches = expected
    .filter((e) => {
      const s = byId.get(e.id);
      return (
        !s ||
        s.done !== e.done ||
        s.applicable !== e.applicable ||
        s.state !== e.state ||
        !isDeepStrictEqual(s.levels, e.levels)
      );
    })
    .map(
      (e) =>
        `${e.id}: stored ${byId.get(e.id)?.done}/${byId.get(e.id)?.applicable}, expected ${e.done}/${e.applicable}`,
    );
  expect(mismatches).toEqual([]);
  return { rows, statuses: new Map(rows.map((r) => [r.key, statusOfRow(r).status])), toSignals };
}
