/** Enrollment tokens (admins) and the enrollment itself: a machine trades an enrollment token for a device token. */
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { type OrgActor, systemActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { agentEnrollmentTokens, connections, devices, organizations, people } from "../../db/schema/index.ts";
import { LINUX_AGENT } from "../../integrations/linux-agent/connector.ts";
import { type Change, change } from "../../kernel/change.ts";
import { type Page, pageOffset } from "../../kernel/http/schemas.ts";
import type { Config } from "../../platform/config.ts";
import { AppError, badRequest, notFound } from "../../platform/errors.ts";
import type { Keys } from "../../platform/keys.ts";
import { randomToken, sha256Hex } from "../../platform/tokens.ts";
import { createConnectionsService, nameTaken } from "../monitoring/public.ts";
import { deviceEnrolled, enrollmentTokenCreated, enrollmentTokenRevoked } from "./events.ts";
import {
  type CreateEnrollmentToken,
  DEVICE_TOKEN_PREFIX,
  ENROLLMENT_TOKEN_PREFIX,
  type EnrollInput,
  type EnrollmentTokenView,
} from "./schema.ts";
import { installCommands } from "./scripts.ts";

const DAY_MS = 86_400_000;
export const DEFAULT_CONNECTION_NAME = "Linux endpoints";
/** What lists show to tell tokens apart: the fixed prefix and 6 random characters. */
export const displayPrefix = (token: string) => token.slice(0, token.indexOf("_", 6) + 7);

type TokenRow = typeof agentEnrollmentTokens.$inferSelect;

function stateOf(t: TokenRow, now = new Date()): EnrollmentTokenView["state"] {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt <= now) return "expired";
  if (t.usesLeft !== null && t.usesLeft <= 0) return "used_up";
  return "active";
}

/** What the ledger keeps about a token: never the token or its hash. */
const ledgerView = (t: TokenRow) => ({
  name: t.name,
  personId: t.personId,
  prefix: t.tokenPrefix,
  connectionId: t.connectionId,
  usesLeft: t.usesLeft,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt,
});

const enrolledCount = sql<number>`(SELECT count(*) FROM ${devices} d WHERE d.enrollment_token_id = ${agentEnrollmentTokens.id})`;

