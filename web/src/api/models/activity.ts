/** The ledger and the job queue, as the API answers them (generated types). */
import type { BodyOf, ItemOf, ResponseOf } from "../types.ts";

export type LedgerEntry = ItemOf<ResponseOf<"/api/v1/ledger">>;
export type LedgerFacets = ResponseOf<"/api/v1/ledger/facets">;
export type LedgerVerification = ResponseOf<"/api/v1/ledger/verify", "post">;
export type LedgerProblemKind = NonNullable<LedgerVerification["firstProblem"]>["kind"];
export type PublicKey = ResponseOf<"/api/v1/ledger/public-key">;
/** One signed checkpoint as exported (`/ledger/checkpoints.jsonl`) and as `POST /ledger/verify` takes it back. */
export type CheckpointRecord = NonNullable<NonNullable<BodyOf<"/api/v1/ledger/verify", "post">>["checkpoints"]>[number];

export type Job = ItemOf<ResponseOf<"/api/v1/jobs">>;
export type JobStatus = Job["status"];
