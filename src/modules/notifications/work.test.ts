import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { startSmtpCatcher } from "../../../test/smtp.ts";
import { alertDeliveries, jobs, notifications, remediationItems } from "../../db/schema/index.ts";
import { createMailer } from "../../platform/mailer.ts";
import { deliverDue } from "../alerts/deliver.ts";
import { sendDigests } from "../alerts/digest.ts";
import { remindObligations } from "../incidents/routines.ts";
import { incidentBody } from "../incidents/testing.ts";
import { notifyOverdueRemediation, REMEDIATION_OVERDUE_EMAIL_JOB } from "../remediation/overdue.ts";
import { addDays, utcDay } from "../remediation/store.ts";
import { itemBody, remediationTeam, remediationUrl } from "../remediation/testing.ts";
import { sendWorkReminders } from "./reminders.ts";

let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
});
afterAll(async () => {
  await smtp.close();
});
const PUBLIC_URL = "https://assay.example.test";
const { ctx, app } = withTestApp(() => ({
  config: { SMTP_URL: smtp.url, ASSAY_PUBLIC_URL: PUBLIC_URL },
  mailer: (c) => createMailer(c.config, c.log),
}));

const decoded = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
const inbox = (userId: string, kind?: string) =>
  ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), ...(kind ? [eq(notifications.kind, kind)] : [])));
const deliveries = (userId: string) => ctx.db.select().from(alertDeliveries).where(eq(alertDeliveries.userId, userId));
const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));

