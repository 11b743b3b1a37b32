import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import type { TestClient } from "../../../test/client.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { systemActor } from "../../core/actor.ts";
import {
  controlStatusEvents,
  criterionReadiness,
  memberships,
  programControls,
  remediationItems,
} from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { seedConnection, seedResource } from "../monitoring/testing.ts";
import { recomputeReadiness, statusOfRow } from "../programs/readiness.ts";
import { refreshControlSignals } from "../programs/signals.ts";
import { unzipBundle, zipBundle } from "./bundle.ts";
import { seedRichProgram } from "./testing.ts";

/**
 * An import writes through the same domain commands as the UI and the API: imported controls have their signals,
 * their true status and the readiness of their criteria in the same request, and the ledger records the same
 * per-record entries as the same edits made one by one.
 */

const { ctx, app } = withTestApp();
let a: Awaited<ReturnType<typeof orgWithOwner>>;
let alice: Awaited<ReturnType<typeof member>>;
let zipBytes: Buffer;

beforeAll(async () => {
  a = await orgWithOwner(app, ctx.db, "Acme");
  alice = await member(app, ctx.db, a.org.id, "control_owner");
  const program = await seedRichProgram(ctx.db, a.org.id, a.user.id, alice.user.id);
  zipBytes = (await a.client.get(`/api/v1/programs/${program.id}/code`)).rawPayload;
});

