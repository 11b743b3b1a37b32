import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { registerChangeCollector } from "../../integrations/changes.ts";
import { makeChangeRepository } from "../../integrations/git/testing.ts";
import { makeGithubChangeCollector } from "../../integrations/github/changes.ts";
import { type Exchange, replay } from "../../integrations/github/fixtures/replay.ts";
import { withRetry } from "../../integrations/retry.ts";
import { collectControlChecks } from "../../kernel/routines.ts";
import { seedChange } from "./testing.ts";

const { ctx, app } = withTestApp({ config: { ASSAY_CONNECTOR_LOCAL_PATHS: "any" } });
const root = fs.mkdtempSync(path.join(os.tmpdir(), "assay-changes-api-"));
const fixture = makeChangeRepository(root);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// GitHub on recorded responses through Octokit's transport (no network), in place of the real collector.
const recorded = JSON.parse(
  fs.readFileSync(new URL("../../integrations/github/fixtures/acme-pulls.json", import.meta.url), "utf8"),
) as { exchanges: Exchange[] };
const github = makeGithubChangeCollector({ fetch: replay(undefined, recorded.exchanges).fetch });
registerChangeCollector("github", (c) => github({ ...c, retry: (what, call) => withRetry(what, call, { baseMs: 1 }) }));

const C = "/api/v1/changes";
const M = "/api/v1/monitoring";
type Item = { id: string; externalRef: string | null; flags: Record<string, boolean>; title: string };

