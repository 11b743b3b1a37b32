import fs from "node:fs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { newId } from "../../core/id.ts";
import {
  evidence,
  incidentAssets,
  incidentObligations,
  incidentRemediationLinks,
  incidents,
  incidentTimeline,
  notifications,
  programControls,
  remediationItems,
} from "../../db/schema/index.ts";
import { collectControlChecks } from "../../kernel/routines.ts";
import { seedAsset } from "../assets/testing.ts";
import { describeEntry, noNames } from "../ledger/describe.ts";
import { pdfLines, seedProgram, seedProgramWithItem } from "../remediation/testing.ts";
import { remindObligations } from "./routines.ts";
import { incidentBody, seedIncident, seedTimelineEntry } from "./testing.ts";

const { ctx, app } = withTestApp();
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/** The organization's ledger in words, naming `user`. */
async function sentences(organizationId: string, user: { id: string; name: string }, action?: string) {
  const names = { ...noNames, people: new Map([[user.id, user.name]]) };
  return (await ledgerOf(ctx.db, organizationId))
    .filter((e) => !action || e.action === action)
    .map((e) => describeEntry(e as never, names));
}

describe(`incident register on ${dbKind}`, () => {
  it("logs an incident and takes it through triage, containment, resolution and the post-mortem", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const created = await client.post("/api/v1/incidents", incidentBody({ detectedAt: ago(10), ownerUserId: user.id }));
    expect(created.statusCode, created.body).toBe(201);
    const inc = created.json();
    expect(inc).toMatchObject({ ref: "INC-1", status: "detected", severity: "sev2", owner: { id: user.id } });
    expect(inc.nextStatuses).toEqual(["triaged", "contained", "resolved", "postmortem_done", "not_incident"]);
    const url = `/api/v1/incidents/${inc.id}`;

    // Timeline entries come back ordered by time, back-dated ones included.
    expect((await client.post(`${url}/timeline`, { at: ago(8), text: "Key revoked" })).statusCode).toBe(201);
    expect((await client.post(`${url}/timeline`, { at: ago(9), text: "On-call paged" })).statusCode).toBe(201);
    for (const [to, at] of [
      ["triaged", ago(9)],
      ["contained", ago(8)],
      ["resolved", ago(6)],
    ] as const) {
      const r = await client.post(`${url}/transition`, { to, at });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().status).toBe(to);
    }
    const early = await client.post(`${url}/transition`, { to: "postmortem_done" });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: "postmortem_incomplete" });
    const pm = await client.patch(url, { rootCause: "A key in a test fixture", lessonsLearned: "Scan forks too" });
    expect(pm.statusCode, pm.body).toBe(200);
    const done = await client.post(`${url}/transition`, { to: "postmortem_done" });
    expect(done.statusCode, done.body).toBe(200);
    const detail = done.json();
    expect(detail).toMatchObject({ status: "postmortem_done", skipped: [], nextStatuses: [] });
    expect(detail.timeline.map((t: { text: string }) => t.text)).toEqual(["On-call paged", "Key revoked"]);

    const pdf = await client.get(`${url}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const lines = pdfLines(pdf.rawPayload).join("\n");
    expect(lines).toContain("Leaked API key in a public repository");
    expect(lines).toContain("A key in a test fixture");

    const ledger = await ledgerOf(ctx.db, org.id);
    const actions = ledger.map((e) => e.action);
    expect(actions).toEqual([
      "incidents.created",
      "incidents.timeline_added",
      "incidents.timeline_added",
      "incidents.transitioned",
      "incidents.transitioned",
      "incidents.transitioned",
      "incidents.updated",
      "incidents.transitioned",
    ]);
    const said = await sentences(org.id, user);
    expect(said).toContain(`${user.name} moved INC-1 to post-mortem done`);
    expect(said).toContain(`${user.name} changed the lessons learned and root cause of INC-1`);
  });

  it("refuses moves backwards, out of closed states and times out of order, writing nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const inc = (await client.post("/api/v1/incidents", incidentBody({ detectedAt: ago(5) }))).json();
    const url = `/api/v1/incidents/${inc.id}`;
    // Skipping forward is allowed and records what was skipped.
    const skip = await client.post(`${url}/transition`, { to: "contained", at: ago(4) });
    expect(skip.json()).toMatchObject({ status: "contained", skipped: ["triaged"], triagedAt: null });
    const back = await client.post(`${url}/transition`, { to: "triaged" });
    expect(back.statusCode).toBe(409);
    expect(back.json().code).toBe("transition_backwards");
    expect(back.json().detail).toMatch(/cannot go back to triaged/);
    expect((await client.post(`${url}/transition`, { to: "not_incident" })).json().code).toBe("transition_refused");
    // Times out of order: before detection, before the last stamp, in the future.
    const before = await client.post(`${url}/transition`, { to: "resolved", at: ago(6) });
    expect(before.statusCode).toBe(400);
    expect(before.json().code).toBe("times_out_of_order");
    expect((await client.post(`${url}/transition`, { to: "resolved", at: ago(-3) })).json().code).toBe(
      "time_in_future",
    );
    const patch = await client.patch(url, { containedAt: ago(7) });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().code).toBe("times_out_of_order");
    expect((await client.patch(url, { resolvedAt: ago(1) })).json().code).toBe("stage_not_reached");
    expect((await client.post(`${url}/timeline`, { at: ago(6), text: "x" })).json().code).toBe("times_out_of_order");
    expect((await client.patch(url, { detectedAt: ago(3) })).statusCode).toBe(400);
    expect((await client.post("/api/v1/incidents", incidentBody({ detectedAt: ago(-2) }))).json().code).toBe(
      "time_in_future",
    );
    // Bad input: wrong types, NUL bytes, unknown fields, a non-member commander.
    expect((await client.post("/api/v1/incidents", incidentBody({ severity: "sev9" }))).statusCode).toBe(400);
    expect((await client.post("/api/v1/incidents", incidentBody({ title: "a\u0000b" }))).statusCode).toBe(400);
    expect((await client.post("/api/v1/incidents", incidentBody({ color: "red" }))).statusCode).toBe(400);
    expect((await client.post("/api/v1/incidents", incidentBody({ detectedAt: "yesterday" }))).statusCode).toBe(400);
    const other = await orgWithOwner(app, ctx.db);
    const stranger = await client.post("/api/v1/incidents", incidentBody({ ownerUserId: other.user.id }));
    expect(stranger.json().code).toBe("owner_not_member");
    const viewer = await member(app, ctx.db, org.id, "viewer");
    expect((await client.patch(url, { ownerUserId: viewer.user.id })).json().code).toBe(
      "owner_cannot_manage_incidents",
    );
    // Another organization's incident is not found, and nothing was written by any refusal.
    expect((await other.client.get(url)).statusCode).toBe(404);
    expect((await other.client.post(`${url}/transition`, { to: "resolved" })).statusCode).toBe(404);
    const [row] = await ctx.db.select().from(incidents).where(eq(incidents.id, inc.id));
    expect(row).toMatchObject({ status: "contained", resolvedAt: null, skipped: ["triaged"] });
    expect((await ledgerOf(ctx.db, org.id)).map((e) => e.action)).toEqual([
      "incidents.created",
      "incidents.transitioned",
    ]);

    const closed = (await client.post("/api/v1/incidents", incidentBody({ title: "False alarm" }))).json();
    const close = await client.post(`/api/v1/incidents/${closed.id}/transition`, {
      to: "not_incident",
      reason: "A scheduled load test",
    });
    expect(close.json()).toMatchObject({ status: "not_incident", closeReason: "A scheduled load test" });
    expect((await client.post(`/api/v1/incidents/${closed.id}/transition`, { to: "triaged" })).json().code).toBe(
      "incident_closed",
    );
  });

  it("lets exactly one of two parallel moves of the same incident win", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const inc = (await client.post("/api/v1/incidents", incidentBody())).json();
    const url = `/api/v1/incidents/${inc.id}/transition`;
    // The same move twice at once: exactly one wins, the other is told it is already done.
    const same = await Promise.all([client.post(url, { to: "triaged" }), client.post(url, { to: "triaged" })]);
    expect(same.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(same.find((r) => r.statusCode === 409)?.json().code).toBe("already_in_status");
    // Two different moves at once, in either order: never a 5xx, and the later stage is where it ends.
    const other = (await client.post("/api/v1/incidents", incidentBody({ title: "Second" }))).json();
    const otherUrl = `/api/v1/incidents/${other.id}/transition`;
    const mixed = await Promise.all([
      client.post(otherUrl, { to: "triaged" }),
      client.post(otherUrl, { to: "contained" }),
    ]);
    expect(mixed.every((r) => r.statusCode === 200 || r.statusCode === 409)).toBe(true);
    expect(mixed[1]!.statusCode).toBe(200);
    expect((await client.get(`/api/v1/incidents/${other.id}`)).json().status).toBe("contained");
  });

  it("computes notification deadlines, flags them overdue, reminds the commander once and moves INC-06", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const inc = (
      await client.post(
        "/api/v1/incidents",
        incidentBody({ detectedAt: ago(80), ownerUserId: user.id, personalData: true }),
      )
    ).json();
    const url = `/api/v1/incidents/${inc.id}`;
    const added = await client.post(`${url}/obligations`, {
      audience: "regulator",
      recipient: "Data protection authority",
      basis: "Personal-data breach: 72 hours",
    });
    expect(added.statusCode, added.body).toBe(201);
    const ob = added.json().obligations[0];
    expect(ob).toMatchObject({ hours: 72, state: "overdue", overdue: true });
    expect(new Date(ob.deadlineAt).getTime()).toBe(new Date(inc.detectedAt).getTime() + 72 * HOUR);
    const later = await client.post(`${url}/obligations`, { audience: "customers", hours: 96 });
    expect(later.json().obligations[1]).toMatchObject({ audience: "customers", state: "due_soon" });
    expect((await client.get("/api/v1/incidents")).json().items[0].overdueObligations).toBe(1);
    expect((await client.post(`${url}/obligations`, { audience: "press" })).statusCode).toBe(400);

    let checks = await collectControlChecks(ctx.db, org.id, new Date(), ["INC-06"]);
    expect(checks.get("INC-06")?.[0]).toMatchObject({ state: "not_met", source: "incidents" });

    expect(await remindObligations(ctx)).toBe(2);
    expect(await remindObligations(ctx)).toBe(0);
    const inbox = await ctx.db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(inbox.map((n) => n.kind).sort()).toEqual(["incidents.notification_due", "incidents.notification_overdue"]);
    expect(inbox.find((n) => n.kind === "incidents.notification_overdue")?.link).toBe(`/incidents/${inc.id}`);

    const notified = await client.patch(`${url}/obligations/${ob.id}`, { notifiedAt: ago(1) });
    expect(notified.statusCode, notified.body).toBe(200);
    expect(notified.json().obligations[0]).toMatchObject({ state: "notified_late", overdue: false });
    expect((await client.patch(`${url}/obligations/${ob.id}`, { notifiedAt: ago(90) })).json().code).toBe(
      "times_out_of_order",
    );
    checks = await collectControlChecks(ctx.db, org.id, new Date(), ["INC-06"]);
    expect(checks.get("INC-06")?.[0]).toMatchObject({ state: "met" });
    const second = later.json().obligations[1];
    expect((await client.delete(`${url}/obligations/${second.id}`)).json().obligations).toHaveLength(1);
    const other = await orgWithOwner(app, ctx.db);
    expect((await other.client.patch(`${url}/obligations/${ob.id}`, { recipient: "x" })).statusCode).toBe(404);
    expect(
      await ctx.db.select().from(incidentObligations).where(eq(incidentObligations.incidentId, inc.id)),
    ).toHaveLength(1);
  });

  it("opens remediation items from the incident and links existing ones, refusing other organizations' items", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const { program, item } = await seedProgramWithItem(ctx.db, org.id);
    const inc = (await client.post("/api/v1/incidents", incidentBody())).json();
    const url = `/api/v1/incidents/${inc.id}/remediation`;
    const made = await client.post(url, { programId: program.id, title: "Rotate every deploy key", dueDate: null });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().remediation).toEqual([
      expect.objectContaining({ programId: program.id, title: "Rotate every deploy key", status: "open" }),
    ]);
    const createdId = made.json().remediation[0].id;
    const [row] = await ctx.db.select().from(remediationItems).where(eq(remediationItems.id, createdId));
    expect(row?.gap).toBe("Action item from incident INC-1: Leaked API key in a public repository");

    const linked = await client.put(url, { itemIds: [createdId, item.id] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(
      linked
        .json()
        .remediation.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([createdId, item.id].sort());

    const other = await orgWithOwner(app, ctx.db);
    const foreign = await seedProgramWithItem(ctx.db, other.org.id);
    const refused = await client.put(url, { itemIds: [item.id, foreign.item.id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe("unknown_remediation_item");
    expect((await client.post(url, { programId: foreign.program.id, title: "x" })).statusCode).toBe(404);
    expect((await client.get(`/api/v1/incidents/${inc.id}`)).json().remediation).toHaveLength(2);
    const said = await sentences(org.id, user, "incidents.remediation_linked");
    expect(said[0]).toMatch(/opened remediation item R-\d+ for INC-1/);
  });

  it("imports past incidents all or nothing, and exports the filtered list as CSV", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const header =
      "title,severity,status,detected at,triaged at,contained at,resolved at,post-mortem at,owner,affected systems,personal data,root cause,lessons learned";
    const good = [
      header,
      `Phishing of a sales rep,high,post-mortem done,2026-03-01 09:00,2026-03-01 10:00,2026-03-01 12:00,2026-03-02,2026-03-10,${user.email},Google Workspace; CRM,yes,No phishing-resistant MFA,Roll out security keys`,
      "Lost laptop,low,resolved,2026-05-04,,,2026-05-05,,,,no,,",
    ].join("\n");
    const preview = await client.post("/api/v1/incidents/import/preview", { csv: good });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ counts: { total: 2, valid: 2, invalid: 0 }, summary: { create: 2 } });
    expect(await ctx.db.select().from(incidents).where(eq(incidents.organizationId, org.id))).toHaveLength(0);

    const bad = [
      header,
      "Fine row,sev3,detected,2026-06-01,,,,,,,,,",
      "Contained before detected,sev2,contained,2026-06-02 10:00,,2026-06-01 09:00,,,,,,,",
      "Bad severity,urgent,,2026-06-03,,,,,,,,,",
      "Outsider,sev4,,2026-06-04,,,,,nobody@example.com,,,,",
    ].join("\n");
    const refused = await client.post("/api/v1/incidents/import", { csv: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe("import_invalid");
    const messages = refused.json().preview.errors.map((e: { message: string }) => e.message);
    expect(messages).toEqual([
      expect.stringMatching(/^Line 3, detected at: The incident is contained at .* before it was detected/),
      expect.stringMatching(/^Line 4, severity: 'urgent' is not a severity/),
      "Line 5, owner: nobody@example.com is not a member of this organization.",
    ]);
    expect(await ctx.db.select().from(incidents).where(eq(incidents.organizationId, org.id))).toHaveLength(0);

    const imported = await client.post("/api/v1/incidents/import", { csv: good });
    expect(imported.statusCode, imported.body).toBe(200);
    const list = (await client.get("/api/v1/incidents?open=false")).json();
    expect(list.items).toEqual([
      expect.objectContaining({ ref: "INC-1", status: "postmortem_done", severity: "sev2" }),
    ]);
    const lost = (await client.get("/api/v1/incidents?q=laptop")).json().items[0];
    const lostDetail = (await client.get(`/api/v1/incidents/${lost.id}`)).json();
    expect(lostDetail).toMatchObject({ status: "resolved", skipped: ["triaged", "contained"], severity: "sev4" });
    // The same file again: each incident is already in the register.
    const again = await client.post("/api/v1/incidents/import", { csv: good });
    expect(again.json().preview.errors[0].message).toMatch(/already in the register/);

    const csv = await client.get("/api/v1/incidents/export.csv?severity=sev2");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    const rows = csv.body.trim().split(/\r?\n/);
    expect(rows[0]).toMatch(/^ref,title,severity,status/);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain("Phishing of a sales rep");
    expect(rows[1]).toContain("Google Workspace; CRM");
    const range = (await client.get("/api/v1/incidents?from=2026-05-01&to=2026-05-31")).json();
    expect(range.items.map((i: { title: string }) => i.title)).toEqual(["Lost laptop"]);
    expect((await client.get("/api/v1/incidents?from=May")).statusCode).toBe(400);
    const said = await sentences(org.id, user);
    expect(said).toContain(`${user.name} imported 2 past incidents (INC-1 to INC-2)`);
  });

  it("links affected assets of the inventory, refuses another organization's, and keeps free text for the rest", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const other = await orgWithOwner(app, ctx.db);
    const db = await seedAsset(ctx.db, org.id, { name: "Orders database", kind: "data_store" });
    const api = await seedAsset(ctx.db, org.id, { name: "Public API" });
    const foreign = await seedAsset(ctx.db, other.org.id, { name: "Their database" });

    const refused = await client.post("/api/v1/incidents", incidentBody({ affectedAssetIds: [foreign.id] }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe("unknown_asset");
    expect(await ctx.db.select().from(incidents).where(eq(incidents.organizationId, org.id))).toHaveLength(0);

    const created = await client.post(
      "/api/v1/incidents",
      incidentBody({ affectedAssetIds: [db.id], affectedSystems: ["A partner's SFTP server"] }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const url = `/api/v1/incidents/${created.json().id}`;
    expect(created.json()).toMatchObject({
      affectedAssets: [{ id: db.id, name: "Orders database", kind: "data_store" }],
      affectedSystems: ["A partner's SFTP server"],
    });
    // The search finds it by the asset's name.
    expect((await client.get("/api/v1/incidents?q=orders%20data")).json().items).toHaveLength(1);

    const patched = await client.patch(url, { affectedAssetIds: [api.id, db.id] });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().affectedAssets.map((a: { name: string }) => a.name)).toEqual([
      "Orders database",
      "Public API",
    ]);
    const sneaky = await client.patch(url, { affectedAssetIds: [api.id, foreign.id] });
    expect(sneaky.statusCode).toBe(400);
    expect((await client.get(url)).json().affectedAssets).toHaveLength(2);
    // An asset an incident names stays in the inventory.
    const removal = await client.delete(`/api/v1/assets/${api.id}`);
    expect(removal.statusCode).toBe(409);
    expect(removal.json().detail).toMatch(/an incident names it/);
    // The other organization cannot see or link this organization's incident or assets.
    expect((await other.client.get(url)).statusCode).toBe(404);
    expect((await other.client.patch(url, { affectedAssetIds: [foreign.id] })).statusCode).toBe(404);

    const ledger = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "incidents.updated");
    expect(ledger.at(-1)).toMatchObject({
      changes: { before: { affectedAssetIds: [db.id] }, after: { affectedAssetIds: [api.id, db.id].sort() } },
    });
    expect((await sentences(org.id, user, "incidents.updated")).at(-1)).toMatch(/changed the affected asset/);

    // Imports link names that match exactly one asset and keep the rest; the export lists both.
    const header = "title,severity,detected at,affected systems";
    const imported = await client.post("/api/v1/incidents/import", {
      csv: [header, "Outage,sev3,2026-06-01 10:00,public api; Office printer"].join("\n"),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const outage = (await client.get("/api/v1/incidents?q=Outage")).json().items[0];
    expect((await client.get(`/api/v1/incidents/${outage.id}`)).json()).toMatchObject({
      affectedAssets: [{ id: api.id }],
      affectedSystems: ["Office printer"],
    });
    const csv = await client.get("/api/v1/incidents/export.csv?q=Outage");
    expect(csv.body).toContain("Public API; Office printer");
  });

  it("migration 0031 links free text naming exactly one asset and keeps the rest", async () => {
    const { org } = await orgWithOwner(app, ctx.db);
    const other = await orgWithOwner(app, ctx.db);
    const db = await seedAsset(ctx.db, org.id, { name: "Orders database", kind: "data_store" });
    await seedAsset(ctx.db, org.id, { name: "Billing", kind: "system" });
    await seedAsset(ctx.db, org.id, { name: "Billing", kind: "saas_application" });
    await seedAsset(ctx.db, other.org.id, { name: "Wiki" });
    const inc = await seedIncident(ctx.db, org.id, {
      affectedSystems: [" orders DATABASE", "Billing", "Wiki", "Office printer"],
    });
    const sql = fs.readFileSync(new URL("../../db/migrations/0031_incident_assets.sql", import.meta.url), "utf8");
    // The data steps (the table exists already): run them again over this organization's old-style incident.
    for (const step of sql.split("--> statement-breakpoint").slice(2)) await ctx.db.execute(step);
    const [row] = await ctx.db.select().from(incidents).where(eq(incidents.id, inc.id));
    // Billing names two assets and Wiki is another organization's: both stay free text, in their order.
    expect(row!.affectedSystems).toEqual(["Billing", "Wiki", "Office printer"]);
    const links = await ctx.db.select().from(incidentAssets).where(eq(incidentAssets.incidentId, inc.id));
    expect(links.map((l) => l.assetId)).toEqual([db.id]);
  });

  it("records tabletop exercises and judges INC-04, INC-08 and INC-09", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const none = await collectControlChecks(ctx.db, org.id, new Date(), ["INC-04", "INC-08", "INC-09"]);
    expect(none.size).toBe(0);
    const stuck = await seedIncident(ctx.db, org.id, {
      detectedAt: new Date(Date.now() - 30 * HOUR),
      severity: "sev1",
    });
    let checks = await collectControlChecks(ctx.db, org.id, new Date());
    expect(checks.get("INC-04")?.[0]?.state).toBe("not_met");
    expect(checks.get("INC-04")?.[0]?.reason).toMatch(/lacks a severity, an owner or a timeline entry.*24 hours/);

    const url = `/api/v1/incidents/${stuck.id}`;
    await client.patch(url, { ownerUserId: user.id });
    await client.post(`${url}/timeline`, { text: "Found in the logs" });
    await client.post(`${url}/transition`, { to: "resolved" });
    checks = await collectControlChecks(ctx.db, org.id, new Date());
    expect(checks.get("INC-04")?.[0]?.state).toBe("met");
    expect(checks.get("INC-08")?.[0]?.state).toBe("met"); // resolved today: 30 days to go
    expect(checks.get("INC-08")?.[0]?.reason).toMatch(/still within them/);
    const in40 = new Date(Date.now() + 40 * 86_400_000);
    expect((await collectControlChecks(ctx.db, org.id, in40, ["INC-08"])).get("INC-08")?.[0]?.state).toBe("not_met");
    expect(checks.has("INC-09")).toBe(false);

    const tt = await client.post("/api/v1/tabletop-exercises", {
      heldOn: "2026-11-20",
      scenario: "Ransomware encrypts the build server",
      participants: ["Ana (IC)", "Ben (SRE)"],
      findings: "The restore runbook was out of date",
    });
    expect(tt.statusCode, tt.body).toBe(201);
    checks = await collectControlChecks(ctx.db, org.id, new Date("2027-01-01T00:00:00Z"), ["INC-09"]);
    expect(checks.get("INC-09")?.[0]).toMatchObject({ state: "met" });
    checks = await collectControlChecks(ctx.db, org.id, new Date("2028-01-01T00:00:00Z"), ["INC-09"]);
    expect(checks.get("INC-09")?.[0]).toMatchObject({ state: "lapsed" });

    const id = tt.json().id;
    expect(
      (await client.patch(`/api/v1/tabletop-exercises/${id}`, { followUps: "Rewrite the runbook" })).json(),
    ).toMatchObject({ followUps: "Rewrite the runbook" });
    expect((await client.post("/api/v1/tabletop-exercises", { heldOn: "2999-01-01", scenario: "x" })).json().code).toBe(
      "date_in_future",
    );
    expect((await client.post("/api/v1/tabletop-exercises", { heldOn: "2026-02-30", scenario: "x" })).statusCode).toBe(
      400,
    );
    expect((await client.get("/api/v1/tabletop-exercises?q=ransomware")).json().total).toBe(1);
    const other = await orgWithOwner(app, ctx.db);
    expect((await other.client.delete(`/api/v1/tabletop-exercises/${id}`)).statusCode).toBe(404);
    expect((await client.delete(`/api/v1/tabletop-exercises/${id}`)).statusCode).toBe(204);
    expect((await client.get("/api/v1/tabletop-exercises")).json().total).toBe(0);
  });

  it("deletes timeline entries by their author or an owner/admin, never the system's, with the text in the ledger", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const commander = await member(app, ctx.db, org.id, "control_owner");
    const inc = (await client.post("/api/v1/incidents", incidentBody({ detectedAt: ago(5) }))).json();
    const url = `/api/v1/incidents/${inc.id}`;
    await commander.client.post(`${url}/timeline`, { at: ago(4), text: "Commander's note" });
    const added = await client.post(`${url}/timeline`, { at: ago(3), text: "Owner's note" });
    const [mine, owners] = added.json().timeline as { id: string; text: string }[];
    expect([mine!.text, owners!.text]).toEqual(["Commander's note", "Owner's note"]);

    // A control owner may delete only their own entry.
    const refused = await commander.client.delete(`${url}/timeline/${owners!.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("forbidden");
    const own = await commander.client.delete(`${url}/timeline/${mine!.id}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().timeline.map((t: { text: string }) => t.text)).toEqual(["Owner's note"]);
    // Gone already: 404.
    expect((await commander.client.delete(`${url}/timeline/${mine!.id}`)).statusCode).toBe(404);

    // An owner deletes anyone's entry; an entry the system wrote stays.
    const again = (await commander.client.post(`${url}/timeline`, { at: ago(2), text: "Another note" })).json();
    const other = again.timeline.find((t: { text: string }) => t.text === "Another note");
    expect((await client.delete(`${url}/timeline/${other.id}`)).statusCode).toBe(200);
    const sys = await seedTimelineEntry(ctx.db, org.id, null);
    const locked = await client.delete(`/api/v1/incidents/${sys.id}/timeline/${sys.entryId}`);
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe("system_entry");

    // Another organization's ids are not found; an entry under another incident is not found either.
    const stranger = await orgWithOwner(app, ctx.db);
    expect((await stranger.client.delete(`${url}/timeline/${owners!.id}`)).statusCode).toBe(404);
    expect((await client.delete(`/api/v1/incidents/${sys.id}/timeline/${owners!.id}`)).statusCode).toBe(404);

    const said = await sentences(org.id, user, "incidents.timeline_deleted");
    expect(said).toHaveLength(2);
    expect(said[0]).toContain("deleted a timeline entry of INC-1");
    expect(said[0]).toContain("Commander's note");
    const rows = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "incidents.timeline_deleted");
    expect(rows[0]!.changes.before).toMatchObject({ number: 1, text: "Commander's note", entryId: mine!.id });
    const left = await ctx.db.select().from(incidentTimeline).where(eq(incidentTimeline.incidentId, inc.id));
    expect(left.map((t) => t.text)).toEqual(["Owner's note"]);
  });

  it("deletes an incident logged by mistake while detected, with everything of it, and refuses later ones", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const asset = await seedAsset(ctx.db, org.id);
    const { item } = await seedProgramWithItem(ctx.db, org.id);
    const inc = (
      await client.post("/api/v1/incidents", incidentBody({ title: "Logged twice", affectedAssetIds: [asset.id] }))
    ).json();
    const url = `/api/v1/incidents/${inc.id}`;
    expect((await client.post(`${url}/timeline`, { text: "Duplicate of INC-0" })).statusCode).toBe(201);
    expect((await client.post(`${url}/obligations`, { audience: "customers" })).statusCode).toBe(201);
    expect((await client.put(`${url}/remediation`, { itemIds: [item.id] })).statusCode).toBe(200);

    // Only owners and admins delete incidents.
    const commander = await member(app, ctx.db, org.id, "control_owner");
    expect((await commander.client.delete(url)).statusCode).toBe(403);
    const stranger = await orgWithOwner(app, ctx.db);
    expect((await stranger.client.delete(url)).statusCode).toBe(404);

    const gone = await client.delete(url);
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await client.get(url)).statusCode).toBe(404);
    for (const table of [incidentTimeline, incidentObligations, incidentRemediationLinks, incidentAssets])
      expect(await ctx.db.select().from(table).where(eq(table.incidentId, inc.id))).toEqual([]);
    expect(await ctx.db.select().from(remediationItems).where(eq(remediationItems.id, item.id))).toHaveLength(1);
    const entry = (await ledgerOf(ctx.db, org.id)).find((e) => e.action === "incidents.deleted");
    expect(entry?.changes.before).toMatchObject({ ref: "INC-1", title: "Logged twice" });
    expect(await sentences(org.id, user, "incidents.deleted")).toEqual([
      expect.stringContaining("deleted INC-1 “Logged twice”"),
    ]);

    // Once triaged it is closed as not an incident instead.
    const moved = (await client.post("/api/v1/incidents", incidentBody())).json();
    await client.post(`/api/v1/incidents/${moved.id}/transition`, { to: "triaged" });
    const kept = await client.delete(`/api/v1/incidents/${moved.id}`);
    expect(kept.statusCode).toBe(409);
    expect(kept.json().code).toBe("incident_in_progress");
    expect(kept.json().detail).toContain("not an incident");
    expect((await client.get(`/api/v1/incidents/${moved.id}`)).statusCode).toBe(200);

    // Two deletes at once: one wins, the other finds nothing.
    const twice = (await client.post("/api/v1/incidents", incidentBody({ title: "Twice" }))).json();
    const both = await Promise.all([
      client.delete(`/api/v1/incidents/${twice.id}`),
      client.delete(`/api/v1/incidents/${twice.id}`),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([204, 404]);
    expect((await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "incidents.deleted")).toHaveLength(2);
  });

  it("lets readers read and refuses their writes", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const inc = (await client.post("/api/v1/incidents", incidentBody())).json();
    const auditor = await member(app, ctx.db, org.id, "auditor");
    expect((await auditor.client.get(`/api/v1/incidents/${inc.id}`)).statusCode).toBe(200);
    expect((await auditor.client.get(`/api/v1/incidents/${inc.id}/report.pdf`)).statusCode).toBe(200);
    const w = await auditor.client.post(`/api/v1/incidents/${inc.id}/transition`, { to: "triaged" });
    expect(w.statusCode).toBe(403);
    const employee = await member(app, ctx.db, org.id, "employee");
    expect((await employee.client.get("/api/v1/incidents")).statusCode).toBe(403);
  });

  it("links controls, and attaches the post-mortem and a tabletop record as evidence of INC-08 and INC-09", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const program = await seedProgram(ctx.db, org.id);
    for (const key of ["INC-08", "INC-09"])
      await ctx.db.insert(programControls).values({
        id: newId(),
        organizationId: org.id,
        programId: program.id,
        key,
        name: key === "INC-08" ? "Post-incident review" : "Incident response testing",
        description: "Test control",
        ownerRole: "compliance_manager",
        frequency: "annually",
        natureType: "detective",
        natureMode: "manual",
        evidence: [],
        policies: [],
        criteria: ["CC7.4"],
      });
    const inc = (await client.post("/api/v1/incidents", incidentBody({ detectedAt: ago(3) }))).json();
    const url = `/api/v1/incidents/${inc.id}`;
    const linked = await client.put(`${url}/controls`, { keys: ["INC-08", "GOV-01"] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(
      (await client.get(`${url}/controls`))
        .json()
        .items.map((i: { key: string }) => i.key)
        .sort(),
    ).toEqual(["GOV-01", "INC-08"]);
    expect((await client.put(`${url}/controls`, { keys: ["NOPE-99"] })).statusCode).toBe(400);

    expect((await client.post(`${url}/evidence`, {})).json().code).toBe("postmortem_not_done");
    await client.patch(url, { rootCause: "Weak filter", lessonsLearned: "Test the filter" });
    expect((await client.post(`${url}/transition`, { to: "postmortem_done" })).statusCode).toBe(200);
    const attached = await client.post(`${url}/evidence`, { programId: program.id });
    expect(attached.statusCode, attached.body).toBe(201);
    expect(attached.json()).toMatchObject({ control: "INC-08", title: `Post-mortem of INC-1: ${inc.title}` });

    const tt = (
      await client.post("/api/v1/tabletop-exercises", { heldOn: "2026-10-01", scenario: "A stolen laptop" })
    ).json();
    const exercise = await client.post(`/api/v1/tabletop-exercises/${tt.id}/evidence`, {});
    expect(exercise.statusCode, exercise.body).toBe(201);
    expect(exercise.json()).toMatchObject({ control: "INC-09", title: "Tabletop exercise of 2026-10-01" });
    const rows = await ctx.db.select().from(evidence).where(eq(evidence.organizationId, org.id));
    expect(rows.map((r) => r.title).sort()).toEqual([
      `Post-mortem of INC-1: ${inc.title}`,
      "Tabletop exercise of 2026-10-01",
    ]);

    const other = await orgWithOwner(app, ctx.db);
    expect((await other.client.post(`/api/v1/tabletop-exercises/${tt.id}/evidence`, {})).statusCode).toBe(404);
    expect((await other.client.post(`${url}/evidence`, {})).statusCode).toBe(404);
  });
});
