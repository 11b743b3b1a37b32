/** Connections: CRUD with write-only secrets, test connection, sync now, sync history. */
import { createHash } from "node:crypto";
import { and, count, eq, inArray, isNull, max } from "drizzle-orm";
import { z } from "zod";
import type { OrgActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { connections, devices, jobs, resources } from "../../db/schema/index.ts";
import { allConnectors, connectorOf } from "../../integrations/registry.ts";
import {
  type AnyConnector,
  type ConnectorEnvironment,
  ConnectorError,
  type TestConnectionResult,
} from "../../integrations/types.ts";
import { type Change, change } from "../../kernel/change.ts";
import type { Config } from "../../platform/config.ts";
import { type AppError, badRequest, conflict, notFound } from "../../platform/errors.ts";
import type { Keys } from "../../platform/keys.ts";
import { connectionCreated, connectionDeleted, connectionUpdated, syncRequested, testResultsMoved } from "./events.ts";
import type { ConnectionView, CreateConnection, UpdateConnection } from "./schema.ts";
import { connectionsSyncing } from "./sync/claim.ts";
import { closeOpenIntervals } from "./sync/results.ts";
import { enqueueSync, SYNC_JOB } from "./sync/schedule.ts";
import { connectorEnvironment, openSecrets } from "./sync/sync.ts";

type ConnectionRow = typeof connections.$inferSelect;
const TEST_TIMEOUT_MS = 60_000;

/** Long strings (an uploaded CSV) are shown and recorded as their size and digest, not in full. */
function summarizeConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) =>
      typeof v === "string" && v.length > 2000
        ? [k, `[${v.length} characters, sha256 ${createHash("sha256").update(v).digest("hex").slice(0, 16)}…]`]
        : [k, v],
    ),
  );
}

/** What the ledger keeps about a connection: never secret values, only which secrets are set. */
const ledgerView = (c: ConnectionRow) => ({
  type: c.type,
  name: c.name,
  config: summarizeConfig(c.config),
  secretFields: c.secretFields,
  intervalSeconds: c.intervalSeconds,
  enabled: c.enabled,
});

function connectorFor(type: string): AnyConnector {
  const c = connectorOf(type);
  if (!c)
    throw badRequest(
      "unknown_connector",
      `There is no "${type}" connector. Available: ${allConnectors()
        .map((x) => x.type)
        .join(", ")}.`,
    );
  return c;
}

/** Validates with the connector's schema; problems leave as 400 with each field's message (never its value). */
function validate(schema: z.ZodType, value: unknown, what: "config" | "secrets") {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  throw badRequest(
    `invalid_${what}`,
    what === "config" ? "The connection's settings are not valid." : "The connection's secrets are not valid.",
    {
      errors: parsed.error.issues.map((i) => ({ path: [what, ...i.path.map(String)].join("."), message: i.message })),
    },
  );
}

/** A duplicate name (the unique index said so, which aborts the change) becomes a 409 that says what to do. */
export function nameTaken(err: unknown, name: string | undefined): AppError | null {
  return isUniqueViolation(err, "connections_name")
    ? conflict("connection_name_taken", `A connection named “${name}” exists already; choose another name.`)
    : null;
}

interface ActiveJob {
  id: string;
  status: string;
  progress: number | null;
  message: string | null;
}

/** `syncing`: a live sync holds the connection's claim (sync/claim.ts#connectionsSyncing). */
export function toConnectionView(
  c: ConnectionRow,
  resourceCount: number,
  job: ActiveJob | null = null,
  syncing = false,
  lastReportAt: Date | null = null,
): ConnectionView {
  const push = connectorOf(c.type)?.push === true;
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    config: summarizeConfig(c.config),
    secretFields: c.secretFields,
    intervalSeconds: c.intervalSeconds,
    enabled: c.enabled,
    syncing,
    push,
    lastReportAt: push ? lastReportAt : null,
    nextSyncAt: push ? null : c.nextSyncAt,
    lastSync: c.lastSyncAt
      ? {
          id: c.lastSyncId,
          status: c.lastSyncStatus as "succeeded",
          at: c.lastSyncAt,
          error: c.lastSyncError,
          guidance: c.lastSyncGuidance,
          lastSuccessAt: c.lastSuccessAt,
        }
      : null,
    resourceCount,
    currentJob: job,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export async function loadConnection(db: Db, organizationId: string, id: string): Promise<ConnectionRow> {
  const [c] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.id, id), eq(connections.organizationId, organizationId), isNull(connections.deletedAt)));
  if (!c) throw notFound("The connection");
  return c;
}

