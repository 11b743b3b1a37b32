import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { remediationSteps } from "../../db/schema/index.ts";
import { CSV_COLUMNS } from "./exports.ts";
import { itemBody, pdfLines, planSnapshot, remediationTeam, seedProgram, remediationUrl as url } from "./testing.ts";

const { ctx, app } = withTestApp();
const setup = () => remediationTeam(app, ctx.db);

const resources = [
  { kind: "people", name: "Platform team", detail: "two engineers for a week" },
  { kind: "budget", name: "€1,200", detail: "hardware keys for admins" },
  { kind: "tool", name: "Okta", detail: "" },
];

describe("remediation steps, resources and the done rule", () => {
  it("creates an item with steps, resources, risk in words and a planned verifier; steps roll up", async () => {
    const { org, owner, cm, co, program } = await setup();
    const res = await cm.client.post(
      url(program.id),
      itemBody({
        ownerUserId: co.user.id,
        verifierUserId: owner.user.id,
        dueDate: "2030-03-31",
        riskDescription: "A phished admin password gives an attacker the whole production account.",
        resources,
        steps: [
          { title: "Enable MFA in the IdP", ownerUserId: co.user.id, startDate: "2030-01-05", dueDate: "2030-01-20" },
          { title: "Enrol every admin", startDate: "2030-01-21", dueDate: "2030-04-15", status: "in_progress" },
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({
      riskDescription: "A phished admin password gives an attacker the whole production account.",
      resources,
      verifier: { id: owner.user.id },
      progress: { finished: 0, total: 2, percent: 0 },
      timeline: { start: "2030-01-05", end: "2030-04-15" },
      steps: [
        { position: 1, title: "Enable MFA in the IdP", owner: { id: co.user.id }, status: "todo", completedAt: null },
        { position: 2, title: "Enrol every admin", owner: null, status: "in_progress" },
      ],
    });
    const ledger = await ledgerOf(ctx.db, org.id);
    expect(ledger.at(-1)).toMatchObject({ action: "remediation.steps_changed", entityId: item.id });

    // The item's owner may move step statuses; the steps roll up into progress and the burndown.
    const [s1, s2] = item.steps;
    const plan = (status1: string, status2: string) => ({
      steps: [
        {
          id: s1.id,
          title: s1.title,
          ownerUserId: co.user.id,
          startDate: "2030-01-05",
          dueDate: "2030-01-20",
          status: status1,
        },
        { id: s2.id, title: s2.title, startDate: "2030-01-21", dueDate: "2030-04-15", status: status2 },
      ],
    });
    const half = await co.client.put(url(program.id, `/${item.id}/steps`), plan("done", "in_progress"));
    expect(half.statusCode, half.body).toBe(200);
    expect(half.json().progress).toEqual({ finished: 1, total: 2, percent: 50 });
    expect(half.json().steps[0].completedAt).not.toBeNull();
    const summary = (await cm.client.get(url(program.id, "/summary"))).json();
    expect(summary.burndown.at(-1)).toMatchObject({ open: 1, created: 1, openSteps: 1 });

    // …but not re-plan them (add, reorder, rename): that needs remediation.manage.
    const reorder = await co.client.put(url(program.id, `/${item.id}/steps`), {
      steps: plan("done", "todo").steps.reverse(),
    });
    expect(reorder.statusCode).toBe(403);
    expect(reorder.json().detail).toMatch(/change their status/);

    // A manager reorders, adds and removes in one go.
    const replanned = await cm.client.put(url(program.id, `/${item.id}/steps`), {
      steps: [{ id: s2.id, title: "Enrol every admin" }, { title: "Remove password-only logins" }],
    });
    expect(replanned.statusCode, replanned.body).toBe(200);
    expect(replanned.json().steps.map((s: { title: string; position: number }) => [s.position, s.title])).toEqual([
      [1, "Enrol every admin"],
      [2, "Remove password-only logins"],
    ]);
    expect(await ctx.db.select().from(remediationSteps).where(eq(remediationSteps.itemId, item.id))).toHaveLength(2);
  });

  it("refuses done until root cause, action and monitoring are there and every step is done or skipped", async () => {
    const { org, cm, co, program } = await setup();
    const item = (
      await cm.client.post(
        url(program.id),
        itemBody({
          ownerUserId: co.user.id,
          rootCause: "",
          action: "",
          monitoring: "",
          steps: [{ title: "Turn on MFA" }],
        }),
      )
    ).json();
    const status = (s: string) =>
      co.client.post(url(program.id, `/${item.id}/status`), { status: s, note: "MFA enforced for every user." });
    const st = await status("in_progress");
    expect(st.statusCode, st.body + JSON.stringify(item)).toBe(200);
    const before = await planSnapshot(ctx.db, org.id);
    const refused = await status("done");
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "done_incomplete" });
    expect(refused.json().detail).toMatch(/root cause/);
    expect(refused.json().detail).toMatch(/monitored/);
    expect(refused.json().detail).toMatch(/“Turn on MFA” to be done or skipped/);
    expect(refused.json().detail).not.toMatch(/corrective action/); // one step is an action
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);

    await cm.client.patch(url(program.id, `/${item.id}`), {
      rootCause: "Never required.",
      monitoring: "Monthly report.",
    });
    const stillOpen = await status("done");
    expect(stillOpen.json().missing).toEqual(["step “Turn on MFA” to be done or skipped"]);
    const stepId = item.steps[0].id;
    await co.client.put(url(program.id, `/${item.id}/steps`), {
      steps: [{ id: stepId, title: "Turn on MFA", status: "skipped" }],
    });
    expect((await status("done")).json().status).toBe("done");

    // Without steps, the action text is the corrective action.
    const bare = (await cm.client.post(url(program.id), itemBody({ ownerUserId: co.user.id, action: "" }))).json();
    await co.client.post(url(program.id, `/${bare.id}/status`), { status: "in_progress" });
    const noAction = await co.client.post(url(program.id, `/${bare.id}/status`), { status: "done", note: "Done." });
    expect(noAction.json().missing).toEqual(["the corrective action (an action text or at least one step)"]);
  });

  it("is verified by another member, never by its owner nor a planned verifier who owns it", async () => {
    const { owner, cm, program } = await setup();
    const item = (
      await cm.client.post(
        url(program.id),
        itemBody({ ownerUserId: cm.user.id, steps: [{ title: "Fix", status: "done" }] }),
      )
    ).json();
    await cm.client.post(url(program.id, `/${item.id}/status`), { status: "in_progress" });
    const done = await cm.client.post(url(program.id, `/${item.id}/status`), { status: "done", note: "Fixed." });
    expect(done.statusCode).toBe(200);
    const byOwner = await cm.client.post(url(program.id, `/${item.id}/verify`), { note: "Checked my own fix." });
    expect(byOwner.statusCode).toBe(409);
    expect(byOwner.json().code).toBe("verifier_is_owner");
    const byOther = await owner.client.post(url(program.id, `/${item.id}/verify`), { note: "Checked the IdP." });
    expect(byOther.json()).toMatchObject({ status: "verified", verifiedBy: { id: owner.user.id } });
    // A planned verifier is never the owner.
    const planned = await cm.client.post(
      url(program.id),
      itemBody({ ownerUserId: cm.user.id, verifierUserId: cm.user.id }),
    );
    expect(planned.statusCode).toBe(400);
    expect(planned.json().code).toBe("verifier_is_owner");
  });

  it("refuses bad steps and resources with a 400 and another organization's ids with a 404, writing nothing", async () => {
    const { org, cm, program } = await setup();
    const outsider = await orgWithOwner(app, ctx.db);
    const item = (await cm.client.post(url(program.id), itemBody({ steps: [{ title: "One" }] }))).json();
    const before = await planSnapshot(ctx.db, org.id);
    const steps = url(program.id, `/${item.id}/steps`);
    const cases: [unknown, string, RegExp?][] = [
      [{ steps: [{ title: "" }] }, "validation_failed", /short title/],
      [{ steps: [{ title: "A\u0000B" }] }, "validation_failed", /NUL/],
      [{ steps: [{ title: "x".repeat(501) }] }, "validation_failed"],
      [{ steps: Array.from({ length: 101 }, (_, i) => ({ title: `S${i}` })) }, "validation_failed", /at most 100/],
      [{ steps: [{ title: "A", status: "finished" }] }, "validation_failed"],
      [{ steps: [{ title: "A", startDate: "2030-02-01", dueDate: "2030-01-01" }] }, "step_dates"],
      [{ steps: [{ id: crypto.randomUUID(), title: "A" }] }, "unknown_step"],
      [{ steps: [{ title: "A", ownerUserId: outsider.user.id }] }, "owner_not_member"],
    ];
    for (const [b, code, detail] of cases) {
      const res = await cm.client.put(steps, b);
      expect(res.statusCode, JSON.stringify(b).slice(0, 200)).toBe(400);
      expect(res.json().code).toBe(code);
      if (detail) expect(JSON.stringify(res.json())).toMatch(detail);
    }
    const badResources: unknown[] = [
      [{ kind: "money", name: "€5" }],
      [{ kind: "tool", name: "" }],
      [{ kind: "tool", name: "Okta\u0000" }],
      [{ kind: "tool", name: "x".repeat(201) }],
    ];
    for (const r of badResources) {
      const res = await cm.client.patch(url(program.id, `/${item.id}`), { resources: r });
      expect(res.statusCode, JSON.stringify(r).slice(0, 100)).toBe(400);
    }
    expect((await cm.client.post(url(program.id), itemBody({ riskDescription: "r".repeat(4001) }))).statusCode).toBe(
      400,
    );
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);

    // Another organization's item or program: not found, whoever asks.
    const foreign = await seedProgram(ctx.db, outsider.org.id);
    const theirs = (await outsider.client.post(url(foreign.id), itemBody({ steps: [{ title: "Theirs" }] }))).json();
    expect((await cm.client.put(url(foreign.id, `/${theirs.id}/steps`), { steps: [] })).statusCode).toBe(404);
    expect((await cm.client.put(url(program.id, `/${theirs.id}/steps`), { steps: [] })).statusCode).toBe(404);
    expect((await cm.client.put(steps, { steps: [{ id: theirs.steps[0].id, title: "Stolen" }] })).json().code).toBe(
      "unknown_step",
    );
  });

  it("carries steps, resources, risk, timeline and verifier into the CSV and the PDF", async () => {
    const { owner, cm, co, program } = await setup();
    await cm.client.post(
      url(program.id),
      itemBody({
        ownerUserId: co.user.id,
        verifierUserId: owner.user.id,
        riskDescription: "An attacker with one phished password owns production.",
        resources,
        steps: [
          {
            title: "Enable MFA in the IdP",
            ownerUserId: co.user.id,
            startDate: "2030-01-05",
            dueDate: "2030-01-20",
            status: "done",
          },
          { title: "Enrol every admin", dueDate: "2030-02-15" },
        ],
      }),
    );
    const csv = (await cm.client.get(url(program.id, ".csv"))).body;
    const header = csv.split("\r\n")[0]!.split(",");
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(csv).toContain(`1. Enable MFA in the IdP [done] (${co.user.name}, 2030-01-05 – 2030-01-20)`);
    expect(csv).toContain("2. Enrol every admin [to do] (no owner, … – 2030-02-15)");
    expect(csv).toContain("Budget: €1,200 (hardware keys for admins)");
    expect(csv).toContain(owner.user.email);

    const pdf = await cm.client.get(url(program.id, ".pdf"));
    expect(pdf.statusCode).toBe(200);
    const lines = pdfLines(pdf.rawPayload);
    for (const text of [
      "Enable MFA in the IdP",
      "Enrol every admin",
      "What could happen",
      "An attacker with one phished password owns production.",
      "1 of 2 steps done or skipped (50%)",
      "To be verified by",
    ])
      expect(
        lines.some((l) => l.includes(text)),
        text,
      ).toBe(true);
  });
});
