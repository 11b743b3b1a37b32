import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { startSmtpCatcher } from "../../../test/smtp.ts";
import { jobs, memberships, notifications, remediationItems } from "../../db/schema/index.ts";
import { defaultSchedules } from "../../jobs/builtin.ts";
import { jobDefinition } from "../../jobs/registry.ts";
import type { AppContext } from "../../kernel/context.ts";
import { createMailer } from "../../platform/mailer.ts";
import { notifyOverdueRemediation, REMEDIATION_OVERDUE_EMAIL_JOB, REMEDIATION_OVERDUE_JOB } from "./overdue.ts";
import { addDays, utcDay } from "./store.ts";
import { forceItem, planSnapshot, sampleItem, seedItems, seedProgram } from "./testing.ts";

let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
});
afterAll(async () => {
  await smtp.close();
});
const { ctx, app } = withTestApp(() => ({
  config: { SMTP_URL: smtp.url, ASSAY_PUBLIC_URL: "https://assay.example.test" },
  mailer: (c) => createMailer(c.config, c.log),
}));

const DAY = 86_400_000;

/** What a worker does with the queued reminder emails (tests run no worker): sends them; returns the failures. */
async function sendQueuedEmails(c: AppContext = ctx) {
  const queued = await c.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.name, REMEDIATION_OVERDUE_EMAIL_JOB), eq(jobs.status, "queued")));
  let failed = 0;
  for (const job of queued) {
    try {
      await jobDefinition(job.name)!.run(c, job, { progress: async () => {} });
      await c.db.update(jobs).set({ status: "succeeded", finishedAt: new Date() }).where(eq(jobs.id, job.id));
    } catch {
      failed++;
    }
  }
  return failed;
}
/** The job run and the emails it queued, sent. */
async function remind(now?: Date) {
  const run = await notifyOverdueRemediation(ctx, now);
  expect(await sendQueuedEmails()).toBe(0);
  return run;
}
const mailTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email.toLowerCase()));
const decoded = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
const noticesOf = (userId: string) =>
  ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, "remediation.overdue")));

