import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { subjectOf } from "../../core/actor.ts";
import { remediationItems } from "../../db/schema/index.ts";
import { rules } from "./policy.ts";
import { addDays, utcDay } from "./store.ts";
import {
  forceItem,
  itemBody,
  planSnapshot,
  remediationTeam,
  sampleItem,
  seedItems,
  remediationUrl as url,
} from "./testing.ts";

const { ctx, app } = withTestApp();
const setup = () => remediationTeam(app, ctx.db);

describe("notes on done and verified items", () => {
  it("needs a note saying what was done and one saying how it was checked; reopening clears them", async () => {
    const { org, cm, co, program } = await setup();
    const item = (await cm.client.post(url(program.id), itemBody({ ownerUserId: co.user.id }))).json();
    const at = url(program.id, `/${item.id}`);
    expect((await co.client.post(`${at}/status`, { status: "in_progress" })).statusCode).toBe(200);

    const before = await planSnapshot(ctx.db, org.id);
    for (const body of [{ status: "done" }, { status: "done", note: "   " }]) {
      const res = await co.client.post(`${at}/status`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ code: "note_required", errors: [{ path: "body.note" }] });
      expect(res.json().detail).toMatch(/Say what was done/);
    }
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);
    const done = await co.client.post(`${at}/status`, { status: "done", note: "  MFA enforced for every user.  " });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ doneNote: "MFA enforced for every user.", verificationNote: "" });

    const unchecked = await planSnapshot(ctx.db, org.id);
    for (const body of [{}, { note: "  " }]) {
      const res = await cm.client.post(`${at}/verify`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json())).toMatch(/Say how you checked the fix/);
    }
    expect(await planSnapshot(ctx.db, org.id)).toEqual(unchecked);
    const verified = await cm.client.post(`${at}/verify`, { note: "Tried a console login without MFA: refused." });
    expect(verified.statusCode).toBe(200);
    const detail = (await co.client.get(at)).json();
    expect(detail).toMatchObject({
      status: "verified",
      doneNote: "MFA enforced for every user.",
      verificationNote: "Tried a console login without MFA: refused.",
    });

    const reopened = await cm.client.post(`${at}/status`, { status: "in_progress", note: "Staging was missed." });
    expect(reopened.json()).toMatchObject({ status: "in_progress", doneNote: "", verificationNote: "" });
  });
});

describe("who may move an item: one predicate for the API and the web app", () => {
  it("refuses with the very reason the shared rule gives", async () => {
    const { org, cm, co, program } = await setup();
    const other = (await cm.client.post(url(program.id), itemBody({ ownerUserId: cm.user.id }))).json();
    const at = url(program.id, `/${other.id}`);
    const row = { ownerUserId: cm.user.id, ref: other.ref };
    const coSubject = { userId: co.user.id, role: "control_owner" as const };
    const cmSubject = { userId: cm.user.id, role: "compliance_manager" as const };

    const start = await co.client.post(`${at}/status`, { status: "in_progress" });
    expect(start.statusCode).toBe(403);
    expect(start.json().detail).toBe(rules.moveProblem(coSubject, row, "start", 3));
    expect(start.json().detail).toMatch(/can start it/);

    await forceItem(ctx.db, other.id, { status: "done" });
    const self = await cm.client.post(`${at}/verify`, { note: "Checked my own work." });
    expect(self.statusCode).toBe(409);
    expect(self.json().detail).toBe(rules.moveProblem(cmSubject, row, "verify", 3));
    expect(rules.moveProblem(cmSubject, row, "verify", 1)).toBeNull();
    const reopen = await co.client.post(`${at}/status`, { status: "in_progress", note: "Not fixed." });
    expect(reopen.json().detail).toBe(rules.moveProblem(coSubject, row, "reopen", 3));
    // The subject the server builds for an actor is the one the web app builds from its session.
    expect(subjectOf({ kind: "user", userId: co.user.id, role: "control_owner" } as never)).toMatchObject(coSubject);
    expect(org.id).toBeTruthy();
  });
});

