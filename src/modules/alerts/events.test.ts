import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestContext, dbKind, type TestContext } from "../../../test/context.ts";
import { seedOrg, seedUser } from "../../../test/seed.ts";
import { startSmtpCatcher } from "../../../test/smtp.ts";
import { systemActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Role } from "../../core/roles.ts";
import {
  alertDeliveries,
  alertDigests,
  connections,
  ledgerEntries,
  notificationPreferences,
  notifications,
  programControls,
  programs,
} from "../../db/schema/index.ts";
import { registerConnector } from "../../integrations/registry.ts";
import type { Connector, ResourceInput } from "../../integrations/types.ts";
import { change } from "../../kernel/change.ts";
import { createMailer } from "../../platform/mailer.ts";
import { runSync } from "../monitoring/sync/sync.ts";
import { seedException } from "../monitoring/testing.ts";
import { deliverDue } from "./deliver.ts";
import { sendDigests } from "./digest.ts";
import { emitAlert } from "./emit.ts";
import { alertExceptions } from "./events.ts";

/** A connector whose users fail "alerts_fake.mfa" when mfa is off; `script.die` makes the sync fail. */
const script: { users: ResourceInput[]; die: boolean } = { users: [], die: false };
const fake: Connector<Record<string, never>, Record<string, never>> = {
  type: "alerts_fake",
  title: "Alerts fake",
  description: "test double",
  category: "identity",
  configSchema: z.strictObject({}),
  secretSchema: z.strictObject({}),
  resourceTypes: ["user"],
  testConnection: async () => ({ ok: true, message: "ok" }),
  async *collect() {
    if (script.die) throw new Error("The directory API answered 401 Unauthorized.");
    yield script.users;
  },
  tests: [
    {
      id: "alerts_fake.mfa",
      title: "Users have MFA",
      description: "",
      resourceType: "user",
      severity: "high",
      controls: ["ACC-03"],
      remediation: "Turn MFA on.",
      evaluate: (r) =>
        r.attributes.mfa === true ? { status: "pass", reason: "MFA on" } : { status: "fail", reason: "MFA off" },
    },
  ],
};
registerConnector(fake);
const user = (name: string, mfa: boolean): ResourceInput => ({
  type: "user",
  externalId: name,
  name,
  attributes: { mfa },
});

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  ctx = await createTestContext({ config: { SMTP_URL: smtp.url, ASSAY_PUBLIC_URL: "https://assay.example.test" } });
  ctx.mailer = createMailer(ctx.config, ctx.log);
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

async function team(roles: Role[]) {
  const org = await seedOrg(ctx.db, `Team ${newId().slice(-5)}`);
  const people: Record<string, Awaited<ReturnType<typeof seedUser>>> = {};
  for (const r of roles) people[r] = await seedUser(ctx.db, org.id, r);
  return { org, people };
}
async function ownControl(organizationId: string, userId: string, libraryId: string) {
  const programId = newId();
  await ctx.db
    .insert(programs)
    .values({ id: programId, organizationId, name: "SOC 2", reportType: "type2", categories: ["security"], scope: {} });
  await ctx.db.insert(programControls).values({
    id: newId(),
    organizationId,
    programId,
    key: libraryId,
    libraryId,
    name: "MFA",
    description: "MFA everywhere.",
    ownerRole: "control_owner",
    ownerUserId: userId,
    frequency: "continuous",
    natureType: "preventive",
    natureMode: "automated",
    evidence: [],
    policies: [],
    criteria: ["CC6.1"],
  });
}
async function newConnection(organizationId: string, createdBy: string) {
  const id = newId();
  await ctx.db
    .insert(connections)
    .values({ id, organizationId, type: "alerts_fake", name: "Directory", config: {}, createdBy });
  return id;
}
const sync = (organizationId: string, connectionId: string) =>
  runSync(ctx, organizationId, connectionId, { trigger: "manual" });
const inbox = (organizationId: string, kind: string) =>
  ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.organizationId, organizationId), eq(notifications.kind, kind)))
    .orderBy(notifications.createdAt, notifications.userId);

