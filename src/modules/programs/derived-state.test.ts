/**
 * Regression tests for derived state kept by the kernel's subscribers: after each write, in the same request, the
 * stored readiness of every affected criterion equals a full recompute.
 */

import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { expectDerivedStateFresh } from "../../../test/readiness.ts";
import { loadContent } from "../../content/index.ts";

const { ctx, app } = withTestApp();

const program = {
  name: "SOC 2 Type II 2027",
  reportType: "type2",
  windowStart: "2027-01-01",
  windowEnd: "2027-12-31",
  categories: ["security", "availability"],
  adoptLibrary: true,
};

describe("readiness after a self-assessment", () => {
  it("moves every criterion the moved controls map to, not only the criterion answered", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", program)).json();
    const content = loadContent();
    // The controls a "yes" to CC6.6 moves, and the other criteria they map to.
    const moved = content.controls.filter((c) => c.criteria.includes("CC6.6"));
    const others = [...new Set(moved.flatMap((c) => c.criteria))].filter((id) => id !== "CC6.6");
    expect(others.length).toBeGreaterThan(0);
    const before = (await client.get(`/api/v1/programs/${p.id}/readiness`)).json();

    const res = await client.put(`/api/v1/programs/${p.id}/assessment`, {
      answers: [{ criterionId: "CC6.6", answer: "yes" }],
    });
    expect(res.statusCode).toBe(200);

    const after = (await client.get(`/api/v1/programs/${p.id}/readiness`)).json();
    const done = (r: { criteria: { id: string; done: number }[] }, id: string) =>
      r.criteria.find((c) => c.id === id)!.done;
    for (const id of others) {
      const movedHere = moved.filter((c) => c.criteria.includes(id)).length;
      expect(done(after, id), id).toBe(done(before, id) + movedHere);
    }
    await expectDerivedStateFresh(ctx.db, org.id, p.id);
  });
});
