/**
 * Notices about people's work, raised from what other modules announce, in the transaction of their change (a
 * rolled-back change notifies nobody): a remediation item, step or control given a new owner, an item marked done
 * that waits for its planned verifier, an exception request that waits for its approver, a member mentioned in a
 * comment on a remediation item (docs/notifications.md).
 */
import { and, eq, inArray } from "drizzle-orm";
import { programControls, remediationItems, testExceptions } from "../../db/schema/index.ts";
import { loadTests } from "../../integrations/definitions.ts";
import type { Change } from "../../kernel/change.ts";
import { type EventType, payloadsOf } from "../../kernel/events.ts";
import type { Subscriber } from "../../kernel/subscribers.ts";
import { exceptionRequested } from "../monitoring/events.ts";
import { controlCreated, controlUpdated } from "../programs/events.ts";
import {
  remediationCommented,
  remediationCreated,
  remediationStatusChanged,
  remediationStepsChanged,
  remediationUpdated,
} from "../remediation/events.ts";
import { actorName, controlLink, exceptionLink, notifyWork, remediationLink, type WorkNotice } from "./work.ts";

type Fields = Record<string, unknown> | undefined;
const fields = (x: unknown): Fields => (x && typeof x === "object" ? (x as Record<string, unknown>) : undefined);
/** True when the change names this field (a ledger `after` lists only what changed). */
const names = (x: Fields, key: string) => !!x && Object.hasOwn(x, key);

interface StepView {
  id: string;
  title: string;
  ownerUserId: string | null;
  dueDate: string | null;
}
const stepsIn = (x: Fields) => (Array.isArray(x?.steps) ? (x.steps as StepView[]) : []);

