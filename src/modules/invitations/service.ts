import { and, count, desc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Actor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { ROLE_LABELS, type Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { invitations, memberships, organizations, users } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { type Page, pageOffset } from "../../kernel/http/schemas.ts";
import { AppError, conflict, notFound } from "../../platform/errors.ts";
import type { Mailer } from "../../platform/mailer.ts";
import { randomToken, sha256Hex } from "../../platform/tokens.ts";
import { assertMayManageRole } from "../members/public.ts";
import { invitationCreated, invitationResent, invitationRevoked } from "./events.ts";
import { INVITATION_DAYS, type Invitation } from "./schema.ts";

type OrgActor = Extract<Actor, { kind: "user" | "token" }>;
type InvitationRow = typeof invitations.$inferSelect;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
export const newInvitationSecret = () => {
  const secret = randomToken("", 32);
  return {
    secret,
    tokenHash: sha256Hex(secret),
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
  };
};
export const inviteLink = (publicUrl: string, secret: string) => `${publicUrl}/invite?token=${secret}`;

const pending = (organizationId: string) =>
  and(eq(invitations.organizationId, organizationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

export interface InvitationsDeps {
  db: Db;
  mailer: Mailer;
  log: Logger;
  publicUrl: string;
}

export function createInvitationsService({ db, mailer, log, publicUrl }: InvitationsDeps) {
  async function toItems(rows: InvitationRow[], now = new Date()): Promise<Invitation[]> {
    const inviterIds = [...new Set(rows.map((r) => r.invitedBy).filter((id): id is string => !!id))];
    const inviters = inviterIds.length
      ? await db
          .select({ id: users.id, name: users.name, email: users.email })
          .from(users)
          .where(inArray(users.id, inviterIds))
      : [];
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      role: r.role as Role,
      status: r.expiresAt <= now ? "expired" : "pending",
      expiresAt: r.expiresAt,
      createdAt: r.createdAt,
      invitedBy: inviters.find((u) => u.id === r.invitedBy) ?? null,
    }));
  }

  /** A pending invitation of this organization, locked for the change; accepted or revoked ones are gone. */
  async function loadPending(tx: Db, organizationId: string, id: string) {
    const [row] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, id), eq(invitations.organizationId, organizationId)))
      .for("update");
    if (!row || row.revokedAt) throw notFound("Invitation");
    if (row.acceptedAt)
      throw conflict(
        "invitation_accepted",
        `${row.email} already accepted this invitation. Manage them under Members instead.`,
      );
    return row;
  }

  async function assertNotMember(tx: Db, organizationId: string, email: string) {
    const [m] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, organizationId), sql`lower(${users.email}) = ${email}`));
    if (m) throw conflict("already_member", `${email} is already a member of this organization.`);
  }

  async function sendInvite(actor: OrgActor, row: InvitationRow, secret: string) {
    const [org] = await db
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, row.organizationId));
    const link = inviteLink(publicUrl, secret);
    const role = ROLE_LABELS[row.role as Role];
    try {
      await mailer.send({
        to: row.email,
        subject: `${actor.name} invited you to ${org!.name} on Assay`,
        text: [
          `${actor.name} (${actor.email}) invited you to join ${org!.name} on Assay as ${role}.`,
          "",
          `Accept the invitation: ${link}`,
          "",
          `The link works once and expires on ${row.expiresAt.toUTCString()}.`,
          "If you did not expect this invitation, you can ignore this email.",
        ].join("\n"),
      });
    } catch (err) {
      log.error({ err, invitationId: row.id }, "invitation email failed");
      throw new AppError(
        502,
        "email_failed",
        `The invitation for ${row.email} was saved, but the email could not be sent (${(err as Error).message}). Check the server's SMTP settings, then use Resend.`,
      );
    }
  }

  const ledgerView = (r: InvitationRow) => ({ email: r.email, role: r.role, expiresAt: r.expiresAt });

  return {
    async list(organizationId: string, page: Page) {
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(invitations)
          .where(pending(organizationId))
          .orderBy(desc(invitations.createdAt), desc(invitations.id))
          .limit(page.pageSize)
          .offset(pageOffset(page)),
        db.select({ n: count() }).from(invitations).where(pending(organizationId)),
      ]);
      return { items: await toItems(rows), total: total?.n ?? 0, ...page };
    },

    async create(actor: OrgActor, input: { email: string; role: Role }) {
      const email = normalizeEmail(input.email);
      assertMayManageRole(actor, input.role);
      const { secret, tokenHash, expiresAt } = newInvitationSecret();
      const row = await change(db, actor, async ({ tx, emit, now }) => {
        // Serializes invitations per organization so one address never has two live links.
        await tx
          .select({ id: organizations.id })
          .from(organizations)
          .where(eq(organizations.id, actor.organizationId))
          .for("update");
        await assertNotMember(tx, actor.organizationId, email);
        const sameEmail = and(pending(actor.organizationId), sql`lower(${invitations.email}) = ${email}`);
        const [live] = await tx
          .select({ id: invitations.id })
          .from(invitations)
          .where(and(sameEmail, gt(invitations.expiresAt, now)));
        if (live)
          throw conflict(
            "already_invited",
            `${email} already has a pending invitation. Resend it or revoke it instead of inviting again.`,
          );
        // An expired invitation to the same address is replaced by the new one.
        const replaced = await tx
          .update(invitations)
          .set({ revokedAt: now })
          .where(and(sameEmail, lte(invitations.expiresAt, now)))
          .returning();
        for (const old of replaced)
          await emit(invitationRevoked, {
            id: old.id,
            before: ledgerView(old),
            after: { revokedAt: old.revokedAt, reason: "replaced_by_new_invitation" },
          });
        const [created] = await tx
          .insert(invitations)
          .values({
            id: newId(),
            organizationId: actor.organizationId,
            email,
            role: input.role,
            tokenHash,
            invitedBy: actor.userId,
            expiresAt,
          })
          .returning();
        await emit(invitationCreated, { id: created!.id, after: ledgerView(created!) });
        return created!;
      });
      // After commit, never inside the change: a mail failure answers 502 with the invitation saved (Resend).
      await sendInvite(actor, row, secret);
      return (await toItems([row]))[0]!;
    },

    /** A new link (the old one stops working) valid for another INVITATION_DAYS days. */
    async resend(actor: OrgActor, id: string) {
      const { secret, tokenHash, expiresAt } = newInvitationSecret();
      const row = await change(db, actor, async ({ tx, emit }) => {
        const before = await loadPending(tx, actor.organizationId, id);
        assertMayManageRole(actor, before.role as Role);
        await assertNotMember(tx, actor.organizationId, before.email);
        const [after] = await tx
          .update(invitations)
          .set({ tokenHash, expiresAt })
          .where(eq(invitations.id, id))
          .returning();
        await emit(invitationResent, { id, before: ledgerView(before), after: ledgerView(after!) });
        return after!;
      });
      await sendInvite(actor, row, secret);
      return (await toItems([row]))[0]!;
    },

    async revoke(actor: OrgActor, id: string) {
      await change(db, actor, async ({ tx, emit, now }) => {
        const before = await loadPending(tx, actor.organizationId, id);
        const [after] = await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, id)).returning();
        await emit(invitationRevoked, { id, before: ledgerView(before), after: { revokedAt: after!.revokedAt } });
      });
    },
  };
}