describe(`test.failing from syncs on ${dbKind}`, () => {
  it("sends one grouped alert per newly failing test to control owners and managers, and none while it stays failing", async () => {
    const { org, people } = await team(["owner", "admin", "compliance_manager", "control_owner", "employee", "viewer"]);
    await ownControl(org.id, people.control_owner!.id, "ACC-03");
    const conn = await newConnection(org.id, people.admin!.id);
    script.die = false;
    script.users = [user("ada", true), user("dan", false), user("bob", false), user("cy", false)];
    expect((await sync(org.id, conn)).status).toBe("succeeded");

    const first = await inbox(org.id, "test.failing");
    const expected = [people.owner!, people.admin!, people.compliance_manager!, people.control_owner!].map((p) => p.id);
    expect(first.map((n) => n.userId).sort()).toEqual([...expected].sort());
    expect(new Set(first.map((n) => n.title))).toEqual(
      new Set(["Users have MFA now fails on 3 resources: bob, cy, dan"]),
    );
    expect(first[0]!.body).toContain("What to do: Turn MFA on.");
    expect(first[0]!.link).toBe("/monitoring/tests/alerts_fake.mfa");
    // Failing tests are emailed right away by default.
    const emails = await ctx.db
      .select()
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.organizationId, org.id), eq(alertDeliveries.kind, "test.failing")));
    expect(emails.map((e) => [e.channel, e.userId]).sort()).toEqual(expected.map((id) => ["email", id]).sort());

    // The same failures again: nothing new.
    expect((await sync(org.id, conn)).status).toBe("succeeded");
    expect(await inbox(org.id, "test.failing")).toHaveLength(4);

    // One more resource fails: one more alert, about it alone.
    script.users = [user("ada", false), user("dan", false), user("bob", false), user("cy", true)];
    await sync(org.id, conn);
    const all = await inbox(org.id, "test.failing");
    expect(all).toHaveLength(8);
    expect(all.slice(4).every((n) => n.title === "Users have MFA now fails on ada")).toBe(true);

    await deliverDue(ctx);
    // Both alerts reach the control owner by email (in either order: they are sent side by side).
    const to = people.control_owner!.email;
    await smtp.waitFor(to);
    const mails = smtp.messages.filter((m) => m.to.includes(to)).map((m) => m.raw);
    expect(mails).toHaveLength(2);
    expect(mails.some((raw) => raw.includes("now fails on 3 resources: bob, cy, dan"))).toBe(true);
  });
});

describe(`sync.failed streaks on ${dbKind}`, () => {
  it("alerts admins and the connection's creator once per failure streak", async () => {
    const { org, people } = await team(["owner", "admin", "compliance_manager", "viewer"]);
    const conn = await newConnection(org.id, people.compliance_manager!.id);
    const failedAlerts = async () => (await inbox(org.id, "sync.failed")).length;
    script.die = true;
    expect((await sync(org.id, conn)).status).toBe("failed");
    const first = await inbox(org.id, "sync.failed");
    expect(first.map((n) => n.userId).sort()).toEqual(
      [people.owner!.id, people.admin!.id, people.compliance_manager!.id].sort(),
    );
    expect(first[0]).toMatchObject({ title: "The sync of Directory failed", link: "/monitoring/integrations" });
    expect(first[0]!.body).toContain("The directory API answered 401 Unauthorized.");
    expect(first[0]!.body).toContain("What to do:");

    await sync(org.id, conn);
    await sync(org.id, conn);
    expect(await failedAlerts()).toBe(3);

    script.die = false;
    script.users = [user("ada", true)];
    expect((await sync(org.id, conn)).status).toBe("succeeded");
    expect(await failedAlerts()).toBe(3);
    script.die = true;
    await sync(org.id, conn);
    expect(await failedAlerts()).toBe(6);
    script.die = false;
  });
});

