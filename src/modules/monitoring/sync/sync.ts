/**
 * The sync engine: runs one connection's collection as a job, stores what it finds, evaluates the tests and
 * records status intervals — with the guarantee that a failed or partial sync never deletes or closes anything
 * the last good sync found.
 *
 *   claim the connection (one sync at a time) → sync row `running`
 *   for each batch the connector yields (its own change): upsert resources, evaluate their tests, write
 *     only status changes, ledger entry when something changed
 *   complete (no warnings, no error): resources not seen get `missing_since`, their open intervals close
 *   → sync row and connection say what happened (succeeded | partial | failed, counts, error and guidance), in
 *     the change that emits `monitoring.sync_finished` / `sync_failed`: control status follows in that change
 *     (programs subscribers), and so do the alerts about new failures and failed syncs (alerts subscriber).
 */

import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import { systemActor } from "../../../core/actor.ts";
import { newId } from "../../../core/id.ts";
import type { Db } from "../../../db/client.ts";
import { connectionSyncs, connections, resources } from "../../../db/schema/index.ts";
import { loadTests } from "../../../integrations/definitions.ts";
import { localPathPolicy } from "../../../integrations/local-paths.ts";
import { connectorOf } from "../../../integrations/registry.ts";
import { type RetryOptions, withRetry } from "../../../integrations/retry.ts";
import { type ConnectorEnvironment, ConnectorError, type ResourceInput } from "../../../integrations/types.ts";
import { type Change, change } from "../../../kernel/change.ts";
import type { AppContext } from "../../../kernel/context.ts";
import type { Config } from "../../../platform/config.ts";
import { syncFailed, syncFinished, testResultsMoved } from "../events.ts";
import { closeOpenIntervals, testsFor } from "./results.ts";
import { processBatch, type SyncCounts } from "./sync-batch.ts";

export type { SyncCounts } from "./sync-batch.ts";

export type SyncStatus = "running" | "succeeded" | "partial" | "failed";

/** How long a sync holds its connection without news before another may take over (a dead worker). */
const LOCK_SECONDS = 15 * 60;
const MAX_WARNINGS = 200;

export interface SyncResult {
  syncId: string | null;
  status: SyncStatus | "skipped";
  counts: SyncCounts;
  warnings: string[];
  error: string | null;
  guidance: string | null;
}

export interface SyncOptions {
  trigger: "manual" | "schedule";
  jobId?: string | null;
  requestedBy?: string | null;
  /** Forwarded to the job's progress (jobs API, `assay jobs`). */
  progress?: (percent: number, message: string) => Promise<void>;
  signal?: AbortSignal;
  /** Retry policy overrides (tests shorten the waits). */
  retry?: Pick<RetryOptions, "sleep" | "baseMs" | "maxMs" | "attempts" | "maxRetryAfterMs">;
}

type Ctx = Pick<AppContext, "db" | "keys" | "log" | "config">;

export function connectorEnvironment(config: Pick<Config, "ASSAY_CONNECTOR_LOCAL_PATHS">): ConnectorEnvironment {
  return { localPaths: localPathPolicy(config.ASSAY_CONNECTOR_LOCAL_PATHS) };
}

/** Secret values that must not appear in stored errors, warnings or logs. */
function scrubber(secrets: unknown): (s: string) => string {
  const values: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string" && v.length >= 4) values.push(v);
    else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x);
  };
  walk(secrets);
  values.sort((a, b) => b.length - a.length);
  return (s) => values.reduce((acc, v) => acc.split(v).join("[redacted]"), s);
}

/** Opens the connection's sealed secrets; a key problem becomes an actionable error. */
export function openSecrets(ctx: Pick<AppContext, "keys">, sealed: string | null): Record<string, unknown> {
  if (!sealed) return {};
  try {
    return JSON.parse(ctx.keys.decrypt(sealed)) as Record<string, unknown>;
  } catch {
    throw new ConnectorError(
      "The connection's secrets cannot be decrypted with this server's encryption keys.",
      "ASSAY_ENCRYPTION_KEY changed without the old key in ASSAY_ENCRYPTION_RETIRED_KEYS: add it back, or enter the secrets again.",
    );
  }
}

const emptyCounts = (): SyncCounts => ({
  batches: 0,
  resources: 0,
  new: 0,
  changed: 0,
  reappeared: 0,
  missing: 0,
  evaluations: 0,
  opened: 0,
  closed: 0,
  failing: 0,
});

function checkResource(r: ResourceInput, allowed: readonly string[]): string | null {
  if (!r || typeof r !== "object") return "a resource is not an object";
  if (!allowed.includes(r.type)) return `unexpected resource type "${String(r.type)}"`;
  if (typeof r.externalId !== "string" || !r.externalId || r.externalId.length > 1000)
    return `a ${r.type} has no usable external id`;
  if (typeof r.name !== "string") return `${r.type} ${r.externalId} has no name`;
  if (!r.attributes || typeof r.attributes !== "object") return `${r.type} ${r.externalId} has no attributes`;
  return null;
}