export function createEnrollmentService({ db, keys, config }: { db: Db; keys: Keys; config: Config }) {
  const connectionsService = createConnectionsService({ db, keys, config });

  const toView = (t: TokenRow, connection: { id: string; name: string }, enrolled: number): EnrollmentTokenView => ({
    id: t.id,
    name: t.name,
    prefix: t.tokenPrefix,
    connection,
    usesLeft: t.usesLeft,
    enrolled: Number(enrolled),
    expiresAt: t.expiresAt,
    revokedAt: t.revokedAt,
    createdAt: t.createdAt,
    state: stateOf(t),
  });

  const agentConnections = (tx: Db, organizationId: string) =>
    tx
      .select({ id: connections.id, name: connections.name })
      .from(connections)
      .where(
        and(
          eq(connections.organizationId, organizationId),
          eq(connections.type, LINUX_AGENT),
          isNull(connections.deletedAt),
        ),
      )
      .orderBy(connections.createdAt);

  /** The connection a new token enrolls into: the one named, the only one, or a new one (in the token's change). */
  async function connectionFor(c: Change, actor: OrgActor, connectionId: string | undefined) {
    const existing = await agentConnections(c.tx, actor.organizationId);
    if (connectionId) {
      const c = existing.find((x) => x.id === connectionId);
      if (!c) throw notFound("The Linux agent connection");
      return { connection: c, created: false };
    }
    if (existing.length === 1) return { connection: existing[0]!, created: false };
    if (existing.length > 1)
      throw badRequest(
        "connection_required",
        `This organization has ${existing.length} Linux agent connections (${existing.map((c) => c.name).join(", ")}): say which one with connectionId.`,
      );
    const created = await connectionsService.createIn(c, actor, {
      type: LINUX_AGENT,
      name: DEFAULT_CONNECTION_NAME,
      config: {},
      intervalSeconds: 3600,
      enabled: true,
    });
    return { connection: { id: created.id, name: created.name }, created: true };
  }

  /** A new token (its secret in this answer only) in the named, only or a new agent connection. */
  async function issue(
    actor: OrgActor,
    connectionId: string | undefined,
    t: { name: string; usesLeft: number | null; days: number; personId: string | null },
  ) {
    const token = randomToken(ENROLLMENT_TOKEN_PREFIX);
    const issued = await change(db, actor, async (c) => {
      const { connection, created } = await connectionFor(c, actor, connectionId);
      const [row] = await c.tx
        .insert(agentEnrollmentTokens)
        .values({
          id: newId(),
          organizationId: actor.organizationId,
          connectionId: connection.id,
          name: t.name,
          tokenHash: sha256Hex(token),
          tokenPrefix: displayPrefix(token),
          usesLeft: t.usesLeft,
          expiresAt: new Date(c.now.getTime() + t.days * DAY_MS),
          createdBy: actor.userId,
          personId: t.personId,
        })
        .returning();
      await c.emit(enrollmentTokenCreated, { id: row!.id, after: ledgerView(row!) });
      return { row: row!, connection, created };
    }).catch((err: unknown) => {
      // Another connection took the default name of the agent's.
      throw nameTaken(err, DEFAULT_CONNECTION_NAME) ?? err;
    });
    return { token, ...issued };
  }

  return {
    async list(organizationId: string, page: Page) {
      const where = eq(agentEnrollmentTokens.organizationId, organizationId);
      const [rows, [total]] = await Promise.all([
        db
          .select({
            t: agentEnrollmentTokens,
            connection: { id: connections.id, name: connections.name },
            enrolledCount,
          })
          .from(agentEnrollmentTokens)
          .innerJoin(connections, eq(connections.id, agentEnrollmentTokens.connectionId))
          .where(where)
          .orderBy(desc(agentEnrollmentTokens.createdAt), desc(agentEnrollmentTokens.id))
          .limit(page.pageSize)
          .offset(pageOffset(page)),
        db.select({ n: count() }).from(agentEnrollmentTokens).where(where),
      ]);
      return {
        items: rows.map((r) => toView(r.t, r.connection, r.enrolledCount)),
        total: Number(total?.n ?? 0),
        page: page.page,
        pageSize: page.pageSize,
      };
    },

    /** Creates a token; it is in this answer only (Assay keeps its SHA-256). */
    async create(actor: OrgActor, input: CreateEnrollmentToken) {
      const { token, row, connection, created } = await issue(actor, input.connectionId, {
        name: input.name,
        usesLeft: input.maxUses ?? null,
        days: input.expiresInDays,
        personId: null,
      });
      return {
        ...toView(row, connection, 0),
        token,
        connectionCreated: created,
        commands: installCommands(config.publicUrl, token),
      };
    },

    /**
     * A personal enrollment token for a member's own computer: bound to their person, one machine, valid a day, in
     * the organization's agent connection (created when there is none). Only this answer has it.
     */
    async createPersonal(actor: OrgActor, person: { id: string; fullName: string }) {
      const { token, row } = await issue(actor, undefined, {
        name: `${person.fullName}'s computer`.slice(0, 100),
        usesLeft: 1,
        days: 1,
        personId: person.id,
      });
      return { token, expiresAt: row.expiresAt, commands: installCommands(config.publicUrl, token) };
    },

    /** Revoking twice is a no-op; machines enrolled with it keep their own device tokens. */
    async revoke(actor: OrgActor, id: string) {
      return change(db, actor, async ({ tx, emit, now }) => {
        const [found] = await tx
          .select({
            t: agentEnrollmentTokens,
            connection: { id: connections.id, name: connections.name },
            enrolledCount,
          })
          .from(agentEnrollmentTokens)
          .innerJoin(connections, eq(connections.id, agentEnrollmentTokens.connectionId))
          .where(and(eq(agentEnrollmentTokens.id, id), eq(agentEnrollmentTokens.organizationId, actor.organizationId)))
          .for("update", { of: agentEnrollmentTokens });
        if (!found) throw notFound("The enrollment token");
        if (found.t.revokedAt) return toView(found.t, found.connection, found.enrolledCount);
        const [after] = await tx
          .update(agentEnrollmentTokens)
          .set({ revokedAt: now })
          .where(eq(agentEnrollmentTokens.id, id))
          .returning();
        await emit(enrollmentTokenRevoked, { id, before: ledgerView(found.t), after: ledgerView(after!) });
        return toView(after!, found.connection, found.enrolledCount);
      });
    },

    /**
     * Enrolls a machine: checks the enrollment token, uses one of its uses, and issues a device token (returned
     * once). The same machine (machine id) enrolling again replaces its previous device: the old token stops
     * working, the device keeps its resource and history.
     */
    async enroll(token: string, input: EnrollInput, requestId?: string) {
      const invalid = (why: string) =>
        new AppError(
          401,
          "invalid_enrollment_token",
          `${why} Ask an Assay admin for a new enrollment token (Devices → Enroll a device).`,
        );
      if (!token.startsWith(ENROLLMENT_TOKEN_PREFIX))
        throw invalid(`That is not an enrollment token (they start with ${ENROLLMENT_TOKEN_PREFIX}).`);
      const deviceToken = randomToken(DEVICE_TOKEN_PREFIX);
      // Whose token it is decides whose change (and ledger) this is; it is read again, locked, in the change.
      const [owner] = await db
        .select({ organizationId: agentEnrollmentTokens.organizationId, prefix: agentEnrollmentTokens.tokenPrefix })
        .from(agentEnrollmentTokens)
        .where(eq(agentEnrollmentTokens.tokenHash, sha256Hex(token)));
      if (!owner) throw invalid("The enrollment token is unknown.");
      const actor = { ...systemActor(owner.organizationId, `agent enrollment ${owner.prefix}…`), requestId };
      return change(db, actor, async ({ tx, emit, now: at }) => {
        const [found] = await tx
          .select({
            t: agentEnrollmentTokens,
            connection: { id: connections.id, name: connections.name, deletedAt: connections.deletedAt },
            organization: { id: organizations.id, name: organizations.name },
          })
          .from(agentEnrollmentTokens)
          .innerJoin(connections, eq(connections.id, agentEnrollmentTokens.connectionId))
          .innerJoin(organizations, eq(organizations.id, agentEnrollmentTokens.organizationId))
          .where(eq(agentEnrollmentTokens.tokenHash, sha256Hex(token)))
          .for("update", { of: agentEnrollmentTokens });
        if (!found) throw invalid("The enrollment token is unknown.");
        const state = stateOf(found.t, at);
        if (state === "revoked") throw invalid("The enrollment token was revoked.");
        if (state === "expired") throw invalid(`The enrollment token expired on ${found.t.expiresAt.toISOString()}.`);
        if (state === "used_up") throw invalid("The enrollment token has enrolled as many machines as it allows.");
        if (found.connection.deletedAt) throw invalid("The Linux agent connection of this token was removed.");
        const organizationId = found.t.organizationId;

        const [previous] = await tx
          .select()
          .from(devices)
          .where(
            and(
              eq(devices.connectionId, found.t.connectionId),
              eq(devices.machineId, input.machineId),
              isNull(devices.revokedAt),
            ),
          )
          .for("update");
        if (previous) await tx.update(devices).set({ revokedAt: at }).where(eq(devices.id, previous.id));
        // A personal token gives the machine to its person; otherwise the owner email may name one.
        const ownerWhere = found.t.personId
          ? eq(people.id, found.t.personId)
          : input.ownerEmail
            ? sql`lower(${people.email}) = ${input.ownerEmail.toLowerCase()}`
            : undefined;
        const [person] = ownerWhere
          ? await tx
              .select({ id: people.id, email: people.email })
              .from(people)
              .where(and(eq(people.organizationId, found.t.organizationId), ownerWhere))
          : [];
        if (found.t.usesLeft !== null)
          await tx
            .update(agentEnrollmentTokens)
            .set({ usesLeft: found.t.usesLeft - 1 })
            .where(eq(agentEnrollmentTokens.id, found.t.id));
        const [device] = await tx
          .insert(devices)
          .values({
            id: newId(),
            organizationId,
            connectionId: found.t.connectionId,
            enrollmentTokenId: found.t.id,
            hostname: input.hostname,
            machineId: input.machineId,
            tokenHash: sha256Hex(deviceToken),
            tokenPrefix: displayPrefix(deviceToken),
            resourceId: previous?.resourceId ?? null,
            ownerEmail: person?.email.toLowerCase() ?? input.ownerEmail?.toLowerCase() ?? previous?.ownerEmail ?? null,
            personId: person?.id ?? previous?.personId ?? null,
            platform: input.platform ?? "linux",
            agentVersion: input.agentVersion ?? null,
            enrolledAt: at,
          })
          .returning();
        await emit(deviceEnrolled, {
          id: device!.id,
          after: {
            hostname: device!.hostname,
            machineId: device!.machineId,
            ownerEmail: device!.ownerEmail,
            personId: device!.personId,
            platform: device!.platform,
            os: input.os ?? null,
            tokenPrefix: device!.tokenPrefix,
            connectionId: device!.connectionId,
            enrollmentTokenId: found.t.id,
            replacedDeviceId: previous?.id ?? null,
          },
        });
        return {
          deviceId: device!.id,
          deviceToken,
          organization: found.organization,
          connection: { id: found.connection.id, name: found.connection.name },
          replacedDeviceId: previous?.id ?? null,
        };
      });
    },
  };
}