async function remediationNotices(c: Change, events: Parameters<Subscriber["handle"]>[1]): Promise<WorkNotice[]> {
  const created = payloadsOf(events, remediationCreated);
  const updated = payloadsOf(events, remediationUpdated);
  const done = payloadsOf(events, remediationStatusChanged).filter((p) => fields(p.after)?.status === "done");
  const steps = payloadsOf(events, remediationStepsChanged);
  const ids = [...new Set([...created, ...updated, ...done, ...steps].map((p) => p.id))];
  if (!ids.length) return [];
  const rows = await c.tx
    .select()
    .from(remediationItems)
    .where(and(eq(remediationItems.organizationId, c.organizationId!), inArray(remediationItems.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const by = actorName(c.actor);
  const notices: WorkNotice[] = [];
  const due = (d: string | null) => (d ? `, due ${d}` : "");

  const assigned = (id: string) => {
    const r = byId.get(id);
    if (!r?.ownerUserId) return;
    notices.push({
      kind: "remediation.assigned",
      to: r.ownerUserId,
      title: `You own ${r.ref}: ${r.title}`,
      body: `${by} made you the owner of this ${r.priority}-priority remediation item${due(r.dueDate)}.`,
      link: remediationLink(r.programId, r.id),
    });
  };
  const toVerify = (id: string) => {
    const r = byId.get(id);
    if (!r?.verifierUserId || r.status !== "done") return;
    notices.push({
      kind: "remediation.verification",
      to: r.verifierUserId,
      title: `${r.ref} waits for your verification: ${r.title}`,
      body: `${by} marked it done and you are its planned verifier. Check the fix, then verify it or reopen it with a reason.`,
      link: remediationLink(r.programId, r.id),
    });
  };

  for (const p of created) assigned(p.id);
  for (const p of updated) {
    if (names(fields(p.after), "ownerUserId")) assigned(p.id);
    if (names(fields(p.after), "verifierUserId")) toVerify(p.id);
  }
  for (const p of done) toVerify(p.id);
  for (const p of steps) {
    const r = byId.get(p.id);
    if (!r) continue;
    const before = new Map(stepsIn(fields(p.before)).map((s) => [s.id, s]));
    for (const s of stepsIn(fields(p.after)))
      if (s.ownerUserId && before.get(s.id)?.ownerUserId !== s.ownerUserId)
        notices.push({
          kind: "remediation.assigned",
          to: s.ownerUserId,
          title: `You own a step of ${r.ref}: ${s.title}`,
          body: `${by} made you the owner of this step of “${r.title}”${due(s.dueDate)}.`,
          link: remediationLink(r.programId, r.id),
        });
  }
  return notices;
}

async function mentionNotices(c: Change, events: Parameters<Subscriber["handle"]>[1]): Promise<WorkNotice[]> {
  const comments = payloadsOf(events, remediationCommented);
  if (!comments.length) return [];
  const rows = await c.tx
    .select()
    .from(remediationItems)
    .where(
      and(
        eq(remediationItems.organizationId, c.organizationId!),
        inArray(remediationItems.id, [...new Set(comments.map((p) => p.id))]),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const by = actorName(c.actor);
  const notices: WorkNotice[] = [];
  for (const p of comments) {
    const r = byId.get(p.id);
    const after = fields(p.after);
    if (!r || !after) continue;
    const mentions = Array.isArray(after.mentions) ? (after.mentions as string[]) : [];
    const body = typeof after.body === "string" ? after.body : "";
    for (const to of mentions)
      notices.push({
        kind: "remediation.mentioned",
        to,
        title: `${by} mentioned you on ${r.ref}`,
        body: `On “${r.title}”: ${body}`,
        link: remediationLink(r.programId, r.id),
      });
  }
  return notices;
}

async function controlNotices(c: Change, events: Parameters<Subscriber["handle"]>[1]): Promise<WorkNotice[]> {
  const changed = [...payloadsOf(events, controlCreated), ...payloadsOf(events, controlUpdated)].filter((p) => {
    const after = fields(p.after);
    return !!after?.ownerUserId && after.ownerUserId !== fields(p.before)?.ownerUserId;
  });
  if (!changed.length) return [];
  const rows = await c.tx
    .select()
    .from(programControls)
    .where(
      and(
        eq(programControls.organizationId, c.organizationId!),
        inArray(
          programControls.id,
          changed.map((p) => p.id),
        ),
      ),
    );
  const by = actorName(c.actor);
  return rows.map((r) => ({
    kind: "control.assigned" as const,
    to: r.ownerUserId,
    title: `You own control ${r.key}: ${r.name}`,
    body: `${by} made you the owner of this control: keep its evidence current and its tests passing.`,
    link: controlLink(r.programId, r.key),
  }));
}

async function exceptionNotices(c: Change, events: Parameters<Subscriber["handle"]>[1]): Promise<WorkNotice[]> {
  const ids = payloadsOf(events, exceptionRequested).map((p) => p.id);
  if (!ids.length) return [];
  const rows = await c.tx
    .select()
    .from(testExceptions)
    .where(and(eq(testExceptions.organizationId, c.organizationId!), inArray(testExceptions.id, ids)));
  const titles = new Map((await loadTests(c.tx, c.organizationId!)).map((t) => [t.id, t.title]));
  const by = actorName(c.actor);
  return rows
    .filter((e) => e.decision === "pending")
    .map((e) => ({
      kind: "exception.approval" as const,
      to: e.approverUserId,
      title: `An exception waits for your approval: ${titles.get(e.testId) ?? e.testId}`,
      body: `${by} asked for it and named you as approver. Justification: ${e.justification}`,
      link: exceptionLink(e.id),
    }));
}

export const workNotificationsSubscriber: Subscriber = {
  name: "notifications.work",
  on: [
    remediationCreated,
    remediationUpdated,
    remediationStatusChanged,
    remediationStepsChanged,
    remediationCommented,
    controlCreated,
    controlUpdated,
    exceptionRequested,
  ] as EventType<never>[],
  async handle(c, events) {
    if (!c.organizationId) return;
    await notifyWork(c, [
      ...(await remediationNotices(c, events)),
      ...(await mentionNotices(c, events)),
      ...(await controlNotices(c, events)),
      ...(await exceptionNotices(c, events)),
    ]);
  },
};