const addCounts = (into: SyncCounts, from: SyncCounts) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

/**
 * Takes the connection for this sync and opens its sync row; a claim left by a dead worker is taken over and its
 * sync marked failed.
 */
async function claim(db: Db, organizationId: string, connectionId: string, syncId: string, opts: SyncOptions) {
  return change(db, systemActor(organizationId, "sync"), async ({ tx }) => {
    const [row] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.id, connectionId), eq(connections.organizationId, organizationId)))
      .for("update");
    if (!row || row.deletedAt) return { connection: null, busy: false };
    if (row.syncLockId && row.syncLockUntil && row.syncLockUntil > new Date()) return { connection: row, busy: true };
    if (row.syncLockId)
      await tx
        .update(connectionSyncs)
        .set({
          status: "failed",
          finishedAt: new Date(),
          error: "The worker running this sync stopped before it finished (its claim expired).",
          guidance: "Nothing it had not finished was changed. The next sync starts over.",
        })
        .where(and(eq(connectionSyncs.id, row.syncLockId), eq(connectionSyncs.status, "running")));
    await tx
      .update(connections)
      .set({ syncLockId: syncId, syncLockUntil: sql`now() + make_interval(secs => ${LOCK_SECONDS})` })
      .where(eq(connections.id, connectionId));
    await tx.insert(connectionSyncs).values({
      id: syncId,
      organizationId,
      connectionId,
      jobId: opts.jobId ?? null,
      trigger: opts.trigger,
      status: "running",
      requestedBy: opts.requestedBy ?? null,
    });
    return { connection: row, busy: false };
  });
}