async function gitConnection(client: Awaited<ReturnType<typeof orgWithOwner>>["client"]) {
  const res = await client.post(`${M}/connections`, { type: "git", name: "Main repo", config: { path: fixture.repo } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe(`change register on ${dbKind}`, () => {
  it("syncs a real git repository: merges and direct commits, flags, and a sync again changes nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const connectionId = await gitConnection(client);
    const sources = (await client.get(`${C}/sources`)).json();
    expect(sources.items).toEqual([{ id: connectionId, name: "Main repo", type: "git" }]);

    const first = await client.post(`${C}/sync`, { connectionId, from: "2026-05-01", to: "2026-05-31" });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ found: 5, created: 5, updated: 0, unchanged: 0 });
    const again = await client.post(`${C}/sync`, { connectionId, from: "2026-05-01", to: "2026-05-31" });
    expect(again.json()).toMatchObject({ found: 5, created: 0, updated: 0, unchanged: 5 });
    const wider = await client.post(`${C}/sync`, { connectionId, from: "2026-04-01", to: "2026-06-30" });
    expect(wider.json()).toMatchObject({ found: 7, created: 2, unchanged: 5 });

    const list = (await client.get(`${C}?source=git&pageSize=100`)).json();
    expect(list.total).toBe(7);
    const by = new Map<string, Item>(list.items.map((i: Item) => [i.externalRef, i]));
    const s = fixture.shas;
    expect(by.get(s.reviewedMerge)!.flags).toMatchObject({ unreviewed: false, unsigned: true });
    expect(by.get(s.selfMerge)!.flags.unreviewed).toBe(true);
    expect(by.get(s.applied)!.flags.unreviewed).toBe(false);
    expect(by.get(s.direct)!.flags.unreviewed).toBe(true);
    expect(by.get(s.signedMerge)!.flags).toMatchObject({ unreviewed: false, unsigned: false });
    const unreviewed = (await client.get(`${C}?unreviewed=true&pageSize=100`)).json();
    expect(unreviewed.items.map((i: Item) => i.externalRef).sort()).toEqual(
      [s.before, s.direct, s.selfMerge, s.after].sort(),
    );

    // One ledger entry per sync, never one per change.
    const entries = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "changes.synced");
    expect(entries).toHaveLength(3);
    expect(entries[0]!.changes.after).toMatchObject({ from: "2026-05-01", created: 5 });
  });

  it("syncs GitHub pull requests through recorded responses and keeps what people added on a re-sync", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const made = await client.post(`${M}/connections`, {
      type: "github",
      name: "GitHub (acme)",
      config: { organization: "acme-corp", repositories: ["api"] },
      secrets: { token: "ghp_TESTonly0000aaaaBBBBccccDDDDeeee1234" },
    });
    expect(made.statusCode, made.body).toBe(201);
    const connectionId = made.json().id;
    const sync = await client.post(`${C}/sync`, { connectionId, from: "2026-05-01", to: "2026-05-31" });
    expect(sync.json(), sync.body).toMatchObject({ found: 3, created: 3 });
    const list = (await client.get(`${C}?source=github`)).json();
    const by = new Map<string, Item & Record<string, unknown>>(list.items.map((i: Item) => [i.externalRef, i]));
    expect(by.get("102")).toMatchObject({
      author: "carol",
      checksPassed: false,
      flags: { unreviewed: true, checksFailed: true },
    });
    expect(by.get("101")).toMatchObject({ repository: "acme-corp/api", flags: { unreviewed: false } });

    // The hotfix was an emergency: people say so, and a sync again keeps it.
    const hotfix = by.get("102")!;
    expect((await client.patch(`${C}/${hotfix.id}`, { emergency: true, risk: "Invoices down" })).statusCode).toBe(200);
    const edit = await client.patch(`${C}/${hotfix.id}`, { author: "someone" });
    expect(edit.json()).toMatchObject({ status: 400, code: "synced_field" });
    const resync = await client.post(`${C}/sync`, { connectionId, from: "2026-05-01", to: "2026-05-31" });
    expect(resync.json()).toMatchObject({ created: 0, unchanged: 3 });
    expect((await client.get(`${C}/${hotfix.id}`)).json()).toMatchObject({ emergency: true, risk: "Invoices down" });
  });

  it("records by hand, approves an emergency change after the fact by someone else only, and judges CHG-02/06", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const other = await member(app, ctx.db, org.id, "compliance_manager");
    const merged = new Date(Date.now() - 86_400_000).toISOString();
    const created = await client.post(C, {
      title: "Restart the payment workers with a patched config",
      author: user.email,
      mergedAt: merged,
      emergency: true,
      risk: "Payments stuck",
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({
      source: "manual",
      status: "merged",
      emergencyState: "pending",
      flags: { unreviewed: true, emergencyUnapproved: false },
    });

    const self = await client.post(`${C}/${id}/emergency-approval`, { justification: "I know it was fine." });
    expect(self.json()).toMatchObject({ status: 403, code: "self_approval" });
    const ok = await other.client.post(`${C}/${id}/emergency-approval`, { justification: "Checked the diff." });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ emergencyState: "approved", emergencyApproverName: other.user.name });
    const twice = await other.client.post(`${C}/${id}/emergency-approval`, { justification: "again" });
    expect(twice.statusCode).toBe(409);
    const plain = await client.post(C, { title: "Not an emergency" });
    expect(
      (await other.client.post(`${C}/${plain.json().id}/emergency-approval`, { justification: "x" })).statusCode,
    ).toBe(409);

    // An emergency change left without approval past three days fails CHG-06; the unreviewed ones fail CHG-02.
    await seedChange(ctx.db, org.id, { emergency: true, mergedAt: new Date(Date.now() - 5 * 86_400_000) });
    const checks = await collectControlChecks(ctx.db, org.id, new Date(), ["CHG-02", "CHG-06"]);
    expect(checks.get("CHG-06")?.[0]).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(/^1 emergency change still without approval/),
    });
    expect(checks.get("CHG-02")?.[0]).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(/^2 changes of 2/),
    });

    const actions = (await ledgerOf(ctx.db, org.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["changes.created", "changes.emergency_approved"]));
  });

  it("lets an organization set its window for after-the-fact approval, and judges changes and CHG-06 by it", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const { org: otherOrg, client: otherClient } = await orgWithOwner(app, ctx.db);
    expect((await client.get(`${C}/settings`)).json()).toEqual({ emergencyApprovalDays: 3 });
    const hotfix = await seedChange(ctx.db, org.id, {
      emergency: true,
      mergedAt: new Date(Date.now() - 5 * 86_400_000),
    });
    expect((await client.get(`${C}/${hotfix.id}`)).json()).toMatchObject({ emergencyState: "overdue" });

    const owner = await member(app, ctx.db, org.id, "control_owner");
    const before = await snapshotOrg(ctx.db, org.id);
    for (const emergencyApprovalDays of [0, 31, 2.5, -1, "7", null])
      expect(
        (await client.put(`${C}/settings`, { emergencyApprovalDays })).statusCode,
        String(emergencyApprovalDays),
      ).toBe(400);
    expect((await client.put(`${C}/settings`, {})).statusCode).toBe(400);
    expect((await client.put(`${C}/settings`, { emergencyApprovalDays: 7, extra: 1 })).statusCode).toBe(400);
    expect((await owner.client.put(`${C}/settings`, { emergencyApprovalDays: 7 })).statusCode).toBe(403);
    expect((await owner.client.get(`${C}/settings`)).statusCode).toBe(200);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);

    const set = await client.put(`${C}/settings`, { emergencyApprovalDays: 7 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ emergencyApprovalDays: 7 });
    expect((await client.get(`${C}/settings`)).json()).toEqual({ emergencyApprovalDays: 7 });
    expect((await client.get(`${C}/${hotfix.id}`)).json()).toMatchObject({
      emergencyState: "pending",
      flags: { emergencyUnapproved: false },
    });
    const from = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date().toISOString().slice(0, 10);
    expect((await client.get(`${C}/population?from=${from}&to=${to}`)).json()).toMatchObject({
      emergencyApprovalDays: 7,
    });
    const checks = await collectControlChecks(ctx.db, org.id, new Date(), ["CHG-06"]);
    expect(checks.get("CHG-06")?.[0]).toMatchObject({ state: "met", reason: expect.stringContaining("within 7 days") });

    // Edge values are accepted; a 1-day window makes the 5-day-old hotfix overdue again.
    expect((await client.put(`${C}/settings`, { emergencyApprovalDays: 30 })).statusCode).toBe(200);
    expect((await client.put(`${C}/settings`, { emergencyApprovalDays: 1 })).statusCode).toBe(200);
    const late = await collectControlChecks(ctx.db, org.id, new Date(), ["CHG-06"]);
    expect(late.get("CHG-06")?.[0]).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(/^1 emergency change still without approval after 1 day \(/),
    });

    // The other organization keeps the default, and its changes are judged by it.
    expect((await otherClient.get(`${C}/settings`)).json()).toEqual({ emergencyApprovalDays: 3 });
    const theirs = await seedChange(ctx.db, otherOrg.id, {
      emergency: true,
      mergedAt: new Date(Date.now() - 2 * 86_400_000),
    });
    expect((await otherClient.get(`${C}/${theirs.id}`)).json()).toMatchObject({ emergencyState: "pending" });

    const entries = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "changes.settings_changed");
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => e.changes.after)).toEqual([
      { emergencyApprovalDays: 7 },
      { emergencyApprovalDays: 30 },
      { emergencyApprovalDays: 1 },
    ]);
    expect(entries[0]?.changes.before).toEqual({ emergencyApprovalDays: 3 });
  });

  it("refuses bad input whole: dates out of order, duplicates, bad types, NUL bytes", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    await client.post(C, { title: "First", repository: "infra", externalRef: "CHG-1" });
    const before = await snapshotOrg(ctx.db, org.id);
    const cases = [
      { title: "x", mergedAt: "2026-05-02T00:00:00Z", deployedAt: "2026-05-01T00:00:00Z" },
      { title: "" },
      { title: "x", emergency: "yes" },
      { title: "x\u0000y" },
      { title: "x", mergedAt: "yesterday" },
      { title: "x", extra: 1 },
    ];
    for (const body of cases) expect((await client.post(C, body)).statusCode, JSON.stringify(body)).toBe(400);
    const dup = await client.post(C, { title: "Again", repository: "infra", externalRef: "CHG-1" });
    expect(dup.json()).toMatchObject({ status: 409, code: "change_ref_taken" });
    expect((await client.get(`${C}?from=2026-05-02&to=2026-05-01`)).statusCode).toBe(400);
    expect((await client.get(`${C}/population?from=2026-05-02&to=2026-05-01`)).statusCode).toBe(400);
    expect((await client.get(`${C}/population?from=2026-05-01`)).statusCode).toBe(400);
    expect((await client.post(`${C}/sync`, { connectionId: "00000000-0000-4000-8000-000000000000" })).statusCode).toBe(
      404,
    );
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
  });

  it("answers the population of a range with counts, and its CSV", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const connectionId = await gitConnection(client);
    await client.post(`${C}/sync`, { connectionId, from: "2026-04-01", to: "2026-06-30" });
    await client.post(C, {
      title: "Emergency DNS change",
      emergency: true,
      deployedAt: "2026-05-20T03:00:00Z",
      author: "Bob",
    });
    await client.post(C, { title: "Outside the range", mergedAt: "2026-07-02T00:00:00Z" });
    const p = (await client.get(`${C}/population?from=2026-05-01&to=2026-05-31`)).json();
    expect(p.counts).toEqual({
      total: 6,
      unreviewed: 3,
      emergency: 1,
      emergencyUnapproved: 1,
      unsigned: 4,
      checksFailed: 0,
    });
    expect(p.items[0].externalRef).toBe(fixture.shas.direct);
    const csv = await client.get(`${C}/population.csv?from=2026-05-01&to=2026-05-31`);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.headers["content-disposition"]).toContain("change-population-2026-05-01-to-2026-05-31.csv");
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/^id,title,source,repository,reference/);
    const exported = await client.get(`${C}/export.csv?emergency=true`);
    expect(exported.body.trim().split(/\r?\n/)).toHaveLength(2);
    expect(exported.body).toContain("Emergency DNS change");
  });

  it("imports a CSV all or nothing, and updates by reference on the next import", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const good = [
      "title,repository,reference,author,approved by,checks passed,merged at,emergency",
      "Rotate keys,infra,T-1,Ada,Bob,yes,2026-05-03,no",
      "Hotfix login,web,T-2,Ada,Ada,no,2026-05-04T10:00:00Z,yes",
    ].join("\n");
    const preview = await client.post(`${C}/import/preview`, { csv: good });
    expect(preview.json().summary).toEqual({ create: 2, update: 0 });
    const bad = `${good}\nBroken,web,T-3,Ada,,maybe,2026-13-01,no\nTwice,infra,T-1,,,,,\n`;
    const before = await snapshotOrg(ctx.db, org.id);
    const refused = await client.post(`${C}/import`, { csv: bad });
    expect(refused.json()).toMatchObject({ status: 400, code: "import_invalid" });
    const messages = refused
      .json()
      .preview.errors.map((e: { message: string }) => e.message)
      .join("\n");
    expect(messages).toMatch(/Line 4.*maybe/);
    expect(messages).toMatch(/Line 5.*T-1 is also on line 2/);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);

    expect((await client.post(`${C}/import`, { csv: good })).statusCode).toBe(200);
    const list = (await client.get(`${C}?q=hotfix`)).json();
    expect(list.items[0]).toMatchObject({ emergency: true, checksPassed: false, flags: { unreviewed: true } });
    const update = "title,repository,reference,approved by\nHotfix login (reviewed),web,T-2,Carol\n";
    const second = await client.post(`${C}/import`, { csv: update });
    expect(second.json().summary).toEqual({ create: 0, update: 1 });
    expect((await client.get(`${C}?q=reviewed`)).json().items[0].flags.unreviewed).toBe(false);
    const imports = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "changes.imported");
    expect(imports).toHaveLength(2);
  });

  it("lets auditors read and not write, and keeps each organization's changes to itself", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const id = (await client.post(C, { title: "Mine", emergency: true, author: "Zed" })).json().id;
    const auditor = await member(app, ctx.db, org.id, "auditor");
    expect((await auditor.client.get(`${C}/${id}`)).statusCode).toBe(200);
    expect((await auditor.client.post(C, { title: "x" })).statusCode).toBe(403);
    expect((await auditor.client.post(`${C}/${id}/emergency-approval`, { justification: "x" })).statusCode).toBe(403);
    const other = await orgWithOwner(app, ctx.db);
    expect((await other.client.get(`${C}/${id}`)).statusCode).toBe(404);
    expect((await other.client.patch(`${C}/${id}`, { risk: "x" })).statusCode).toBe(404);
    expect((await other.client.post(`${C}/${id}/emergency-approval`, { justification: "x" })).statusCode).toBe(404);
    expect((await other.client.get(C)).json().total).toBe(0);
    // Another organization's connection is not a source here.
    const theirs = await gitConnection(other.client);
    expect((await client.post(`${C}/sync`, { connectionId: theirs })).statusCode).toBe(404);
    expect((await client.delete(`${C}/${id}`)).statusCode).toBe(204);
    expect((await client.get(`${C}/${id}`)).statusCode).toBe(404);
  });
});
