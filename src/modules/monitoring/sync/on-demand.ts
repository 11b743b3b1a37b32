/**
 * Connections read on demand by another register (changes: merged pull requests; vulnerabilities: security
 * alerts), outside the monitoring schedule: the organization's connection by id (another organization's is not
 * found), its settings and sealed secrets checked, and the context a collector runs in. The source is read before
 * the caller's change, so a slow system never holds the ledger lock.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { connections } from "../../../db/schema/index.ts";
import { connectorEnvironment } from "../../../integrations/environment.ts";
import { connectorOf } from "../../../integrations/registry.ts";
import { withRetry } from "../../../integrations/retry.ts";
import { type AnyConnector, type CollectContext, ConnectorError } from "../../../integrations/types.ts";
import type { AppContext } from "../../../kernel/context.ts";
import { AppError } from "../../../platform/errors.ts";
import { loadConnection } from "../connections.ts";
import { openSecrets } from "./sync.ts";

const MAX_WARNINGS = 50;

/** The organization's connections of these connector types (not deleted ones), by name. */
export async function connectionsOfTypes(db: AppContext["db"], organizationId: string, types: readonly string[]) {
  return db
    .select({ id: connections.id, name: connections.name, type: connections.type })
    .from(connections)
    .where(
      and(
        eq(connections.organizationId, organizationId),
        inArray(connections.type, [...types]),
        isNull(connections.deletedAt),
      ),
    )
    .orderBy(connections.name);
}

/** The organization's connection (404 for any other, or a deleted one) and its connector, when this server has it. */
export async function findConnection(db: AppContext["db"], organizationId: string, connectionId: string) {
  const conn = await loadConnection(db, organizationId, connectionId);
  return { conn, connector: connectorOf(conn.type) };
}

type OnDemandContext = Omit<CollectContext<unknown, unknown>, "progress">;

/**
 * Runs a collector on the connection with its checked settings and secrets, the retry policy and up to 50 warnings;
 * a failure it explains (ConnectorError) becomes a 502 with `code`, its guidance included.
 */
export async function collectOnDemand<T>(
  ctx: Pick<AppContext, "keys" | "config">,
  conn: { config: unknown; secretsSealed: string | null },
  connector: AnyConnector,
  code: string,
  run: (c: OnDemandContext) => Promise<T>,
): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  try {
    const config = connector.configSchema.safeParse(conn.config);
    const secrets = connector.secretSchema.safeParse(openSecrets(ctx, conn.secretsSealed));
    if (!config.success || !secrets.success)
      throw new ConnectorError(
        `The connection's settings are no longer valid for the ${connector.title} connector.`,
        "Edit the connection and save it again.",
      );
    const result = await run({
      config: config.data,
      secrets: secrets.data,
      env: connectorEnvironment(ctx.config),
      signal: new AbortController().signal,
      retry: (what, call) => withRetry(what, call),
      warn: (m) => void (warnings.length < MAX_WARNINGS && warnings.push(m.slice(0, 1000))),
    });
    return { result, warnings };
  } catch (err) {
    if (err instanceof ConnectorError) throw new AppError(502, code, `${err.message} ${err.guidance}`);
    throw err;
  }
}