/** Runs one sync of a connection now (the `monitoring.sync` job calls this). */
export async function runSync(
  ctx: Ctx,
  organizationId: string,
  connectionId: string,
  opts: SyncOptions,
): Promise<SyncResult> {
  const db = ctx.db;
  const syncId = newId();
  const counts = emptyCounts();
  const warnings: string[] = [];
  const { connection, busy } = await claim(db, organizationId, connectionId, syncId, opts);
  if (!connection || busy)
    return {
      syncId: null,
      status: "skipped",
      counts,
      warnings,
      error: connection ? "Another sync of this connection is running." : "The connection no longer exists.",
      guidance: null,
    };
  const actor = systemActor(organizationId, `sync: ${connection.name}`);

  let scrub = (s: string) => s;
  const warn = (message: string) => {
    if (warnings.length < MAX_WARNINGS) warnings.push(scrub(message).slice(0, 1000));
    else if (warnings.length === MAX_WARNINGS) warnings.push("… more problems not listed");
  };
  const report = async (percent: number, message: string) => {
    await change(db, actor, ({ tx }) =>
      tx
        .update(connectionSyncs)
        .set({ progress: Math.round(percent), message: scrub(message).slice(0, 500) })
        .where(eq(connectionSyncs.id, syncId)),
    );
    await opts.progress?.(percent, scrub(message));
  };

  try {
    const connector = connectorOf(connection.type);
    if (!connector)
      throw new ConnectorError(
        `This server has no "${connection.type}" connector.`,
        "A worker of an older version may have run the sync; upgrade every worker.",
      );
    const rawSecrets = openSecrets(ctx, connection.secretsSealed);
    scrub = scrubber(rawSecrets);
    const config = connector.configSchema.safeParse(connection.config);
    const secrets = connector.secretSchema.safeParse(rawSecrets);
    if (!config.success || !secrets.success)
      throw new ConnectorError(
        `The connection's settings are no longer valid for the ${connector.title} connector: ${(config.error ?? secrets.error)!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        "Edit the connection and save it again.",
      );
    const byType = testsFor(await loadTests(db, organizationId), connector.type);
    const storedConfig = connection.config;
    const seenKeys = new Set<string>();
    await report(2, "connecting");

    const batches = connector.collect({
      config: config.data,
      secrets: secrets.data,
      env: connectorEnvironment(ctx.config),
      signal: opts.signal ?? new AbortController().signal,
      retry: (what, call) =>
        withRetry(what, call, {
          ...opts.retry,
          signal: opts.signal,
          onRetry: ({ attempt, waitMs, reason }) =>
            report(5, `${what}: waiting ${Math.ceil(waitMs / 1000)} s before retry ${attempt} (${reason})`),
        }),
      progress: (message) => report(Math.min(90, 5 + counts.batches * 5), message),
      warn,
    });

    for await (const batch of batches) {
      const fresh: ResourceInput[] = [];
      for (const r of batch) {
        const problem = checkResource(r, connector.resourceTypes);
        if (problem) {
          warn(`skipped: ${problem}`);
          continue;
        }
        const key = `${r.type}\u0000${r.externalId}`;
        if (seenKeys.has(key)) continue;
        seenKeys.add(key);
        fresh.push(r);
      }
      counts.batches++;
      if (!fresh.length) continue;
      // Counted apart and added once committed: a change retried after a deadlock runs its work again.
      const batchCounts = await change(db, actor, async (c) => {
        const own = emptyCounts();
        await processBatch(c, { organizationId, connectionId, syncId, byType, config: storedConfig }, fresh, own);
        await c.tx
          .update(connections)
          .set({ syncLockUntil: sql`now() + make_interval(secs => ${LOCK_SECONDS})` })
          .where(and(eq(connections.id, connectionId), eq(connections.syncLockId, syncId)));
        return own;
      });
      addCounts(counts, batchCounts);
      await report(
        Math.min(90, 5 + 85 * (1 - 1 / (1 + counts.batches / 4))),
        `${counts.resources} resources, ${counts.opened} status changes`,
      );
    }

    const status: SyncStatus = warnings.length ? "partial" : "succeeded";
    const concluded = await change(db, actor, async (c) => {
      const own = { missing: 0, closed: 0 };
      // Only a complete sync may conclude that something is gone (and never for push connectors: their
      // resources report themselves, a sync collects nothing).
      if (status === "succeeded" && !connector.push) {
        const gone = await c.tx
          .update(resources)
          .set({ missingSince: c.now })
          .where(
            and(
              eq(resources.connectionId, connectionId),
              isNull(resources.missingSince),
              or(isNull(resources.lastSyncId), ne(resources.lastSyncId, syncId)),
            ),
          )
          .returning({ id: resources.id });
        own.missing = gone.length;
        for (let i = 0; i < gone.length; i += 1000)
          own.closed += await closeOpenIntervals(
            c.tx,
            organizationId,
            { resourceIds: gone.slice(i, i + 1000).map((g) => g.id) },
            c.now,
          );
      }
      const final = { ...counts, missing: counts.missing + own.missing, closed: counts.closed + own.closed };
      await finish(c, { syncId, connection, status, counts: final, warnings, error: null, guidance: null });
      return own;
    });
    counts.missing += concluded.missing;
    counts.closed += concluded.closed;
    await report(100, `${status}: ${counts.resources} resources, ${counts.opened} status changes`);
    return { syncId, status, counts, warnings, error: null, guidance: null };
  } catch (err) {
    const e = err instanceof ConnectorError ? err : null;
    const error = scrub(e?.message ?? (err instanceof Error ? err.message : String(err))).slice(0, 4000);
    const guidance = e
      ? scrub(e.guidance)
      : "The sync stopped before it finished; everything found by earlier syncs is kept. Check the connection (Test connection) and sync again.";
    ctx.log.warn({ connectionId, syncId, error }, "sync failed");
    await change(db, actor, (c) =>
      finish(c, { syncId, connection, status: "failed", counts, warnings, error, guidance }),
    );
    return { syncId, status: "failed", counts, warnings, error, guidance };
  }
}

/**
 * Records how the sync ended on its row and on the connection, and announces it: the event's subscribers bring
 * control status up to date with whatever the sync wrote (a failed one may have written some batches) and alert
 * people about tests that newly fail and a failed sync that starts a streak (docs/alerts.md).
 */
async function finish(
  c: Change,
  f: {
    syncId: string;
    connection: typeof connections.$inferSelect;
    status: Exclude<SyncStatus, "running">;
    counts: SyncCounts;
    warnings: string[];
    error: string | null;
    guidance: string | null;
  },
) {
  const partialGuidance =
    f.status === "partial"
      ? "Some data could not be read (see the warnings); what was read is recorded, and nothing was marked missing."
      : null;
  await c.tx
    .update(connectionSyncs)
    .set({
      status: f.status,
      progress: 100,
      counts: f.counts,
      warnings: f.warnings,
      error: f.error,
      guidance: f.guidance ?? partialGuidance,
      finishedAt: c.now,
      message: f.status,
    })
    .where(eq(connectionSyncs.id, f.syncId));
  await c.tx
    .update(connections)
    .set({
      lastSyncId: f.syncId,
      lastSyncStatus: f.status,
      lastSyncAt: c.now,
      lastSyncError: f.error ?? (f.status === "partial" ? f.warnings.slice(0, 5).join("\n") : null),
      lastSyncGuidance: f.guidance ?? partialGuidance,
      ...(f.status === "failed" ? {} : { lastSuccessAt: c.now }),
      syncLockId: null,
      syncLockUntil: null,
    })
    .where(and(eq(connections.id, f.connection.id), eq(connections.syncLockId, f.syncId)));
  await c.emit(f.status === "failed" ? syncFailed : syncFinished, {
    syncId: f.syncId,
    connection: { id: f.connection.id, name: f.connection.name, createdBy: f.connection.createdBy },
    status: f.status,
    counts: f.counts,
    warnings: f.warnings.length,
    error: f.error,
    guidance: f.guidance,
  });
  // Whatever the sync wrote (a failed one may have written some batches) now shows in control status.
  await c.emit(testResultsMoved, { controls: {} });
}
