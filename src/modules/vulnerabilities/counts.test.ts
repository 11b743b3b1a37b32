import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { utcDay } from "../../core/dates.ts";
import { openCounts } from "./queries.ts";
import { seedFinding } from "./testing.ts";

const { ctx, app } = withTestApp();
const day = (days: number) => utcDay(new Date(Date.now() + days * 86_400_000));

describe(`open finding counts on ${dbKind}`, () => {
  it("counts a risk accepted today whether or not its fix-by date has passed; late ones apart, for OPS-07", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const reason = "Compensating control in place until the vendor ships a fix";
    const accept = (until: string) => ({ acceptedUntil: until, acceptanceReason: reason });
    // Accepted and past the fix-by date (also on its last day), accepted before it, accepted without one.
    await seedFinding(ctx.db, org.id, { severity: "high", dueDate: day(-5), ...accept(day(10)) });
    await seedFinding(ctx.db, org.id, { severity: "medium", dueDate: day(-5), ...accept(day(0)) });
    await seedFinding(ctx.db, org.id, { severity: "critical", dueDate: day(20), ...accept(day(10)) });
    await seedFinding(ctx.db, org.id, { severity: "medium", dueDate: null, ...accept(day(5)) });
    // An acceptance that ended yesterday: late again. A resolved finding counts nowhere. One never accepted.
    await seedFinding(ctx.db, org.id, { severity: "low", dueDate: day(-5), ...accept(day(-1)) });
    await seedFinding(ctx.db, org.id, {
      severity: "high",
      status: "resolved",
      resolvedAt: new Date(),
      ...accept(day(10)),
    });
    await seedFinding(ctx.db, org.id, { severity: "info", dueDate: day(30) });
    // Another organization's accepted finding.
    const other = await orgWithOwner(app, ctx.db);
    await seedFinding(ctx.db, other.org.id, { severity: "high", dueDate: day(-5), ...accept(day(10)) });

    const counts = await openCounts(ctx.db, org.id, new Date());
    expect(counts).toEqual({
      open: { critical: 1, high: 1, medium: 2, low: 1, info: 1, unknown: 0 },
      overdue: { critical: 0, high: 0, medium: 0, low: 1, info: 0, unknown: 0 },
      accepted: 4,
      acceptedLate: 2,
    });
    const board = (await client.get("/api/v1/vulnerabilities/dashboard")).json();
    expect(board).toMatchObject({ open: 6, overdue: 1, accepted: 4 });
    // The dashboard's figure is the list's "accepted" filter.
    expect((await client.get("/api/v1/vulnerabilities?accepted=true")).json().total).toBe(4);
    expect((await client.get("/api/v1/vulnerabilities?overdue=true")).json().total).toBe(1);
  });
});
