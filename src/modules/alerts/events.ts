/**
 * The monitoring emitters: tests that newly fail and failed syncs (at the end of each sync and with each agent
 * report, in its change: see subscribers.ts), and exceptions about to end or ended (the `alerts.exceptions` job).
 */
import { and, desc, eq, gt, isNull, lte, ne, notInArray, sql } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import {
  connectionSyncs,
  ledgerEntries,
  resources,
  testExceptions,
  testStatusIntervals,
} from "../../db/schema/index.ts";
import { loadTests } from "../../integrations/definitions.ts";
import { type Change, change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import { exceptionExpiredReported, exceptionExpiringReported } from "./domain-events.ts";
import { controlOwners, emitAlert, membersWithRoles, stillMembers } from "./emit.ts";
import {
  exceptionNotice,
  failureBody,
  failureTitle,
  groupNewFailures,
  startsFailureStreak,
  uniqueRecipients,
} from "./rules.ts";

/** Who hears about failing tests besides the owners of the controls. */
const TEST_WATCHERS = ["owner", "admin", "compliance_manager"] as const;
/** Who hears about failed syncs besides the connection's creator. */
const SYNC_WATCHERS = ["owner", "admin"] as const;

export interface FinishedSync {
  organizationId: string;
  syncId: string;
  connection: { id: string; name: string; createdBy: string | null };
  status: string;
  error: string | null;
  guidance: string | null;
}

export interface FinishedRun {
  organizationId: string;
  connectionId: string;
  /** The sync (or agent report) whose resources carry it as their last sync id. */
  runId: string;
  since: Date;
  /** Who found the failures, for the alert's text: "the sync of AWS", "the agent on build-01". */
  foundBy: string;
}

/**
 * Alerts about every fail interval a run opened: one grouped alert per test, to the owners of the controls it
 * supports and the managers. An unchanged status writes no interval, so a failure is reported once.
 */
export async function emitNewFailures(c: Change, r: FinishedRun): Promise<number> {
  const { tx } = c;
  const opened = await tx
    .select({
      testId: testStatusIntervals.testId,
      resourceName: resources.name,
      reason: testStatusIntervals.reason,
      remediation: testStatusIntervals.remediation,
    })
    .from(testStatusIntervals)
    .innerJoin(resources, eq(resources.id, testStatusIntervals.resourceId))
    .where(
      and(
        eq(testStatusIntervals.organizationId, r.organizationId),
        eq(testStatusIntervals.status, "fail"),
        isNull(testStatusIntervals.endedAt),
        sql`${testStatusIntervals.startedAt} >= ${r.since}`,
        eq(resources.connectionId, r.connectionId),
        eq(resources.lastSyncId, r.runId),
      ),
    )
    .orderBy(testStatusIntervals.testId, resources.name);
  if (!opened.length) return 0;
  const tests = new Map((await loadTests(tx, r.organizationId)).map((t) => [t.id, t]));
  const watchers = await membersWithRoles(tx, r.organizationId, TEST_WATCHERS);
  let alerts = 0;
  for (const g of groupNewFailures(opened, tests)) {
    const owners = await controlOwners(tx, r.organizationId, g.controls);
    await emitAlert(c, {
      organizationId: r.organizationId,
      kind: "test.failing",
      title: failureTitle(g),
      body: `${failureBody(g)}\nFound by ${r.foundBy}.`,
      link: `/monitoring/tests/${encodeURIComponent(g.testId)}`,
      recipients: uniqueRecipients(owners, watchers),
    });
    alerts++;
  }
  return alerts;
}

/**
 * Once when a sync ends (in the change that records the outcome, as a subscriber of its event). Every fail
 * interval this sync opened is a new failure — an unchanged status writes nothing — so a second sync seeing the
 * same failure alerts nobody. A failed sync alerts only when it starts a failure streak.
 */
export async function emitSyncAlerts(c: Change, s: FinishedSync): Promise<{ failing: number; syncFailed: boolean }> {
  const { tx } = c;
  const [sync] = await tx
    .select({ startedAt: connectionSyncs.startedAt })
    .from(connectionSyncs)
    .where(and(eq(connectionSyncs.id, s.syncId), eq(connectionSyncs.organizationId, s.organizationId)));
  if (!sync) return { failing: 0, syncFailed: false };

  const failing = await emitNewFailures(c, {
    organizationId: s.organizationId,
    connectionId: s.connection.id,
    runId: s.syncId,
    since: sync.startedAt,
    foundBy: `the sync of ${s.connection.name}`,
  });

  let syncFailed = false;
  if (s.status === "failed") {
    const [previous] = await tx
      .select({ status: connectionSyncs.status })
      .from(connectionSyncs)
      .where(
        and(
          eq(connectionSyncs.connectionId, s.connection.id),
          ne(connectionSyncs.id, s.syncId),
          notInArray(connectionSyncs.status, ["running", "skipped"]),
          lte(connectionSyncs.startedAt, sync.startedAt),
        ),
      )
      .orderBy(desc(connectionSyncs.startedAt), desc(connectionSyncs.id))
      .limit(1);
    if (startsFailureStreak(previous?.status, s.status)) {
      const admins = await membersWithRoles(tx, s.organizationId, SYNC_WATCHERS);
      const creator = await stillMembers(tx, s.organizationId, [s.connection.createdBy]);
      await emitAlert(c, {
        organizationId: s.organizationId,
        kind: "sync.failed",
        title: `The sync of ${s.connection.name} failed`,
        body: [
          s.error ?? "The sync stopped with an error.",
          s.guidance ? `What to do: ${s.guidance}` : null,
          "You hear about this once: further failures stay quiet until a sync succeeds again.",
        ]
          .filter(Boolean)
          .join("\n"),
        link: "/monitoring/integrations",
        recipients: uniqueRecipients(admins, creator),
      });
      syncFailed = true;
    }
  }
  return { failing, syncFailed };
}

const DAY_MS = 86_400_000;
/** Exceptions that ended longer ago than this are not reported (e.g. on the first run after an upgrade). */
const EXPIRED_LOOKBACK_DAYS = 7;
export const EXPIRING_WINDOW_DAYS = 7;

export interface ExceptionsRun {
  expiring: number;
  expired: number;
}

/**
 * Reports each approved exception once when it comes within 7 days of its expiry, and once when it has expired,
 * to whoever asked for it and its approver. The ledger entry written with the alert is the record that it was
 * sent, so however often the job runs, and on however many workers, each exception is reported once per notice.
 */
export async function alertExceptions(ctx: Pick<AppContext, "db">, now = new Date()): Promise<ExceptionsRun> {
  const run: ExceptionsRun = { expiring: 0, expired: 0 };
  const candidates = await ctx.db
    .select({ e: testExceptions, resourceName: resources.name })
    .from(testExceptions)
    .leftJoin(resources, eq(resources.id, testExceptions.resourceId))
    .where(
      and(
        eq(testExceptions.decision, "approved"),
        isNull(testExceptions.revokedAt),
        lte(testExceptions.expiresAt, new Date(now.getTime() + EXPIRING_WINDOW_DAYS * DAY_MS)),
        gt(testExceptions.expiresAt, new Date(now.getTime() - EXPIRED_LOOKBACK_DAYS * DAY_MS)),
      ),
    )
    .orderBy(testExceptions.organizationId, testExceptions.expiresAt);
  const titles = new Map<string, Map<string, string>>();
  for (const { e, resourceName } of candidates) {
    const kind = exceptionNotice(e, now, EXPIRING_WINDOW_DAYS);
    if (!kind) continue;
    if (!titles.has(e.organizationId))
      titles.set(e.organizationId, new Map((await loadTests(ctx.db, e.organizationId)).map((t) => [t.id, t.title])));
    const test = titles.get(e.organizationId)!.get(e.testId) ?? e.testId;
    const reported = kind === "exception.expiring" ? exceptionExpiringReported : exceptionExpiredReported;
    const action = reported.name;
    // One sender per organization at a time (the change holds its lock); then the ledger says whether this
    // exception was reported already.
    const sent = await change(ctx.db, systemActor(e.organizationId, "alerts"), async (c) => {
      const { tx } = c;
      const [done] = await tx
        .select({ seq: ledgerEntries.seq })
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.organizationId, e.organizationId),
            eq(ledgerEntries.action, action),
            eq(ledgerEntries.entityId, e.id),
          ),
        )
        .limit(1);
      if (done) return false;
      const recipients = await stillMembers(tx, e.organizationId, uniqueRecipients([e.createdBy, e.approverUserId]));
      const on = `${resourceName ?? "all resources"}`;
      const day = e.expiresAt.toISOString().slice(0, 10);
      await emitAlert(c, {
        organizationId: e.organizationId,
        kind,
        title:
          kind === "exception.expiring"
            ? `The exception for ${test} on ${on} expires on ${day}`
            : `The exception for ${test} on ${on} has expired`,
        body: [
          `Justification: ${e.justification}`,
          kind === "exception.expiring"
            ? "After it expires the failure counts again: fix it before then, or ask for a new exception."
            : "The failure counts again from now: fix it, or ask for a new exception.",
        ].join("\n"),
        link: "/monitoring/exceptions",
        recipients,
      });
      await c.emit(reported, {
        id: e.id,
        after: { testId: e.testId, resourceId: e.resourceId, expiresAt: e.expiresAt, recipients: recipients.length },
      });
      return true;
    });
    if (sent) run[kind === "exception.expiring" ? "expiring" : "expired"]++;
  }
  return run;
}