describe("history in people's words", () => {
  it("names fields and people instead of column names and user ids", async () => {
    const { cm, co, program } = await setup();
    const item = (await cm.client.post(url(program.id), itemBody())).json();
    const at = url(program.id, `/${item.id}`);
    await cm.client.patch(at, { ownerUserId: co.user.id, rootCause: "Nobody asked for MFA.", riskDescription: "x" });
    const detail = (await cm.client.get(at)).json();
    const edit = detail.history.at(-1);
    expect(edit).toMatchObject({ action: "remediation.updated", title: "Edited" });
    expect(edit.detail).toContain(`owner (unassigned → ${co.user.name})`);
    expect(edit.detail).toContain("root cause");
    expect(edit.detail).toContain("what could happen");
    expect(edit.detail).not.toMatch(/ownerUserId|rootCause|riskDescription/);
    expect(edit.detail).not.toContain(co.user.id);
    expect(detail.history[0]).toMatchObject({ action: "remediation.created", title: "Created", detail: null });
  });
});

describe("due dates", () => {
  it("refuses a due date in the past on create and on change, naming the field; a past one may stay", async () => {
    const { org, cm, program } = await setup();
    const before = await planSnapshot(ctx.db, org.id);
    const old = await cm.client.post(url(program.id), itemBody({ dueDate: "2000-01-01" }));
    expect(old.statusCode).toBe(400);
    expect(old.json()).toMatchObject({ code: "due_date_in_past", errors: [{ path: "body.dueDate" }] });
    expect(old.json().detail).toMatch(/2000-01-01 is in the past/);
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);

    const today = utcDay();
    const item = (await cm.client.post(url(program.id), itemBody({ dueDate: today }))).json();
    expect(item.dueDate).toBe(today);
    const at = url(program.id, `/${item.id}`);
    const changed = await cm.client.patch(at, { dueDate: addDays(today, -1) });
    expect(changed.statusCode).toBe(400);
    expect(changed.json().errors[0]).toMatchObject({ path: "body.dueDate" });

    // An item already overdue keeps its date through other edits, even when the form sends it back unchanged.
    const past = addDays(today, -30);
    await ctx.db.update(remediationItems).set({ dueDate: past }).where(eq(remediationItems.id, item.id));
    const kept = await cm.client.patch(at, { dueDate: past, title: "Enforce MFA everywhere" });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ dueDate: past, overdue: true, title: "Enforce MFA everywhere" });
    expect((await cm.client.patch(at, { dueDate: addDays(today, 7) })).statusCode).toBe(200);
  });
});

describe("one open item per gap", () => {
  it("refuses an exact duplicate with 409 naming the existing item, unless it is intended", async () => {
    const { org, cm, program } = await setup();
    const first = await cm.client.post(url(program.id), itemBody({ source: "gap", sourceCriterion: "CC6.1" }));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ sourceCriterion: "CC6.1", sourceControl: null });

    const before = await planSnapshot(ctx.db, org.id);
    const again = await cm.client.post(url(program.id), itemBody({ source: "gap", sourceCriterion: "cc6.1" }));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "duplicate_item", existing: { ref: first.json().ref } });
    expect(again.json().detail).toMatch(new RegExp(`^${first.json().ref} is already open for CC6.1`));
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);
    const intended = await cm.client.post(
      url(program.id),
      itemBody({ source: "gap", sourceCriterion: "CC6.1", allowDuplicate: true }),
    );
    expect(intended.statusCode).toBe(201);

    // Controls are gaps too; another gap or a manual item is no duplicate.
    expect((await cm.client.post(url(program.id), itemBody({ sourceControl: "ACC-01" }))).statusCode).toBe(201);
    expect((await cm.client.post(url(program.id), itemBody({ sourceControl: "acc-01" }))).statusCode).toBe(409);
    expect((await cm.client.post(url(program.id), itemBody({ sourceCriterion: "CC6.2" }))).statusCode).toBe(201);
    expect((await cm.client.post(url(program.id), itemBody())).statusCode).toBe(201);
    expect((await cm.client.post(url(program.id), itemBody({ sourceControl: "NOPE-1" }))).json().code).toBe(
      "unknown_control",
    );
  });

  it("counts the items the self-assessment opened, and only while they are open", async () => {
    const { org, cm, program } = await setup();
    const [made] = await seedItems(ctx.db, org.id, program.id, [
      sampleItem({ source: "self_assessment", criteria: ["CC7.2"], title: "CC7.2: monitoring" }),
    ]);
    const dup = await cm.client.post(url(program.id), itemBody({ source: "gap", sourceCriterion: "CC7.2" }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().existing).toMatchObject({ id: made!.id, ref: made!.ref });
    await forceItem(ctx.db, made!.id, { status: "done" });
    expect(
      (await cm.client.post(url(program.id), itemBody({ source: "gap", sourceCriterion: "CC7.2" }))).statusCode,
    ).toBe(201);
  });
});
