/**
 * What other modules may use of monitoring, besides its events, policy and schema: the agent enrolls into a
 * connection of its own and shows its devices' resources; programs derive control signals and explain them from
 * test results and exceptions.
 */
export { createConnectionsService, nameTaken } from "./connections.ts";
export { allTests, type ControlTestStatus, testStatusByControl } from "./control-inputs.ts";
export { createResourcesService } from "./resources.ts";
export { classifiedAt } from "./status.ts";
export { exceptionsAt } from "./store.ts";
export { collectOnDemand, connectionsOfTypes, findConnection } from "./sync/on-demand.ts";
export { closeOpenIntervals, testsFor } from "./sync/results.ts";
export { openSecrets } from "./sync/sync.ts";
export { processBatch, type SyncCounts } from "./sync/sync-batch.ts";