/** Runs a connector's testConnection with a time limit; secret values never reach the answer. */
async function runTest(
  env: ConnectorEnvironment,
  connector: AnyConnector,
  config: Record<string, unknown>,
  secrets: Record<string, unknown>,
): Promise<TestConnectionResult> {
  const values = Object.values(secrets).filter((v): v is string => typeof v === "string" && v.length >= 4);
  const scrub = (s: string) => values.reduce((acc, v) => acc.split(v).join("[redacted]"), s);
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      connector.testConnection(config, secrets, env),
      new Promise<TestConnectionResult>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({
              ok: false,
              error: `No answer within ${TEST_TIMEOUT_MS / 1000} s.`,
              guidance: "Check that the target is reachable from this server (firewall, VPN, DNS).",
            }),
          TEST_TIMEOUT_MS,
        );
      }),
    ]);
    return result.ok
      ? { ...result, message: scrub(result.message) }
      : { ok: false, error: scrub(result.error), guidance: scrub(result.guidance) };
  } catch (err) {
    if (err instanceof ConnectorError) return { ok: false, error: scrub(err.message), guidance: scrub(err.guidance) };
    return { ok: false, error: scrub((err as Error).message), guidance: "Check the connection's settings." };
  } finally {
    clearTimeout(timer);
  }
}

