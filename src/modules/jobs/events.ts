/** Background jobs: people (or the operator's CLI) requeueing an organization's failed job. */
import { defineEvent } from "../../kernel/events.ts";

export const jobRetried = defineEvent<{ id: string; before: unknown; after: unknown }>()("job.retried", {
  ledger: (p) => ({ entityType: "job", entityId: p.id, before: p.before, after: p.after }),
});