describe(`notifications about people's work on ${dbKind}`, () => {
  it("emails the incident commander about a notice overdue, besides the inbox, once", async () => {
    const { co, cm } = await remediationTeam(app, ctx.db);
    const detectedAt = new Date(Date.now() - 80 * 3_600_000).toISOString();
    const inc = (
      await cm.client.post("/api/v1/incidents", incidentBody({ detectedAt, ownerUserId: co.user.id }))
    ).json();
    const added = await cm.client.post(`/api/v1/incidents/${inc.id}/obligations`, {
      audience: "regulator",
      recipient: "Data protection authority",
    });
    expect(added.statusCode, added.body).toBe(201);
    await remindObligations(ctx);
    expect((await inbox(co.user.id, "incidents.notification_overdue")).map((n) => n.link)).toEqual([
      `/incidents/${inc.id}`,
    ]);
    expect(await deliverDue(ctx)).toMatchObject({ failed: 0 });
    const mail = await smtp.waitFor(co.user.email);
    expect(mail.raw).toContain(`${inc.ref}: the notice to regulator`);
    expect(decoded(mail.raw)).toContain(`${PUBLIC_URL}/incidents/${inc.id}`);
    // Once per deadline and stage.
    expect(await remindObligations(ctx)).toBe(0);
    expect(await deliverDue(ctx)).toMatchObject({ sent: 0 });
    expect(mailsTo(co.user.email)).toHaveLength(1);
  });

  it("tells the new owner of a remediation item in the app and by email, with a link to the item", async () => {
    const { org, cm, co, program } = await remediationTeam(app, ctx.db);
    const created = await cm.client.post(remediationUrl(program.id), itemBody({ ownerUserId: co.user.id }));
    expect(created.statusCode).toBe(201);
    const item = created.json();
    const link = `/programs/${program.id}/remediation/${item.id}`;

    // In the app: exactly one notice, through the API the bell reads.
    const list = (await co.client.get("/api/v1/notifications")).json();
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: "remediation.assigned", link, readAt: null });
    expect(list.items[0].title).toBe(`You own ${item.ref}: ${item.title}`);
    expect(list.items[0].body).toContain(cm.user.name);

    // By email right away (the default for assignments), after commit, from the outbox.
    expect(await deliverDue(ctx)).toMatchObject({ failed: 0 });
    const mail = await smtp.waitFor(co.user.email);
    expect(mail.raw).toContain(`You own ${item.ref}`);
    expect(decoded(mail.raw)).toContain(`${PUBLIC_URL}${link}`);

    // Whoever made the change hears nothing of it.
    expect(await inbox(cm.user.id)).toEqual([]);
    expect(await deliverDue(ctx)).toMatchObject({ sent: 0 });
    expect(mailsTo(cm.user.email)).toEqual([]);
    expect(org.id).toBe(item.organizationId ?? org.id);
  });

  it("tells a new owner on reassignment, and nobody when people assign themselves", async () => {
    const { owner, cm, co, program } = await remediationTeam(app, ctx.db);
    const item = (await cm.client.post(remediationUrl(program.id), itemBody())).json();
    expect(await inbox(co.user.id)).toEqual([]);

    await cm.client.patch(remediationUrl(program.id, `/${item.id}`), { ownerUserId: cm.user.id });
    expect(await inbox(cm.user.id)).toEqual([]);
    expect(await deliveries(cm.user.id)).toEqual([]);

    const moved = await owner.client.patch(remediationUrl(program.id, `/${item.id}`), { ownerUserId: co.user.id });
    expect(moved.statusCode).toBe(200);
    const [notice] = await inbox(co.user.id, "remediation.assigned");
    expect(notice).toMatchObject({ link: `/programs/${program.id}/remediation/${item.id}` });
    expect(notice!.body).toContain(owner.user.name);
    // Other changes of the item do not tell the owner again.
    await owner.client.patch(remediationUrl(program.id, `/${item.id}`), { title: "Enforce MFA everywhere" });
    expect(await inbox(co.user.id)).toHaveLength(1);
  });

  it("sends assignments in the daily digest to people who chose it, and keeps them in the app", async () => {
    const { cm, co, program } = await remediationTeam(app, ctx.db);
    const refused = await co.client.put("/api/v1/alerts/preferences", {
      preferences: [{ kind: "remediation.assigned", inApp: false, email: "digest" }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail ?? JSON.stringify(refused.json())).toContain("always shows in the app");

    const saved = await co.client.put("/api/v1/alerts/preferences", {
      preferences: [{ kind: "remediation.assigned", inApp: true, email: "digest" }],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().items.find((p: { kind: string }) => p.kind === "remediation.assigned")).toMatchObject({
      email: "digest",
      inAppRequired: true,
      customized: true,
    });

    const item = (await cm.client.post(remediationUrl(program.id), itemBody({ ownerUserId: co.user.id }))).json();
    expect(await inbox(co.user.id, "remediation.assigned")).toHaveLength(1);
    expect((await deliveries(co.user.id)).map((d) => [d.channel, d.status])).toEqual([["digest", "pending"]]);
    await deliverDue(ctx);
    expect(mailsTo(co.user.email)).toEqual([]);

    expect(await sendDigests(ctx)).toMatchObject({ emails: 1, items: 1 });
    expect(await deliverDue(ctx)).toMatchObject({ sent: 1 });
    const digest = decoded((await smtp.waitFor(co.user.email)).raw);
    expect(digest).toContain("Your daily digest: 1 alert");
    expect(digest).toContain("Remediation work assigned to you (1)");
    expect(digest).toContain(`${PUBLIC_URL}/programs/${program.id}/remediation/${item.id}`);
  });

  it("never tells people of another organization", async () => {
    const a = await remediationTeam(app, ctx.db);
    const b = await remediationTeam(app, ctx.db);
    // A person of the other organization cannot be made owner, so nobody there is told.
    const foreign = await a.cm.client.post(remediationUrl(a.program.id), itemBody({ ownerUserId: b.co.user.id }));
    expect(foreign.statusCode).toBe(400);
    await a.cm.client.post(remediationUrl(a.program.id), itemBody({ ownerUserId: a.co.user.id }));
    for (const p of [b.owner, b.cm, b.co]) {
      expect(await inbox(p.user.id)).toEqual([]);
      expect((await p.client.get("/api/v1/notifications")).json()).toMatchObject({ total: 0, unread: 0 });
    }
    expect(await ctx.db.select().from(notifications).where(eq(notifications.organizationId, b.org.id))).toEqual([]);
    expect(await ctx.db.select().from(alertDeliveries).where(eq(alertDeliveries.organizationId, b.org.id))).toEqual([]);
    expect(await inbox(a.co.user.id, "remediation.assigned")).toHaveLength(1);
  });

  it("tells step owners, and the planned verifier when the item is done", async () => {
    const { owner, cm, co, program } = await remediationTeam(app, ctx.db);
    const item = (
      await cm.client.post(
        remediationUrl(program.id),
        itemBody({ ownerUserId: co.user.id, verifierUserId: owner.user.id }),
      )
    ).json();
    const link = `/programs/${program.id}/remediation/${item.id}`;
    const steps = await cm.client.put(remediationUrl(program.id, `/${item.id}/steps`), {
      steps: [{ title: "Turn on MFA for admins", ownerUserId: owner.user.id, dueDate: "2031-01-10" }],
    });
    expect(steps.statusCode).toBe(200);
    const [step] = await inbox(owner.user.id, "remediation.assigned");
    expect(step).toMatchObject({ title: `You own a step of ${item.ref}: Turn on MFA for admins`, link });

    const stepId = steps.json().steps[0].id;
    await co.client.put(remediationUrl(program.id, `/${item.id}/steps`), {
      steps: [
        {
          id: stepId,
          title: "Turn on MFA for admins",
          ownerUserId: owner.user.id,
          dueDate: "2031-01-10",
          status: "done",
        },
      ],
    });
    expect(await inbox(owner.user.id, "remediation.verification")).toEqual([]);
    await co.client.post(remediationUrl(program.id, `/${item.id}/status`), { status: "in_progress" });
    const done = await co.client.post(remediationUrl(program.id, `/${item.id}/status`), {
      status: "done",
      note: "MFA enforced for every console user.",
    });
    expect(done.statusCode, JSON.stringify(done.json())).toBe(200);
    const [verify] = await inbox(owner.user.id, "remediation.verification");
    expect(verify).toMatchObject({ link, title: `${item.ref} waits for your verification: ${item.title}` });
    // The owner who marked it done is not told about it.
    expect(await inbox(co.user.id, "remediation.verification")).toEqual([]);
  });

  it("tells the new owner of a control, with a link to the control", async () => {
    const { owner, co, program } = await remediationTeam(app, ctx.db);
    const res = await owner.client.patch(`/api/v1/programs/${program.id}/controls/ACC-01`, {
      ownerUserId: co.user.id,
    });
    expect(res.statusCode).toBe(200);
    const [notice] = await inbox(co.user.id, "control.assigned");
    expect(notice).toMatchObject({
      title: "You own control ACC-01: Access reviews",
      link: `/programs/${program.id}/controls/ACC-01`,
    });
    // Saving the control again with the same owner says nothing more.
    await owner.client.patch(`/api/v1/programs/${program.id}/controls/ACC-01`, { ownerUserId: co.user.id });
    expect(await inbox(co.user.id, "control.assigned")).toHaveLength(1);
  });

  it("tells the approver an exception waits for them", async () => {
    const { org, cm, co } = await remediationTeam(app, ctx.db);
    const res = await co.client.post("/api/v1/monitoring/exceptions", {
      testId: "people.manager_known",
      resourceId: null,
      justification: "The manager is being hired this month.",
      approverUserId: cm.user.id,
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(res.statusCode).toBe(201);
    const [notice] = await inbox(cm.user.id, "exception.approval");
    expect(notice).toMatchObject({
      organizationId: org.id,
      link: `/monitoring/exceptions?state=pending&exception=${res.json().id}`,
    });
    expect(notice!.body).toContain("The manager is being hired this month.");
    expect(await inbox(co.user.id)).toEqual([]);
  });

  it("reminds owners once of work due within 7 days and of overdue steps", async () => {
    const { owner, cm, co, program } = await remediationTeam(app, ctx.db);
    const now = new Date();
    const today = utcDay(now);
    const soon = addDays(today, 3);
    const item = (
      await cm.client.post(remediationUrl(program.id), itemBody({ ownerUserId: co.user.id, dueDate: soon }))
    ).json();
    await cm.client.post(
      remediationUrl(program.id),
      itemBody({ ownerUserId: co.user.id, dueDate: addDays(today, 30) }),
    );
    await cm.client.put(remediationUrl(program.id, `/${item.id}/steps`), {
      steps: [{ title: "Buy security keys", ownerUserId: owner.user.id, dueDate: addDays(today, -2) }],
    });

    const first = await sendWorkReminders(ctx, now);
    expect(first.sent).toBe(2);
    const [dueSoon] = await inbox(co.user.id, "remediation.due_soon");
    expect(dueSoon).toMatchObject({
      title: `${item.ref} is due in 3 days: ${item.title}`,
      link: `/programs/${program.id}/remediation/${item.id}`,
    });
    const [late] = await inbox(owner.user.id, "remediation.overdue");
    expect(late!.title).toBe(`A step of ${item.ref} is overdue: Buy security keys`);
    // Due-soon reminders wait for the digest by default.
    expect((await deliveries(co.user.id)).filter((d) => d.kind === "remediation.due_soon")).toMatchObject([
      { channel: "digest" },
    ]);

    expect(await sendWorkReminders(ctx, now)).toEqual({ sent: 0 });
    expect(await inbox(co.user.id, "remediation.due_soon")).toHaveLength(1);
  });

  it("puts overdue items in the digest instead of their own email when the owner chose it", async () => {
    const { cm, co, program } = await remediationTeam(app, ctx.db);
    await co.client.put("/api/v1/alerts/preferences", {
      preferences: [{ kind: "remediation.overdue", inApp: true, email: "digest" }],
    });
    const item = (await cm.client.post(remediationUrl(program.id), itemBody({ ownerUserId: co.user.id }))).json();
    // Past due: set the way time would (a due date in the past is refused at the API).
    await ctx.db.update(remediationItems).set({ dueDate: "2020-01-31" }).where(eq(remediationItems.id, item.id));
    const run = await notifyOverdueRemediation(ctx);
    expect(run).toMatchObject({ emails: 0, failed: 0 });
    expect(await inbox(co.user.id, "remediation.overdue")).toHaveLength(1);
    const mine = (await deliveries(co.user.id)).filter((d) => d.kind === "remediation.overdue");
    expect(mine).toMatchObject([
      { channel: "digest", payload: { link: `/programs/${program.id}/remediation/${item.id}` } },
    ]);
    const emailJobs = await ctx.db.select().from(jobs).where(eq(jobs.name, REMEDIATION_OVERDUE_EMAIL_JOB));
    expect(emailJobs.filter((j) => (j.payload as { to?: string }).to === co.user.email)).toEqual([]);
  });
});
