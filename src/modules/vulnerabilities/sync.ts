/**
 * "Sync from GitHub": a connection's open security alerts (code scanning and Dependabot) into the register, through
 * the same reconciliation as a scanner report (import.ts): new alerts are added, alerts still open are seen again,
 * resolved findings whose alert is open again reopen, and open findings of the covered repositories whose alert is
 * no longer open are resolved. The source is read first, outside any transaction; then one change, one ledger
 * entry. An alert kind the token cannot read covers nothing, so none of its findings is resolved.
 */
import { createHash } from "node:crypto";
import type { OrgActor } from "../../core/actor.ts";
import type { VulnerabilityInput } from "../../integrations/types.ts";
import { vulnerabilityCollectorOf, vulnerabilitySourceTypes } from "../../integrations/vulnerabilities.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import { badRequest } from "../../platform/errors.ts";
import { collectOnDemand, connectionsOfTypes, findConnection } from "../monitoring/public.ts";
import { reconcileFindings } from "./import.ts";
import { type Finding, finalize } from "./scanners/finding.ts";

/** The connections findings can be synced from. */
export const vulnerabilitySources = (db: AppContext["db"], organizationId: string) =>
  connectionsOfTypes(db, organizationId, vulnerabilitySourceTypes());

/** A connector's finding in the register's shape: its fingerprint from advisory, package, target and key. */
export function findingOf(v: VulnerabilityInput): Finding {
  const { target, key, ...rest } = v;
  return finalize({ ...rest, format: "github", locationKey: key }, target);
}

export async function syncVulnerabilities(
  ctx: Pick<AppContext, "db" | "keys" | "config">,
  actor: OrgActor,
  input: { connectionId: string },
) {
  const { conn, connector } = await findConnection(ctx.db, actor.organizationId, input.connectionId);
  const collect = await vulnerabilityCollectorOf(conn.type);
  if (!collect || !connector)
    throw badRequest(
      "not_a_vulnerability_source",
      `${conn.name} is a ${connector?.title ?? conn.type} connection: findings are synced from GitHub connections.`,
    );
  const { result, warnings } = await collectOnDemand(ctx, conn, connector, "vulnerability_source_failed", collect);
  const findings = result.findings.map(findingOf);
  // What the sync read, as the import's content: the same alerts give the same hash.
  const listed = JSON.stringify(findings);
  const source = {
    format: "github" as const,
    fileName: `${connector.title}: ${conn.name}`,
    sha256: createHash("sha256").update(listed).digest("hex"),
    bytes: Buffer.byteLength(listed),
  };
  const imported = await change(ctx.db, actor, (c) =>
    reconcileFindings(
      c,
      {
        ...source,
        details: { connectionId: conn.id, unavailable: result.skipped.map((s) => s.source) },
      },
      findings,
      () => ({ scopes: result.scopes }),
    ),
  );
  return {
    ...imported,
    ...source,
    connectionId: conn.id,
    importedBy: actor.userId,
    createdAt: new Date(),
    unavailable: result.skipped,
    warnings,
  };
}