const importZip = async (client: TestClient, zip: Uint8Array, query = "") => {
  const res = await client.post(`/api/v1/programs/code/import${query}`, Buffer.from(zip), {
    headers: { "content-type": "application/zip" },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { applied: boolean; programId: string };
};

/** A new organization where the people the folder names are members. */
async function freshOrg(name: string) {
  const b = await orgWithOwner(app, ctx.db, name);
  for (const u of [a.user, alice.user])
    await ctx.db.insert(memberships).values({
      id: crypto.randomUUID(),
      organizationId: b.org.id,
      userId: u.id,
      role: u.id === a.user.id ? "compliance_manager" : "control_owner",
    });
  return b;
}

/** Stored readiness of a program, without the time it was computed. */
async function readinessRows(programId: string) {
  const rows = await ctx.db
    .select()
    .from(criterionReadiness)
    .where(eq(criterionReadiness.programId, programId))
    .orderBy(asc(criterionReadiness.criterionId));
  return rows.map(({ updatedAt: _u, ...r }) => r);
}

/** The stored readiness equals a full recompute from scratch. */
async function expectReadinessCurrent(organizationId: string, programId: string) {
  const stored = await readinessRows(programId);
  expect(stored.length).toBeGreaterThan(30);
  await recomputeReadiness(ctx.db, organizationId, programId);
  expect(await readinessRows(programId)).toEqual(stored);
}

const controlsOf = (programId: string) =>
  ctx.db.select().from(programControls).where(eq(programControls.programId, programId));

// Each test imports a whole program (about a hundred controls) several times.
describe(`import through the domain commands on ${dbKind}`, { timeout: 120_000 }, () => {
  it("imported controls have their signals, their true status and readiness in the same request", async () => {
    const b = await freshOrg("Beta");
    // A person without a department fails a custom test that watches GOV-06, before the program exists here.
    const conn = await seedConnection(ctx.db, b.org.id, b.user.id);
    await seedResource(ctx.db, b.org.id, conn.id, { name: "Ada", attributes: { status: "active" } });
    const test = await b.client.post("/api/v1/monitoring/custom-tests", {
      key: "department",
      title: "People have a department",
      resourceType: "person",
      severity: "medium",
      rule: { attr: "department", op: "exists" },
      controls: ["GOV-06"],
      enabled: true,
    });
    expect(test.statusCode, test.body).toBe(201);

    const { programId } = await importZip(b.client, zipBytes);

    // Every control was created with its signals, and its status is what the rule gives with them.
    const rows = await controlsOf(programId);
    expect(rows.length).toBeGreaterThan(30);
    for (const r of rows) expect(r.signals, r.key).not.toBeNull();
    const listed = await b.client.get(`/api/v1/programs/${programId}/controls?pageSize=500`);
    expect(listed.statusCode).toBe(200);
    const statuses = new Map(
      (listed.json().items as { key: string; status: string }[]).map((c) => [c.key, c.status] as const),
    );
    for (const r of rows) expect(statuses.get(r.key), r.key).toBe(statusOfRow(r).status);
    const gov06 = (await b.client.get(`/api/v1/programs/${programId}/controls/GOV-06`)).json();
    expect(gov06).toMatchObject({ status: "needs_attention", statusSource: "tests", manualStatus: "not_started" });
    expect(gov06.history).toContainEqual(expect.objectContaining({ status: "needs_attention", source: "tests" }));
    // Statuses people set in the folder are in the history as imported.
    const gov01 = rows.find((r) => r.key === "GOV-01")!;
    const history = await ctx.db
      .select({ status: controlStatusEvents.status, source: controlStatusEvents.source })
      .from(controlStatusEvents)
      .where(eq(controlStatusEvents.controlId, gov01.id));
    expect(history).toContainEqual({ status: "implemented", source: "import" });

    // Readiness of every criterion is current, GOV-06's criteria count it as pending.
    await expectReadinessCurrent(b.org.id, programId);
    const [cc] = await ctx.db
      .select()
      .from(criterionReadiness)
      .where(and(eq(criterionReadiness.programId, programId), eq(criterionReadiness.criterionId, gov06.criteria[0])));
    expect(cc!.pending).toContain("GOV-06");

    // The hourly refresh finds nothing left to fix.
    const before = await snapshotOrg(ctx.db, b.org.id);
    expect(await change(ctx.db, systemActor(b.org.id, "test"), (c) => refreshControlSignals(c))).toBe(0);
    expect(await snapshotOrg(ctx.db, b.org.id)).toEqual(before);
  });

  it("records the same per-record ledger entries as the same edits made through the API", async () => {
    const ui = await freshOrg("Edited in the app");
    const code = await freshOrg("Edited as code");
    const { programId: uiProgram } = await importZip(ui.client, zipBytes);
    const { programId: codeProgram } = await importZip(code.client, zipBytes);
    const uiFrom = (await ledgerOf(ctx.db, ui.org.id)).length;
    const codeFrom = (await ledgerOf(ctx.db, code.org.id)).length;

    // Edits in the app, one request each.
    const P = `/api/v1/programs/${uiProgram}`;
    const ok = (res: { statusCode: number; body: string }, status = 200) =>
      expect(res.statusCode, res.body).toBe(status);
    ok(await ui.client.patch(P, { name: "SOC 2 Type II 2028" }));
    ok(
      await ui.client.post(`${P}/controls`, {
        key: "CUS-02",
        name: "Vendor review",
        description: "Vendors that handle customer data are reviewed every year.",
        criteria: ["CC9.2"],
        policies: ["information-security"],
        ownerUserId: alice.user.id,
      }),
      201,
    );
    ok(await ui.client.patch(`${P}/controls/ACC-02`, { status: "in_progress" }));
    ok(await ui.client.patch(`${P}/controls/GOV-01`, { ownerUserId: a.user.id }));
    ok(
      await ui.client.patch(`${P}/controls/AVL-02`, {
        applicable: false,
        notApplicableReason: "No availability commitment covers the batch system.",
      }),
    );
    const [r3] = await ctx.db
      .select({ id: remediationItems.id })
      .from(remediationItems)
      .where(and(eq(remediationItems.programId, uiProgram), eq(remediationItems.ref, "R-3")));
    ok(await ui.client.patch(`${P}/remediation/${r3!.id}`, { title: "Enforce MFA on every console" }));

    // The same edits as code: the app's export, imported into the other organization.
    const files = unzipBundle((await ui.client.get(`${P}/code`)).rawPayload);
    const result = await importZip(code.client, zipBundle(files));
    expect(result.applied).toBe(true);
    await expectReadinessCurrent(code.org.id, codeProgram);
    expect(await readinessRows(codeProgram)).toEqual(
      (await readinessRows(uiProgram)).map((r) => ({ ...r, organizationId: code.org.id, programId: codeProgram })),
    );

    const perRecord = async (organizationId: string, programId: string, from: number) => {
      const keys = new Map((await controlsOf(programId)).map((c) => [c.id, c.key]));
      const refs = new Map(
        (
          await ctx.db
            .select({ id: remediationItems.id, ref: remediationItems.ref })
            .from(remediationItems)
            .where(eq(remediationItems.programId, programId))
        ).map((r) => [r.id, r.ref]),
      );
      return (await ledgerOf(ctx.db, organizationId))
        .slice(from)
        .filter((e) => e.action !== "program.code_imported")
        .map((e) => ({
          action: e.action,
          entity: e.entityId === programId ? "program" : (keys.get(e.entityId!) ?? refs.get(e.entityId!)),
          changes: e.changes,
        }))
        .sort((x, y) => `${x.action} ${x.entity}`.localeCompare(`${y.action} ${y.entity}`));
    };
    const fromUi = await perRecord(ui.org.id, uiProgram, uiFrom);
    expect(fromUi.map((e) => `${e.action} ${e.entity}`)).toEqual([
      "control.created CUS-02",
      "control.updated ACC-02",
      "control.updated AVL-02",
      "control.updated GOV-01",
      "program.updated program",
      "remediation.updated R-3",
    ]);
    expect(await perRecord(code.org.id, codeProgram, codeFrom)).toEqual(fromUi);
    const codeActions = (await ledgerOf(ctx.db, code.org.id)).slice(codeFrom).map((e) => e.action);
    expect(codeActions.at(-1)).toBe("program.code_imported");

    // Removing a control's file deletes it with its full record in the ledger, and readiness follows.
    const cus02 = (await controlsOf(codeProgram)).find((c) => c.key === "CUS-02")!;
    const created = (await ledgerOf(ctx.db, code.org.id)).find(
      (e) => e.action === "control.created" && e.entityId === cus02.id,
    )!;
    files.delete("controls/CUS-02.md");
    const before = (await ledgerOf(ctx.db, code.org.id)).length;
    await importZip(code.client, zipBundle(files));
    const entries = (await ledgerOf(ctx.db, code.org.id)).slice(before);
    expect(entries.map((e) => e.action)).toEqual(["control.deleted", "program.code_imported"]);
    expect(entries[0]).toMatchObject({
      entityType: "program_control",
      entityId: cus02.id,
      changes: { before: created.changes.after, after: null },
    });
    await expectReadinessCurrent(code.org.id, codeProgram);
  });
});