describe(`the daily digest on ${dbKind}`, () => {
  it("sends one email with the digest items, and none when nothing happened", async () => {
    const { org, people } = await team(["owner", "control_owner"]);
    const me = people.control_owner!;
    const emit = (kind: "evidence.stale" | "evidence.due_soon" | "sync.failed", title: string) =>
      change(ctx.db, systemActor(org.id, "test"), (c) =>
        emitAlert(c, {
          organizationId: org.id,
          kind,
          title,
          body: "…",
          link: "/programs/p/controls/ACC-03",
          recipients: [me.id],
        }),
      );
    await emit("evidence.stale", "Evidence for ACC-03 is stale: MFA");
    await emit("evidence.due_soon", "Evidence for ACC-05 is due by 2027-06-30: Passwords");
    await emit("sync.failed", "The sync of Directory failed");

    const day1 = new Date();
    expect(await sendDigests(ctx, day1)).toEqual({ emails: 1, items: 2 });
    expect(await deliverDue(ctx)).toMatchObject({ failed: 0 });
    const digests = smtp.messages.filter((m) => m.to.includes(me.email) && m.raw.includes("daily digest"));
    expect(digests).toHaveLength(1);
    const text = digests[0]!.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    expect(text).toContain("Your daily digest: 2 alerts");
    expect(text).toContain("Evidence for ACC-03 is stale: MFA");
    expect(text).toContain("Evidence for ACC-05 is due by 2027-06-30: Passwords");
    expect(text).not.toContain("The sync of Directory failed");
    expect(text).toContain("https://assay.example.test/programs/p/controls/ACC-03");
    expect(text).toContain("https://assay.example.test/settings/notifications");
    const [stamp] = await ctx.db.select().from(alertDigests).where(eq(alertDigests.userId, me.id));
    expect(stamp!.lastSentAt.getTime()).toBe(day1.getTime());

    // The next day, nothing happened: no email.
    const day2 = new Date(day1.getTime() + 86_400_000);
    expect(await sendDigests(ctx, day2)).toEqual({ emails: 0, items: 0 });

    // Something new an hour later waits for the next day's digest.
    await emit("evidence.stale", "Evidence for GOV-01 is stale: Code of conduct");
    expect(await sendDigests(ctx, new Date(day1.getTime() + 3600_000))).toEqual({ emails: 0, items: 0 });
    expect(await sendDigests(ctx, day2)).toEqual({ emails: 1, items: 1 });
  });

  it("leaves out kinds the person no longer wants in the digest", async () => {
    const { org, people } = await team(["owner"]);
    const me = people.owner!;
    await change(ctx.db, systemActor(org.id, "test"), (c) =>
      emitAlert(c, {
        organizationId: org.id,
        kind: "evidence.stale",
        title: "Stale",
        body: "",
        link: null,
        recipients: [me.id],
      }),
    );
    await ctx.db
      .insert(notificationPreferences)
      .values({ organizationId: org.id, userId: me.id, kind: "evidence.stale", inApp: true, email: "off" });
    expect(await sendDigests(ctx)).toEqual({ emails: 0, items: 0 });
    const [row] = await ctx.db.select().from(alertDeliveries).where(eq(alertDeliveries.userId, me.id));
    expect(row).toMatchObject({ channel: "digest", status: "failed" });
  });
});

describe(`exception alerts on ${dbKind}`, () => {
  it("reports an approved exception once when it nears its expiry and once when it has expired", async () => {
    const { org, people } = await team(["owner", "compliance_manager", "admin", "viewer"]);
    const now = new Date();
    const DAY = 86_400_000;
    const e = await seedException(ctx.db, org.id, {
      testId: "people.manager_known",
      approverUserId: people.owner!.id,
      createdBy: people.compliance_manager!.id,
      decision: "approved",
      expiresAt: new Date(now.getTime() + 3 * DAY),
    });
    const later = await seedException(ctx.db, org.id, {
      testId: "people.manager_known",
      approverUserId: people.owner!.id,
      createdBy: people.compliance_manager!.id,
      decision: "approved",
      expiresAt: new Date(now.getTime() + 30 * DAY),
    });
    await seedException(ctx.db, org.id, {
      testId: "people.manager_known",
      approverUserId: people.owner!.id,
      createdBy: people.compliance_manager!.id,
      decision: "approved",
      expiresAt: new Date(now.getTime() + 2 * DAY),
      revokedAt: now,
    });
    expect(later.id).toBeTruthy();

    expect(await alertExceptions(ctx, now)).toEqual({ expiring: 1, expired: 0 });
    expect(await alertExceptions(ctx, now)).toEqual({ expiring: 0, expired: 0 });
    const expiring = await inbox(org.id, "exception.expiring");
    expect(expiring.map((n) => n.userId).sort()).toEqual([people.owner!.id, people.compliance_manager!.id].sort());
    expect(expiring[0]!.title).toContain("Every current person has a known manager on all resources expires on");

    const after = new Date(now.getTime() + 4 * DAY);
    expect(await alertExceptions(ctx, after)).toEqual({ expiring: 0, expired: 1 });
    expect(await alertExceptions(ctx, after)).toEqual({ expiring: 0, expired: 0 });
    const expired = await inbox(org.id, "exception.expired");
    expect(expired).toHaveLength(2);
    expect(expired[0]!.title).toContain("has expired");
    const entries = await ctx.db
      .select()
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.organizationId, org.id),
          inArray(ledgerEntries.action, ["alerts.exception_expiring", "alerts.exception_expired"]),
        ),
      )
      .orderBy(ledgerEntries.seq);
    expect(entries.map((x) => [x.action, x.entityId])).toEqual([
      ["alerts.exception_expiring", e.id],
      ["alerts.exception_expired", e.id],
    ]);
  });
});