describe("the remediation.overdue job", () => {
  it("is registered and scheduled with the built-in jobs", () => {
    expect(jobDefinition(REMEDIATION_OVERDUE_JOB)).toBeDefined();
    expect(jobDefinition(REMEDIATION_OVERDUE_EMAIL_JOB)).toBeDefined();
    expect(defaultSchedules(ctx.config).map((s) => s.name)).toContain(REMEDIATION_OVERDUE_JOB);
  });

  it("reminds each owner once a day, in the app and by one email with links to their overdue items", async () => {
    const { org } = await orgWithOwner(app, ctx.db, "Reminder Co");
    const ada = await member(app, ctx.db, org.id, "control_owner");
    const bob = await member(app, ctx.db, org.id, "compliance_manager");
    const gone = await member(app, ctx.db, org.id, "control_owner");
    const program = await seedProgram(ctx.db, org.id);
    const today = utcDay();
    const d = (n: number) => addDays(today, n);
    const items = await seedItems(ctx.db, org.id, program.id, [
      sampleItem({ title: "Ada late one", ownerUserId: ada.user.id, dueDate: d(-1) }),
      sampleItem({ title: "Ada late two", ownerUserId: ada.user.id, dueDate: d(-10), likelihood: 5, impact: 5 }),
      sampleItem({ title: "Ada due today", ownerUserId: ada.user.id, dueDate: today }),
      sampleItem({ title: "Ada done late", ownerUserId: ada.user.id, dueDate: d(-4) }),
      sampleItem({ title: "Bob late", ownerUserId: bob.user.id, dueDate: d(-2) }),
      sampleItem({ title: "Nobody's", dueDate: d(-2) }),
      sampleItem({ title: "Former member's", ownerUserId: gone.user.id, dueDate: d(-2) }),
    ]);
    await forceItem(ctx.db, items[3]!.id, { status: "done" });
    await forceItem(ctx.db, items[1]!.id, { status: "in_progress" });
    await ctx.db.delete(memberships).where(eq(memberships.id, gone.membershipId));

    const first = await remind();
    expect(first).toEqual({ items: 3, emails: 2, failed: 0 });
    const [adaMail, ...moreAda] = mailTo(ada.user.email);
    expect(moreAda).toEqual([]);
    expect(adaMail!.raw).toContain("Subject: 2 remediation items you own are overdue in Reminder Co");
    const text = decoded(adaMail!.raw);
    expect(text).toContain("Ada late one");
    expect(text).toContain("Ada late two");
    expect(text).not.toContain("Ada due today");
    expect(text).not.toContain("Ada done late");
    expect(text).toContain(`https://assay.example.test/programs/${program.id}/remediation/${items[0]!.id}`);
    expect(text).toContain(`https://assay.example.test/programs/${program.id}/remediation/${items[1]!.id}`);
    // The most overdue first.
    expect(text.indexOf("Ada late two")).toBeLessThan(text.indexOf("Ada late one"));
    expect(text).toContain("10 days overdue");
    const bobMail = mailTo(bob.user.email);
    expect(bobMail).toHaveLength(1);
    expect(bobMail[0]!.raw).toContain("Subject: Overdue: R-5 Bob late");
    expect(mailTo(gone.user.email)).toEqual([]);

    const adaNotices = await noticesOf(ada.user.id);
    expect(adaNotices.map((n) => n.link).sort()).toEqual(
      [items[0]!, items[1]!].map((i) => `/programs/${program.id}/remediation/${i.id}`).sort(),
    );
    expect(adaNotices.find((n) => n.link!.endsWith(items[1]!.id))!.title).toBe("R-2 is overdue: Ada late two");
    const marked = await ctx.db.select().from(remediationItems).where(eq(remediationItems.programId, program.id));
    expect(
      marked
        .filter((r) => r.overdueNotifiedOn === today)
        .map((r) => r.ref)
        .sort(),
    ).toEqual(["R-1", "R-2", "R-5"]);

    // Again today (another run, another worker): nothing new.
    const before = await planSnapshot(ctx.db, org.id);
    const again = await remind();
    expect(again).toEqual({ items: 0, emails: 0, failed: 0 });
    expect(mailTo(ada.user.email)).toHaveLength(1);
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);

    // Tomorrow: a new reminder, now also for the item that was due today.
    const tomorrow = new Date(Date.now() + DAY);
    await remind(tomorrow);
    const second = mailTo(ada.user.email);
    expect(second).toHaveLength(2);
    expect(second[1]!.raw).toContain("Subject: 3 remediation items you own are overdue");
    expect(await noticesOf(ada.user.id)).toHaveLength(5);

    // Finished items are not reminded about.
    await forceItem(ctx.db, items[4]!.id, { status: "done" });
    await remind(new Date(Date.now() + 2 * DAY));
    expect(mailTo(bob.user.email)).toHaveLength(2);
  });

  it("keeps the reminder email queued while the mail server refuses it, and sends it once it accepts", async () => {
    const { org } = await orgWithOwner(app, ctx.db);
    const cara = await member(app, ctx.db, org.id, "control_owner");
    const program = await seedProgram(ctx.db, org.id);
    const [late] = await seedItems(ctx.db, org.id, program.id, [
      sampleItem({ title: "Cara late", ownerUserId: cara.user.id, dueDate: addDays(utcDay(), -1) }),
    ]);
    const broken = {
      ...ctx,
      mailer: {
        send: async (m: { to: string }) => {
          if (m.to === cara.user.email) throw new Error("connection refused");
        },
      },
    };
    expect(await notifyOverdueRemediation(ctx)).toMatchObject({ failed: 0 });
    expect(await sendQueuedEmails(broken)).toBe(1);
    expect(mailTo(cara.user.email)).toEqual([]);
    const [row] = await ctx.db.select().from(remediationItems).where(eq(remediationItems.id, late!.id));
    expect(row!.overdueNotifiedOn).toBe(utcDay());
    expect(await noticesOf(cara.user.id)).toHaveLength(1);

    // Another run the same day claims nothing new; the queued email goes out once the server accepts it.
    expect(await notifyOverdueRemediation(ctx)).toMatchObject({ items: 0, emails: 0 });
    expect(await sendQueuedEmails()).toBe(0);
    const [mail, ...more] = mailTo(cara.user.email);
    expect(more).toEqual([]);
    expect(mail!.raw).toContain("Subject: Overdue: R-1 Cara late");
  });

  it("records nothing when the reminder cannot be recorded, so the retry reminds", async () => {
    const { org } = await orgWithOwner(app, ctx.db);
    const dan = await member(app, ctx.db, org.id, "control_owner");
    const program = await seedProgram(ctx.db, org.id);
    await seedItems(ctx.db, org.id, program.id, [
      sampleItem({ title: "Dan late", ownerUserId: dan.user.id, dueDate: addDays(utcDay(), -1) }),
    ]);
    const before = await planSnapshot(ctx.db, org.id);
    // The link of every email is made from the public URL: a context without it fails inside the change.
    const broken = {
      ...ctx,
      config: new Proxy(ctx.config, {
        get: (target, key) => {
          if (key === "publicUrl") throw new Error("no public URL");
          return Reflect.get(target, key);
        },
      }),
    };
    await expect(notifyOverdueRemediation(broken)).rejects.toThrow(/could not be recorded.*retries/);
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);
    expect(await noticesOf(dan.user.id)).toEqual([]);

    await remind();
    expect(mailTo(dan.user.email)).toHaveLength(1);
  });
});
