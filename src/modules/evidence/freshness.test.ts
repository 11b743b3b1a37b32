import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/context.ts";
import { seedOrg, seedUser } from "../../../test/seed.ts";
import { FRESHNESS_FREQUENCIES, staleOn, staleOnSqlText, utcDay } from "../../core/freshness.ts";
import { queryRows } from "../../db/client.ts";
import { notifications } from "../../db/schema/index.ts";
import { defaultSchedules } from "../../jobs/builtin.ts";
import { seedActor, seedControl, seedProgram } from "../programs/testing.ts";
import { evidenceFreshness } from "./freshness.ts";
import { EVIDENCE_FRESHNESS_JOB, remindStaleEvidence } from "./reminders.ts";
import { evidenceService, seedStatement } from "./testing.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const at = (d: string) => new Date(`${d}T12:00:00Z`);

async function world() {
  const org = await seedOrg(ctx.db);
  const owner = await seedUser(ctx.db, org.id, "owner");
  const co = await seedUser(ctx.db, org.id, "control_owner");
  const program = await seedProgram(ctx.db, org.id, owner.id, { adoptLibrary: false });
  const control = (
    key: string,
    frequency: "quarterly" | "annually" | "on_event" | "monthly",
    ownerUserId: string | null,
  ) => seedControl(ctx.db, org.id, owner.id, program.id, { key, frequency, ownerUserId });
  await control("CUS-01", "quarterly", co.id);
  await control("CUS-02", "annually", co.id);
  await control("CUS-03", "on_event", co.id);
  await control("CUS-04", "monthly", null);
  await control("CUS-05", "quarterly", co.id);
  return { org, owner, co, program };
}

describe("evidenceFreshness", () => {
  it("gives each control's latest evidence, stale day and state, ignoring superseded versions", async () => {
    const { org, owner, program } = await world();
    const submit = (controls: string[], collectedAt: string, effectiveTo?: string) =>
      seedStatement(ctx, org.id, owner.id, {
        programId: program.id,
        controls,
        collectedAt: at(collectedAt),
        effectiveFrom: effectiveTo ? `${effectiveTo.slice(0, 4)}-01-01` : undefined,
        effectiveTo,
      });
    await submit(["CUS-01", "CUS-02"], "2025-04-10", "2025-03-31");
    await submit(["CUS-01"], "2025-01-10");
    const wrong = await submit(["CUS-03"], "2024-01-01");
    // A correction replaces the CUS-03 evidence: only the new version counts.
    const actor = await seedActor(ctx.db, org.id, owner.id);
    await evidenceService(ctx).newVersion(actor, wrong.id, { reason: "wrong date", collectedAt: at("2024-06-01") });

    const map = await evidenceFreshness(ctx.db, org.id, program.id, undefined, at("2025-07-01"));
    expect([...map.keys()].sort()).toEqual(["CUS-01", "CUS-02", "CUS-03", "CUS-04", "CUS-05"]);
    expect(map.get("CUS-01")).toMatchObject({ count: 2, state: "due_soon", stale: false });
    expect(utcDay(map.get("CUS-01")!.staleAt!)).toBe("2025-07-14");
    expect(utcDay(map.get("CUS-01")!.latestCollectedAt!)).toBe("2025-04-10");
    expect(map.get("CUS-02")).toMatchObject({ count: 1, state: "current" });
    expect(utcDay(map.get("CUS-02")!.staleAt!)).toBe("2026-04-30");
    expect(map.get("CUS-03")).toMatchObject({ count: 1, state: "current", staleAt: null });
    expect(utcDay(map.get("CUS-03")!.latestCollectedAt!)).toBe("2024-06-01");
    expect(map.get("CUS-04")).toMatchObject({ count: 0, state: "missing", stale: false });

    const later = await evidenceFreshness(ctx.db, org.id, program.id, ["CUS-01"], at("2025-08-01"));
    expect([...later.keys()]).toEqual(["CUS-01"]);
    expect(later.get("CUS-01")).toMatchObject({ stale: true, state: "stale" });
    expect((await evidenceFreshness(ctx.db, org.id, program.id, [])).size).toBe(0);
    // Another organization sees nothing of this program.
    const other = await seedOrg(ctx.db);
    expect((await evidenceFreshness(ctx.db, other.id, program.id)).size).toBe(0);
  });

  it("agrees with the SQL version of the rule used to filter lists", async () => {
    const samples = fc.sample(
      fc.record({
        f: fc.constantFrom(...FRESHNESS_FREQUENCIES),
        collectedAt: fc.date({
          min: new Date("2020-01-01T00:00:00Z"),
          max: new Date("2035-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        effectiveTo: fc.option(
          fc
            .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true })
            .map(utcDay),
          { nil: null },
        ),
        source: fc.constantFrom("manual", "integration", "agent"),
        overrideDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
      }),
      300,
    );
    // Month ends and leap days, where clamping matters.
    for (const d of ["2027-01-31", "2028-02-29", "2027-11-30", "2027-08-31"])
      for (const f of FRESHNESS_FREQUENCIES)
        samples.push({ f, collectedAt: at(d), effectiveTo: d, source: "manual", overrideDays: null });
    const values = sql.join(
      samples.map(
        (s, i) =>
          sql`(${i}, ${s.f}, ${s.collectedAt.toISOString()}::timestamptz, ${s.effectiveTo}::date, ${s.source}, ${s.overrideDays}::integer)`,
      ),
      sql`, `,
    );
    const rows = await queryRows<{ i: number; stale_on: string | null }>(
      ctx.db,
      sql`SELECT i, (${sql.raw(staleOnSqlText("f", "c", "e", "s", "o"))})::text AS stale_on FROM (VALUES ${values}) AS v(i, f, c, e, s, o) ORDER BY i`,
    );
    for (const r of rows) {
      const s = samples[r.i]!;
      expect(r.stale_on, JSON.stringify(s)).toBe(staleOn({ frequency: s.f, overrideDays: s.overrideDays }, s));
    }
  });
});

