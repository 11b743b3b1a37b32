import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { seedStatement } from "../evidence/testing.ts";
import { seedControl, seedProgram } from "./testing.ts";

const { ctx, app } = withTestApp();

const DAY = 86_400_000;

/** A continuous control owned by a control owner, with one manual statement collected three days ago. */
async function world() {
  const owner = await orgWithOwner(app, ctx.db);
  const co = await member(app, ctx.db, owner.org.id, "control_owner");
  const program = await seedProgram(ctx.db, owner.org.id, owner.user.id, { adoptLibrary: false });
  await seedControl(ctx.db, owner.org.id, owner.user.id, program.id, {
    key: "CUS-01",
    frequency: "continuous",
    ownerUserId: co.user.id,
  });
  const piece = await seedStatement(ctx, owner.org.id, owner.user.id, {
    programId: program.id,
    controls: ["CUS-01"],
    collectedAt: new Date(Date.now() - 3 * DAY),
  });
  const url = `/api/v1/programs/${program.id}/controls/CUS-01`;
  const evidenceState = async () => (await owner.client.get(`${url}/explanation`)).json().evidence.state;
  const staleIds = async () =>
    (await owner.client.get(`/api/v1/evidence?program=${program.id}&stale=true`))
      .json()
      .items.map((i: { id: string }) => i.id);
  return { owner, co, program, piece, url, evidenceState, staleIds };
}

describe("evidence freshness of continuous controls", () => {
  it("keeps manual evidence of a continuous control fresh for weeks instead of two days", async () => {
    const { evidenceState, staleIds, piece, owner, url } = await world();
    expect(await evidenceState()).toBe("current");
    expect(await staleIds()).not.toContain(piece.id);
    const control = (await owner.client.get(url)).json();
    expect(control.freshnessOverride).toBeNull();
    expect(control.status).not.toBe("needs_attention");
  });

  it("lets a control editor override the days with a reason, recorded in the ledger and applied everywhere", async () => {
    const { owner, co, url, evidenceState, staleIds, piece } = await world();

    // A reason is required, the days are bounded, and the message names the problem in words.
    const noReason = await owner.client.patch(url, { freshnessOverride: { days: 2, reason: "  " } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain("Say why this control's evidence may stay fresh");
    const tooLong = await owner.client.patch(url, { freshnessOverride: { days: 999, reason: "Yearly" } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain("at most 400 days");
    // The control's owner may set its status, not how long its evidence counts.
    const byOwner = await co.client.patch(url, { freshnessOverride: { days: 60, reason: "Quarterly export" } });
    expect(byOwner.statusCode).toBe(403);
    expect(byOwner.body).toContain("freshnessOverride");

    const set = await owner.client.patch(url, {
      freshnessOverride: { days: 2, reason: "The SIEM export must be uploaded every other day." },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().freshnessOverride).toEqual({
      days: 2,
      reason: "The SIEM export must be uploaded every other day.",
    });
    const entry = (await ledgerOf(ctx.db, owner.org.id)).at(-1)!;
    expect(entry).toMatchObject({ action: "control.updated", entityType: "program_control" });
    expect(entry.changes).toEqual({
      before: { freshnessOverrideDays: null, freshnessOverrideReason: null },
      after: { freshnessOverrideDays: 2, freshnessOverrideReason: "The SIEM export must be uploaded every other day." },
    });
    // Three days old, two days fresh: stale in the explanation, the evidence list filter and the control's status.
    expect(await evidenceState()).toBe("stale");
    expect(await staleIds()).toContain(piece.id);
    expect((await owner.client.get(url)).json()).toMatchObject({ status: "needs_attention", statusSource: "evidence" });
    const detail = (await owner.client.get(`/api/v1/evidence/${piece.id}`)).json();
    expect(detail.controls[0]).toMatchObject({ key: "CUS-01", stale: true });

    // Removing it brings the default back.
    expect((await owner.client.patch(url, { freshnessOverride: null })).json().freshnessOverride).toBeNull();
    expect(await evidenceState()).toBe("current");
  });
});
