import { systemActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { change } from "../../kernel/change.ts";
import type { JobDefinition } from "../../kernel/manifest.ts";
import { checkpointOrganization, organizationsNeedingCheckpoint, type SigningKeys } from "../../ledger/checkpoint.ts";

export const CHECKPOINT_JOB = "ledger.checkpoint";

/** Signs one organization's head now, as the system (a change of its own, which holds the chain lock). */
export const checkpointNow = (db: Db, keys: SigningKeys, organizationId: string) =>
  change(db, systemActor(organizationId, CHECKPOINT_JOB), (c) =>
    checkpointOrganization(c.tx, organizationId, keys, c.now),
  );

/** The recurring job's body: checkpoints every organization whose head moved. */
export async function checkpointAll(
  db: Db,
  keys: SigningKeys,
  onProgress?: (done: number, total: number) => Promise<void>,
): Promise<{ organizations: number; checkpoints: number }> {
  const ids = await organizationsNeedingCheckpoint(db);
  let created = 0;
  for (const [i, id] of ids.entries()) {
    if (await checkpointNow(db, keys, id)) created++;
    await onProgress?.(i + 1, ids.length);
  }
  return { organizations: ids.length, checkpoints: created };
}

/** Its schedule is the installation's (jobs/builtin.ts), because the interval is a setting. */
export const jobs: JobDefinition[] = [
  {
    name: CHECKPOINT_JOB,
    run: (ctx, _job, tools) =>
      checkpointAll(ctx.db, ctx.keys, (done, total) =>
        tools.progress((done / total) * 100, `${done} of ${total} organizations`),
      ),
  },
];
