import { systemActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { JobDefinition } from "../../kernel/manifest.ts";
import {
  checkpointOrganization,
  LedgerIntegrityError,
  organizationsNeedingCheckpoint,
} from "../../ledger/checkpoint.ts";
import type { LedgerKeyring } from "../../ledger/signature.ts";
import { WITNESS_JOB, witnessJobs, witnessSinks } from "./witnesses.ts";

export const CHECKPOINT_JOB = "ledger.checkpoint";

/**
 * Signs one organization's head now, as the system (a change of its own, which holds the chain lock). With
 * `witness`, the same change enqueues the push of the new checkpoint to the installation's witnesses (the outbox:
 * a crash after commit still delivers it).
 */
export const checkpointNow = (db: Db, keys: LedgerKeyring, organizationId: string, opts: { witness?: boolean } = {}) =>
  change(db, systemActor(organizationId, CHECKPOINT_JOB), async (c) => {
    const cp = await checkpointOrganization(c.tx, organizationId, keys, c.now);
    if (cp && opts.witness) await c.enqueue({ name: WITNESS_JOB, payload: { checkpointId: cp.id } });
    return cp;
  });

/**
 * The recurring job's body: checkpoints every organization whose head moved. An organization whose chain does not
 * verify is not signed; the others still are, and the job then fails naming every refusal (it shows in the jobs
 * list and the log).
 */
export async function checkpointAll(
  ctx: Pick<AppContext, "db" | "keys" | "config" | "log">,
  onProgress?: (done: number, total: number) => Promise<void>,
): Promise<{ organizations: number; checkpoints: number }> {
  const ids = await organizationsNeedingCheckpoint(ctx.db);
  const witness = witnessSinks(ctx.config).length > 0;
  const refused: LedgerIntegrityError[] = [];
  let created = 0;
  for (const [i, id] of ids.entries()) {
    try {
      if (await checkpointNow(ctx.db, ctx.keys, id, { witness })) created++;
    } catch (err) {
      if (!(err instanceof LedgerIntegrityError)) throw err;
      ctx.log.error(
        { organizationId: id, problem: err.problem },
        "ledger checkpoint refused: the chain does not verify",
      );
      refused.push(err);
    }
    await onProgress?.(i + 1, ids.length);
  }
  if (refused.length) throw new Error(refused.map((e) => e.message).join("\n"));
  return { organizations: ids.length, checkpoints: created };
}

/** Its schedule is the installation's (jobs/builtin.ts), because the interval is a setting. */
export const jobs: JobDefinition[] = [
  {
    name: CHECKPOINT_JOB,
    run: (ctx, _job, tools) =>
      checkpointAll(ctx, (done, total) => tools.progress((done / total) * 100, `${done} of ${total} organizations`)),
  },
  ...witnessJobs,
];
