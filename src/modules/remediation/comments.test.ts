import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { startSmtpCatcher } from "../../../test/smtp.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { ledgerEntries, notifications } from "../../db/schema/index.ts";
import { createMailer } from "../../platform/mailer.ts";
import { deliverDue } from "../alerts/deliver.ts";
import { mentionedEmails } from "./comments.ts";
import { itemBody, remediationTeam, remediationUrl } from "./testing.ts";

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
const inbox = (userId: string, kind = "remediation.mentioned") =>
  ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

async function teamWithItem() {
  const team = await remediationTeam(app, ctx.db);
  const created = await team.cm.client.post(remediationUrl(team.program.id), itemBody());
  expect(created.statusCode).toBe(201);
  const item = created.json();
  return { ...team, item, url: remediationUrl(team.program.id, `/${item.id}/comments`) };
}

describe("mentions in a comment", () => {
  it("finds @email addresses, not a sentence's full stop, each once", () => {
    expect(mentionedEmails("@dana@acme.test please check. cc @Dana@Acme.test, and @sam@acme.test.")).toEqual([
      "dana@acme.test",
      "sam@acme.test",
    ]);
    expect(mentionedEmails("mail dana@acme.test or @nobody")).toEqual([]);
  });
});

describe(`comments on remediation items on ${dbKind}`, () => {
  it("lists a comment, notifies the mentioned member in the app and by email, and not its author", async () => {
    const { cm, co, item, url, program } = await teamWithItem();
    const outsider = await orgWithOwner(app, ctx.db);
    const text = `@${co.user.email} please verify the MFA report. cc @${outsider.user.email} and @nobody@nowhere.test`;
    const posted = await cm.client.post(url, { body: text });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.json()).toMatchObject({
      body: text,
      author: { id: cm.user.id, name: cm.user.name },
      mentions: [{ id: co.user.id, email: co.user.email }],
    });

    const list = await co.client.get(url);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ body: text, mentions: [{ id: co.user.id }] });

    // The mentioned member: one notice linking to the item, and an email right away.
    const link = `/programs/${program.id}/remediation/${item.id}`;
    const notices = await inbox(co.user.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: `${cm.user.name} mentioned you on ${item.ref}`, link });
    expect(await deliverDue(ctx)).toMatchObject({ failed: 0 });
    const mail = await smtp.waitFor(co.user.email);
    expect(mail.raw).toContain(`mentioned you on ${item.ref}`);
    expect(decoded(mail.raw)).toContain(`${PUBLIC_URL}${link}`);

    // Not the author, not another organization's member.
    expect(await inbox(cm.user.id)).toEqual([]);
    expect(await inbox(outsider.user.id)).toEqual([]);
    expect(smtp.messages.filter((m) => m.to.includes(outsider.user.email))).toEqual([]);

    // On the ledger, in words on the item's history.
    const entries = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.action, "remediation.commented"));
    expect(entries.some((e) => e.entityId === item.id)).toBe(true);
    const detail = (await cm.client.get(remediationUrl(program.id, `/${item.id}`))).json();
    expect(detail.history.at(-1)).toMatchObject({ title: "Commented", detail: text });
  });

  it("does not notify an author who mentions themselves", async () => {
    const { cm, url } = await teamWithItem();
    const posted = await cm.client.post(url, { body: `Note to self @${cm.user.email}` });
    expect(posted.statusCode).toBe(201);
    expect(await inbox(cm.user.id)).toEqual([]);
  });

  it("refuses an empty comment, one over the limit (naming the field) and a NUL character", async () => {
    const { cm, url } = await teamWithItem();
    const long = await cm.client.post(url, { body: "x".repeat(TEXT_LIMITS.long + 1) });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0]).toMatchObject({ path: "body.body" });
    const empty = await cm.client.post(url, { body: "   " });
    expect(empty.statusCode).toBe(400);
    const nul = await cm.client.post(url, { body: "a\u0000b" });
    expect(nul.statusCode).toBe(400);
    expect((await cm.client.get(url)).json().items).toEqual([]);
    const exact = await cm.client.post(url, { body: "x".repeat(TEXT_LIMITS.long) });
    expect(exact.statusCode).toBe(201);
  });

  it("lets viewers read the comments but not comment", async () => {
    const { org, cm, url } = await teamWithItem();
    const viewer = await member(app, ctx.db, org.id, "viewer");
    expect((await cm.client.post(url, { body: "First." })).statusCode).toBe(201);
    expect((await viewer.client.get(url)).json().items).toHaveLength(1);
    expect((await viewer.client.post(url, { body: "Me too." })).statusCode).toBe(403);
  });

  it("answers 404 for another organization's item", async () => {
    const { url } = await teamWithItem();
    const outsider = await orgWithOwner(app, ctx.db);
    expect((await outsider.client.get(url)).statusCode).toBe(404);
    expect((await outsider.client.post(url, { body: "Hello" })).statusCode).toBe(404);
  });
});
