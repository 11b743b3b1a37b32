/**
 * "Sync changes from a connection": the merged pull requests of a GitHub connection, or the main line of a git
 * connection, in a date range, into the register. The source is read first, outside any transaction (a slow
 * GitHub never holds the ledger lock); then one change() upserts every record and writes one ledger entry with
 * what the sync did. The connection is the monitoring one: its settings and sealed secrets, read through
 * monitoring's public entry.
 */
import type { Actor } from "../../core/actor.ts";
import { utcDay } from "../../core/dates.ts";
import { changeCollectorOf, changeSourceTypes } from "../../integrations/changes.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import { badRequest } from "../../platform/errors.ts";
import { collectOnDemand, connectionsOfTypes, findConnection } from "../monitoring/public.ts";
import { upsertSynced } from "./commands.ts";
import { changesSynced } from "./events.ts";

const DAY = 86_400_000;

/** The connections changes can be synced from. */
export const changeSources = (db: AppContext["db"], organizationId: string) =>
  connectionsOfTypes(db, organizationId, changeSourceTypes());

export async function syncChanges(
  ctx: Pick<AppContext, "db" | "keys" | "config">,
  actor: Actor,
  input: { connectionId: string; from?: string; to?: string },
  now = new Date(),
) {
  const organizationId = actor.organizationId;
  const { conn, connector } = await findConnection(ctx.db, organizationId, input.connectionId);
  const collect = await changeCollectorOf(conn.type);
  if (!collect || !connector || (conn.type !== "github" && conn.type !== "git"))
    throw badRequest(
      "not_a_change_source",
      `${conn.name} is a ${connector?.title ?? conn.type} connection: changes come from GitHub or git connections.`,
    );
  const to = input.to ?? utcDay(now);
  const from = input.from ?? utcDay(new Date(now.getTime() - 90 * DAY));
  const { result: inputs, warnings } = await collectOnDemand(ctx, conn, connector, "change_source_failed", (c) =>
    collect({ ...c, from: new Date(`${from}T00:00:00.000Z`), to: new Date(`${to}T23:59:59.999Z`) }),
  );
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