export function createConnectionsService({ db, keys, config }: { db: Db; keys: Keys; config: Config }) {
  const env = connectorEnvironment(config);
  /**
   * Resource counts, the queued or running sync job of each connection (its progress, for the UI and CLI) and
   * which connections a live sync holds.
   */
  async function extras(organizationId: string) {
    const counts = await resourceCounts(organizationId);
    const syncing = await connectionsSyncing(db, organizationId);
    const active = await db
      .select()
      .from(jobs)
      .where(
        and(
          eq(jobs.organizationId, organizationId),
          eq(jobs.name, SYNC_JOB),
          inArray(jobs.status, ["queued", "running"]),
        ),
      );
    const byConnection = new Map<string, ActiveJob>();
    for (const j of active)
      byConnection.set((j.payload as { connectionId?: string }).connectionId ?? "", {
        id: j.id,
        status: j.status,
        progress: j.progress,
        message: j.progressMessage,
      });
    const reports = await lastReports(organizationId);
    const view = (c: ConnectionRow) =>
      toConnectionView(
        c,
        counts.get(c.id) ?? 0,
        byConnection.get(c.id) ?? null,
        syncing.has(c.id),
        reports.get(c.id) ?? null,
      );
    return { view };
  }

  /** The latest report of any enrolled (not revoked) device, per push connection. */
  async function lastReports(organizationId: string) {
    const rows = await db
      .select({ connectionId: devices.connectionId, at: max(devices.lastReportAt) })
      .from(devices)
      .where(and(eq(devices.organizationId, organizationId), isNull(devices.revokedAt)))
      .groupBy(devices.connectionId);
    return new Map(rows.map((r) => [r.connectionId, r.at ? new Date(r.at) : null]));
  }

  async function resourceCounts(organizationId: string) {
    const rows = await db
      .select({ connectionId: resources.connectionId, n: count() })
      .from(resources)
      .where(and(eq(resources.organizationId, organizationId), isNull(resources.missingSince)))
      .groupBy(resources.connectionId);
    return new Map(rows.map((r) => [r.connectionId, Number(r.n)]));
  }

  const seal = (secrets: Record<string, unknown>) => {
    const fields = Object.keys(secrets).filter((k) => secrets[k] !== undefined && secrets[k] !== "");
    return { secretsSealed: fields.length ? keys.encrypt(JSON.stringify(secrets)) : null, secretFields: fields.sort() };
  };

  /** Adds a connection in the caller's change (the agent's enrollment creates its connection this way). */
  async function createIn(c: Change, actor: OrgActor, input: CreateConnection): Promise<ConnectionRow> {
    const connector = connectorFor(input.type);
    const config = validate(connector.configSchema, input.config, "config");
    const secrets = validate(connector.secretSchema, input.secrets ?? {}, "secrets");
    const row: ConnectionRow = {
      id: newId(),
      organizationId: actor.organizationId,
      type: connector.type,
      name: input.name,
      config,
      ...seal(secrets),
      intervalSeconds: input.intervalSeconds,
      enabled: input.enabled,
      nextSyncAt: input.enabled ? c.now : null,
      lastSyncId: null,
      lastSyncStatus: null,
      lastSyncAt: null,
      lastSyncError: null,
      lastSyncGuidance: null,
      lastSuccessAt: null,
      syncLockId: null,
      syncLockUntil: null,
      createdBy: actor.userId,
      createdAt: c.now,
      updatedAt: c.now,
      deletedAt: null,
    };
    await c.tx.insert(connections).values(row);
    await c.emit(connectionCreated, { id: row.id, after: ledgerView(row) });
    return row;
  }

  return {
    connectors() {
      return {
        items: allConnectors().map((c) => ({
          type: c.type,
          title: c.title,
          description: c.description,
          category: c.category,
          push: c.push === true,
          resourceTypes: [...c.resourceTypes],
          configSchema: z.toJSONSchema(c.configSchema, { io: "input", unrepresentable: "any" }) as Record<
            string,
            unknown
          >,
          secretSchema: z.toJSONSchema(c.secretSchema, { io: "input", unrepresentable: "any" }) as Record<
            string,
            unknown
          >,
          tests: c.tests.map((t) => ({
            id: t.id,
            title: t.title,
            resourceType: t.resourceType,
            severity: t.severity,
            controls: [...t.controls],
          })),
        })),
      };
    },

    async list(organizationId: string) {
      const rows = await db
        .select()
        .from(connections)
        .where(and(eq(connections.organizationId, organizationId), isNull(connections.deletedAt)))
        .orderBy(connections.name);
      const x = await extras(organizationId);
      return { items: rows.map(x.view) };
    },

    async get(organizationId: string, id: string) {
      const c = await loadConnection(db, organizationId, id);
      return (await extras(organizationId)).view(c);
    },

    createIn,

    async create(actor: OrgActor, input: CreateConnection) {
      try {
        const row = await change(db, actor, (c) => createIn(c, actor, input));
        return toConnectionView(row, 0);
      } catch (err) {
        throw nameTaken(err, input.name) ?? err;
      }
    },

    async update(actor: OrgActor, id: string, input: UpdateConnection) {
      const before = await loadConnection(db, actor.organizationId, id);
      const connector = connectorFor(before.type);
      const patch: Partial<ConnectionRow> = { updatedAt: new Date() };
      if (input.name !== undefined) patch.name = input.name;
      if (input.config !== undefined) patch.config = validate(connector.configSchema, input.config, "config");
      if (input.secrets !== undefined)
        Object.assign(patch, seal(validate(connector.secretSchema, input.secrets, "secrets")));
      if (input.intervalSeconds !== undefined) patch.intervalSeconds = input.intervalSeconds;
      if (input.enabled !== undefined) {
        patch.enabled = input.enabled;
        if (input.enabled && !before.enabled) patch.nextSyncAt = new Date();
      }
      if (input.intervalSeconds !== undefined && before.lastSyncAt)
        patch.nextSyncAt = new Date(before.lastSyncAt.getTime() + input.intervalSeconds * 1000);
      let after: ConnectionRow;
      try {
        after = await change(db, actor, async ({ tx, emit }) => {
          const [row] = await tx.update(connections).set(patch).where(eq(connections.id, id)).returning();
          await emit(connectionUpdated, {
            id,
            before: ledgerView(before),
            after: { ...ledgerView(row!), secretsChanged: input.secrets !== undefined },
          });
          return row!;
        });
      } catch (err) {
        throw nameTaken(err, input.name) ?? err;
      }
      return (await extras(actor.organizationId)).view(after);
    },

    /**
     * Removes a connection: it stops syncing and its resources are no longer monitored (their open results end
     * now). Its history stays — the point-in-time view still shows what it found while it existed.
     */
    async remove(actor: OrgActor, id: string) {
      const c = await loadConnection(db, actor.organizationId, id);
      await change(db, actor, async ({ tx, emit, now: at }) => {
        await tx
          .update(connections)
          .set({ deletedAt: at, enabled: false, nextSyncAt: null, secretsSealed: null, secretFields: [] })
          .where(eq(connections.id, id));
        const gone = await tx
          .update(resources)
          .set({ missingSince: at })
          .where(and(eq(resources.connectionId, id), isNull(resources.missingSince)))
          .returning({ id: resources.id });
        let closed = 0;
        for (let i = 0; i < gone.length; i += 1000)
          closed += await closeOpenIntervals(
            tx,
            actor.organizationId,
            { resourceIds: gone.slice(i, i + 1000).map((g) => g.id) },
            at,
          );
        await emit(connectionDeleted, {
          id,
          before: ledgerView(c),
          after: { resourcesRetired: gone.length, resultsClosed: closed },
        });
        // Its resources' results ended: the controls their tests watch may move.
        await emit(testResultsMoved, { controls: {} });
      });
    },

    /** Tests a saved connection with its stored secrets. */
    async test(organizationId: string, id: string) {
      const c = await loadConnection(db, organizationId, id);
      const connector = connectorFor(c.type);
      let secrets: Record<string, unknown>;
      try {
        secrets = openSecrets({ keys }, c.secretsSealed);
      } catch (err) {
        const e = err as ConnectorError;
        return { ok: false, error: e.message, guidance: e.guidance };
      }
      return runTest(
        env,
        connector,
        validate(connector.configSchema, c.config, "config"),
        validate(connector.secretSchema, secrets, "secrets"),
      );
    },

    /** Tests settings before they are saved (the setup form's "Test connection"). */
    async testUnsaved(input: { type: string; config: Record<string, unknown>; secrets: Record<string, unknown> }) {
      const connector = connectorFor(input.type);
      return runTest(
        env,
        connector,
        validate(connector.configSchema, input.config, "config"),
        validate(connector.secretSchema, input.secrets, "secrets"),
      );
    },

    /** Queues a sync now; the job's id lets the UI and CLI follow its progress (GET /api/v1/jobs/:id). */
    async syncNow(actor: OrgActor, id: string) {
      const conn = await loadConnection(db, actor.organizationId, id);
      if (connectorOf(conn.type)?.push)
        throw conflict(
          "push_connection",
          `${conn.name} is not synced: its devices report themselves (assay agent report). See the last report on its card or the Devices page.`,
        );
      return change(db, actor, async (c) => {
        const { job, existing } = await enqueueSync(c, {
          organizationId: actor.organizationId,
          connectionId: conn.id,
          trigger: "manual",
          requestedBy: actor.userId,
        });
        if (!existing) {
          // The schedule counts from this sync.
          await c.tx
            .update(connections)
            .set({ nextSyncAt: new Date(c.now.getTime() + conn.intervalSeconds * 1000) })
            .where(and(eq(connections.id, conn.id), eq(connections.enabled, true)));
          await c.emit(syncRequested, { id: conn.id, jobId: job.id });
        }
        return { jobId: job.id, alreadyQueued: existing };
      });
    },
  };
}
