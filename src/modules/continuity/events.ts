/** Continuity's events: one ledger entry per plan, objective or test written. */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };
const entity = (entityType: string) => (p: Recorded) => ({
  entityType,
  entityId: p.id,
  before: p.before,
  after: p.after,
});

export const planCreated = defineEvent<Recorded>()("continuity.plan_created", { ledger: entity("continuity_plan") });
export const planUpdated = defineEvent<Recorded>()("continuity.plan_updated", { ledger: entity("continuity_plan") });
export const planReviewed = defineEvent<Recorded>()("continuity.plan_reviewed", { ledger: entity("continuity_plan") });
export const planDeleted = defineEvent<Recorded>()("continuity.plan_deleted", { ledger: entity("continuity_plan") });

export const objectiveSet = defineEvent<Recorded>()("continuity.objective_set", {
  ledger: entity("recovery_objective"),
});
export const objectiveDeleted = defineEvent<Recorded>()("continuity.objective_deleted", {
  ledger: entity("recovery_objective"),
});

export const testRecorded = defineEvent<Recorded>()("continuity.test_recorded", { ledger: entity("continuity_test") });
/** A test record corrected (before/after: the changed fields, judged again; after names its kind and day). */
export const testUpdated = defineEvent<Recorded>()("continuity.test_updated", { ledger: entity("continuity_test") });
export const testDeleted = defineEvent<Recorded>()("continuity.test_deleted", { ledger: entity("continuity_test") });
/** Past test records imported from a file (entity: the organization; after: count, from, to). */
export const testsImported = defineEvent<Recorded>()("continuity.tests_imported", {
  ledger: (p: Recorded) => ({ entityType: "continuity_test_import", entityId: p.id, after: p.after }),
});
/** Recovery objectives imported from a file (entity: the organization; after: create, update, systems). */
export const objectivesImported = defineEvent<Recorded>()("continuity.objectives_imported", {
  ledger: (p: Recorded) => ({ entityType: "recovery_objective_import", entityId: p.id, after: p.after }),
});
