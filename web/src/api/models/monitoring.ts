/** Connectors, connections, resources, tests and exceptions, as the API answers them (generated types). */
import type { ItemOf, ResponseOf } from "../types.ts";

export type Connector = ItemOf<ResponseOf<"/api/v1/monitoring/connectors">>;
export type ConnectorTest = Connector["tests"][number];
export type Connection = ItemOf<ResponseOf<"/api/v1/monitoring/connections">>;
export type TestConnectionResult = ResponseOf<"/api/v1/monitoring/test-connection", "post">;
export type Sync = ItemOf<ResponseOf<"/api/v1/monitoring/syncs">>;
export type SyncStatus = Sync["status"];

export type ResourceSummary = ItemOf<ResponseOf<"/api/v1/monitoring/resources">>;
export type ResourceDetail = ResponseOf<"/api/v1/monitoring/resources/{id}">;
export type ResultView = ResourceDetail["results"][number];
export type Interval = ItemOf<ResponseOf<"/api/v1/monitoring/resources/{id}/history">>;
export type TestStatus = Interval["status"];

export type TestSummary = ItemOf<ResponseOf<"/api/v1/monitoring/tests">>;
export type StatusCounts = TestSummary["counts"];
export type Severity = TestSummary["severity"];
export type TestDetail = ResponseOf<"/api/v1/monitoring/tests/{testId}">;
export type FailingResource = TestDetail["failing"][number];
export type DryRunResult = ResponseOf<"/api/v1/monitoring/dry-run", "post">;
export type CustomTest = ResponseOf<"/api/v1/monitoring/custom-tests/{id}">;

export type MonitoringException = ItemOf<ResponseOf<"/api/v1/monitoring/exceptions">>;
export type ExceptionState = MonitoringException["state"];
