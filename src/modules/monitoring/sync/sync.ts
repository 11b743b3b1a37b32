/**
 * The sync engine: runs one connection's collection as a job, stores what it finds, evaluates the tests and
 * records status intervals — with the guarantee that a failed or partial sync never deletes or closes anything
 * the last good sync found.
 *
 *   claim the connection (one sync at a time, claim.ts) → sync row `running` (or `skipped` when a live sync holds it)
 *   for each batch the connector yields (its own change): upsert resources, evaluate their tests, write
 *     only status changes, ledger entry when something changed
 *   complete (no warnings, no error): resources not seen get `missing_since`, their open intervals close
 *   → sync row and connection say what happened (succeeded | partial | failed, counts, error and guidance), in
 *     the change that emits `monitoring.sync_finished` / `sync_failed`: control status follows in that change
 *     (programs subscribers), and so do the alerts about new failures and failed syncs (alerts subscriber).
 */

import { and, eq, isNull, ne, or } from "drizzle-orm";
import { systemActor } from "../../../core/actor.ts";
import { newId } from "../../../core/id.ts";
import { errorMessageForPeople, isInternalDatabaseError } from "../../../db/errors.ts";
import { connectionSyncs, resources } from "../../../db/schema/index.ts";
import { loadTests } from "../../../integrations/definitions.ts";
import { connectorEnvironment } from "../../../integrations/environment.ts";
import { connectorOf } from "../../../integrations/registry.ts";
import { type RetryOptions, withRetry } from "../../../integrations/retry.ts";
import { ConnectorError, type ResourceInput } from "../../../integrations/types.ts";
import { change } from "../../../kernel/change.ts";
import type { AppContext } from "../../../kernel/context.ts";
import { ClaimLost, claimConnection, holdClaim } from "./claim.ts";
import { finish } from "./finish.ts";
import { closeOpenIntervals, testsFor } from "./results.ts";
import { emptyCounts, processBatch, type SyncCounts } from "./sync-batch.ts";

export type { SyncCounts } from "./sync-batch.ts";

export type SyncStatus = "running" | "succeeded" | "partial" | "failed";

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

export { connectorEnvironment };

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
  const claim = await claimConnection(db, organizationId, connectionId, syncId, opts);
  if (claim.kind === "skipped")
    return { syncId: claim.syncId, status: "skipped", counts, warnings, error: claim.reason, guidance: null };
  const { connection } = claim;
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
        await holdClaim(c, connectionId, syncId);
        await processBatch(c, { organizationId, connectionId, syncId, byType, config: storedConfig }, fresh, own);
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
      await holdClaim(c, connectionId, syncId);
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
    if (err instanceof ClaimLost) {
      // Whoever took the connection over has recorded this sync's end; nothing more is written for it.
      ctx.log.warn({ connectionId, syncId, jobId: opts.jobId }, "sync lost its claim on the connection and stopped");
      return { syncId, status: "failed", counts, warnings, error: err.message, guidance: null };
    }
    const e = err instanceof ConnectorError ? err : null;
    // Stored on the sync and the connection, shown in the API, UI and alerts: an error of Assay's own database
    // becomes a generic message naming the sync, and its SQL goes to the log only.
    const internal = isInternalDatabaseError(err);
    const error = scrub(e?.message ?? errorMessageForPeople(err, `sync ${syncId}`)).slice(0, 4000);
    const guidance = e
      ? scrub(e.guidance)
      : internal
        ? "Everything found by earlier syncs is kept; the next sync starts over."
        : "The sync stopped before it finished; everything found by earlier syncs is kept. Check the connection (Test connection) and sync again.";
    ctx.log.warn({ connectionId, syncId, jobId: opts.jobId, ...(internal ? { err } : { error }) }, "sync failed");
    await change(db, actor, (c) =>
      finish(c, { syncId, connection, status: "failed", counts, warnings, error, guidance }),
    );
    return { syncId, status: "failed", counts, warnings, error, guidance };
  }
}