describe("the evidence.freshness job", () => {
  it("is scheduled, reminds owners once before evidence goes stale and once when it has", async () => {
    expect(defaultSchedules(ctx.config).map((s) => s.name)).toContain(EVIDENCE_FRESHNESS_JOB);
    const { org, owner, co, program } = await world();
    await seedStatement(ctx, org.id, owner.id, {
      programId: program.id,
      controls: ["CUS-01", "CUS-04"],
      collectedAt: at("2025-04-10"),
      effectiveTo: "2025-03-31",
    });
    const inbox = async () =>
      (
        await ctx.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.organizationId, org.id), eq(notifications.userId, co.id)))
      )
        // The controls were just given owners, so "you own this control" notices are there too: not this job's.
        .filter((n) => n.kind.startsWith("evidence."))
        .map((n) => [n.kind, n.title, n.link]);

    await remindStaleEvidence(ctx, at("2025-06-01"));
    expect(await inbox()).toEqual([]);
    const first = await remindStaleEvidence(ctx, at("2025-06-30"));
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect(await inbox()).toEqual([
      [
        "evidence.due_soon",
        expect.stringMatching(/^Evidence for CUS-01 is due by 2025-07-14/),
        `/programs/${program.id}/controls/CUS-01`,
      ],
    ]);
    await remindStaleEvidence(ctx, at("2025-07-01"));
    await remindStaleEvidence(ctx, at("2025-07-02"));
    expect(await inbox()).toHaveLength(1);
    await remindStaleEvidence(ctx, at("2025-07-15"));
    await remindStaleEvidence(ctx, at("2025-07-16"));
    const kinds = (await inbox()).map((n) => n[0]);
    expect(kinds).toEqual(["evidence.due_soon", "evidence.stale"]);
    // CUS-04 has no owner (nobody to remind); CUS-05 has no evidence yet (a gap, not a reminder).
    const owners = (await ctx.db.select().from(notifications).where(eq(notifications.organizationId, org.id))).filter(
      (n) => n.kind.startsWith("evidence."),
    );
    expect(owners.every((n) => n.userId === co.id && n.title.includes("CUS-01"))).toBe(true);
  });
});
