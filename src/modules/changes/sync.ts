/**
 * "Sync changes from a connection": the merged pull requests of a GitHub connection, or the main line of a git
 * connection, in a date range, into the register. The source is read first, outside any transaction (a slow
 * GitHub never holds the ledger lock); then one change() upserts every record and writes one ledger entry with
 * what the sync did. The connection is the monitoring one: its settings and sealed secrets, read through
 * monitoring's public entry.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { utcDay } from "../../core/dates.ts";
import { connections } from "../../db/schema/index.ts";
import { changeCollectorOf, changeSourceTypes } from "../../integrations/changes.ts";
import { connectorEnvironment } from "../../integrations/environment.ts";
import { connectorOf } from "../../integrations/registry.ts";
import { withRetry } from "../../integrations/retry.ts";
import { ConnectorError } from "../../integrations/types.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import { AppError, badRequest, notFound } from "../../platform/errors.ts";
import { openSecrets } from "../monitoring/public.ts";
import { upsertSynced } from "./commands.ts";
import { changesSynced } from "./events.ts";

const DAY = 86_400_000;
const MAX_WARNINGS = 50;

/** The connections changes can be synced from. */
export async function changeSources(db: AppContext["db"], organizationId: string) {
  return db
    .select({ id: connections.id, name: connections.name, type: connections.type })
    .from(connections)
    .where(and(eq(connections.organizationId, organizationId), inArray(connections.type, changeSourceTypes())))
    .orderBy(connections.name);
}

export async function syncChanges(
  ctx: Pick<AppContext, "db" | "keys" | "config">,
  actor: Actor,
  input: { connectionId: string; from?: string; to?: string },
  now = new Date(),
) {
  const organizationId = actor.organizationId;
  const [conn] = await ctx.db
    .select()
    .from(connections)
    .where(and(eq(connections.organizationId, organizationId), eq(connections.id, input.connectionId)));
  if (!conn) throw notFound("The connection");
  const collect = await changeCollectorOf(conn.type);
  const connector = connectorOf(conn.type);
  if (!collect || !connector || (conn.type !== "github" && conn.type !== "git"))
    throw badRequest(
      "not_a_change_source",
      `${conn.name} is a ${connector?.title ?? conn.type} connection: changes come from GitHub or git connections.`,
    );
  const to = input.to ?? utcDay(now);
  const from = input.from ?? utcDay(new Date(now.getTime() - 90 * DAY));
  const warnings: string[] = [];
  let inputs: Awaited<ReturnType<typeof collect>>;
  try {
    const config = connector.configSchema.safeParse(conn.config);
    const secrets = connector.secretSchema.safeParse(openSecrets(ctx, conn.secretsSealed));
    if (!config.success || !secrets.success)
      throw new ConnectorError(
        `The connection's settings are no longer valid for the ${connector.title} connector.`,
        "Edit the connection and save it again.",
      );
    inputs = await collect({
      config: config.data,
      secrets: secrets.data,
      env: connectorEnvironment(ctx.config),
      signal: new AbortController().signal,
      retry: (what, call) => withRetry(what, call),
      warn: (m) => void (warnings.length < MAX_WARNINGS && warnings.push(m.slice(0, 1000))),
      from: new Date(`${from}T00:00:00.000Z`),
      to: new Date(`${to}T23:59:59.999Z`),
    });
  } catch (err) {
    if (err instanceof ConnectorError)
      throw new AppError(502, "change_source_failed", `${err.message} ${err.guidance}`);
    throw err;
  }
  const counts = await change(ctx.db, actor, async (c) => {
    const counts = await upsertSynced(c, conn.type as "github" | "git", inputs);
    await c.emit(changesSynced, {
      id: conn.id,
      after: { connection: conn.name, type: conn.type, from, to, found: inputs.length, ...counts },
    });
    return counts;
  });
  return { connectionId: conn.id, from, to, found: inputs.length, ...counts, warnings };
}
