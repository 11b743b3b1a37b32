import { and, eq, lt, sql } from "drizzle-orm";
import type { Role } from "../../core/roles.ts";
import type { ResolvedSession, SessionStage } from "../../core/session.ts";
import type { Db } from "../../db/client.ts";
import { memberships, organizations, sessions, users } from "../../db/schema/index.ts";
import { randomToken, sha256Hex } from "../../platform/tokens.ts";

export const SESSION_COOKIE = "assay_session";
/** A half-signed-in session (password accepted, second factor pending) lives this long. */
const MFA_STAGE_MINUTES = 10;
const DEFAULT_IDLE_MINUTES = 60;
const DEFAULT_ABSOLUTE_HOURS = 12;
const TOUCH_EVERY_MS = 30_000;

export interface NewSession {
  userId: string;
  organizationId: string | null;
  stage: SessionStage;
  ip?: string;
  userAgent?: string;
}

async function absoluteHoursFor(db: Db, organizationId: string | null): Promise<number> {
  if (!organizationId) return DEFAULT_ABSOLUTE_HOURS;
  const [org] = await db
    .select({ h: organizations.sessionAbsoluteHours })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return org?.h ?? DEFAULT_ABSOLUTE_HOURS;
}

/** Creates a server-side session; returns the cookie token (only its SHA-256 is stored). */
export async function createSession(db: Db, s: NewSession): Promise<{ token: string; id: string; csrfToken: string }> {
  const token = randomToken("", 32);
  const id = sha256Hex(token);
  const csrfToken = randomToken("", 24);
  const lifetimeMs =
    s.stage === "mfa" ? MFA_STAGE_MINUTES * 60_000 : (await absoluteHoursFor(db, s.organizationId)) * 3_600_000;
  await db.insert(sessions).values({
    id,
    userId: s.userId,
    organizationId: s.organizationId,
    stage: s.stage,
    csrfToken,
    expiresAt: new Date(Date.now() + lifetimeMs),
    ip: s.ip ?? null,
    userAgent: s.userAgent?.slice(0, 300) ?? null,
  });
  return { token, id, csrfToken };
}

function sessionLookup(db: Db) {
  return db
    .select({
      s: sessions,
      email: users.email,
      name: users.name,
      mfaEnabledAt: users.mfaEnabledAt,
      role: memberships.role,
      idle: organizations.sessionIdleMinutes,
      requireMfa: organizations.requireMfa,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(organizations, eq(organizations.id, sessions.organizationId))
    .leftJoin(
      memberships,
      and(eq(memberships.organizationId, sessions.organizationId), eq(memberships.userId, sessions.userId)),
    )
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare("assay_resolve_session");
}

// Every authenticated request runs this lookup: prepared once per database, it skips query building and planning.
const preparedLookups = new WeakMap<Db, ReturnType<typeof sessionLookup>>();

/** Looks up a cookie token; expired (absolute or idle) sessions are deleted and yield null. */
export async function resolveSession(db: Db, token: string, now = new Date()): Promise<ResolvedSession | null> {
  const id = sha256Hex(token);
  let lookup = preparedLookups.get(db);
  if (!lookup) {
    lookup = sessionLookup(db);
    preparedLookups.set(db, lookup);
  }
  const [row] = await lookup.execute({ id });
  if (!row) return null;
  const idleMs = (row.idle ?? DEFAULT_IDLE_MINUTES) * 60_000;
  if (row.s.expiresAt <= now || row.s.lastSeenAt.getTime() + idleMs <= now.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now.getTime() - row.s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  const inOrg = row.role != null;
  return {
    id,
    stage: row.s.stage as SessionStage,
    csrfToken: row.s.csrfToken,
    createdAt: row.s.createdAt,
    expiresAt: row.s.expiresAt,
    user: { id: row.s.userId, email: row.email, name: row.name, mfaEnabled: row.mfaEnabledAt != null },
    organizationId: inOrg ? row.s.organizationId : null,
    role: inOrg ? (row.role as Role) : null,
    orgRequiresMfa: inOrg && row.requireMfa === true,
  };
}

export const deleteSession = (db: Db, id: string) => db.delete(sessions).where(eq(sessions.id, id));

/** Signs a person out everywhere (password reset, "sign out everywhere"), optionally keeping one session. */
export async function deleteUserSessions(db: Db, userId: string, exceptId?: string) {
  await db
    .delete(sessions)
    .where(
      exceptId ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptId}`) : eq(sessions.userId, userId),
    );
}

export const purgeExpiredSessions = (db: Db, now = new Date()) =>
  db.delete(sessions).where(lt(sessions.expiresAt, now));

export type { ResolvedSession, SessionStage };
