import type { KeyObject } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/client.ts";
import { ledgerCheckpoints } from "../db/schema/index.ts";
import { chainHead } from "./append.ts";
import { entryHashIso, GENESIS_HASH, type HashedFieldsIso, serializeEntry, sha256 } from "./hash.ts";
import { verifyCheckpointSignature } from "./signature.ts";

/** One stored ledger entry as verification reads it (`at` as an ISO 8601 string). */
export interface ChainRow extends HashedFieldsIso {
  hash: string;
}

export interface CheckpointRow {
  id: string;
  seq: number;
  hash: string;
  keyId: string;
  signature: string;
  signedAt: Date | string;
}

/**
 * edited: an entry's content no longer matches its hash (or its hash was recomputed after the next entry recorded it).
 * deleted: entries are missing (a gap in seq, or prev_hash points to an entry that is gone).
 * inserted: an entry that does not belong (duplicate seq, or the chain links around it).
 * reordered: seq order disagrees with the prev_hash chain.
 * truncated: a signed checkpoint covers entries beyond the current head.
 * bad_signature: a checkpoint whose signature does not verify with the installation key (forged or foreign).
 * checkpoint_mismatch: the chain's hash at a checkpoint's seq differs from the signed one (history rewritten).
 */
export type ProblemKind =
  | "edited"
  | "deleted"
  | "inserted"
  | "reordered"
  | "truncated"
  | "bad_signature"
  | "checkpoint_mismatch";

export interface Problem {
  seq: number;
  kind: ProblemKind;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries checked (the walk stops at the first bad entry). */
  entries: number;
  checkpoints: number;
  headSeq: number;
  headHash: string;
  firstProblem?: Problem;
}

export interface VerifyOptions {
  organizationId: string;
  checkpoints?: readonly CheckpointRow[];
  publicKey?: KeyObject;
  keyId?: string;
}

/** Rows seen after the first anomaly before deciding what kind it is. */
const LOOKAHEAD = 3;
/** Verified rows kept behind the walk for diagnosis. */
const LOOKBEHIND = 4;
/** How far from its current seq a renumbered entry's original seq is searched. */
const RENUMBER_WINDOW = 8;

/**
 * Streaming verifier: feed rows in (seq, id) order with `push` until it returns false, then `finish`.
 * The hot path per row is one serialization and one SHA-256; diagnosis only runs once, at the first anomaly.
 */
export class ChainVerifier {
  private readonly checkpoints: CheckpointRow[];
  private readonly cpProblems: Problem[] = [];
  private readonly forged = new Set<CheckpointRow>();
  private cpIndex = 0;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private count = 0;
  private readonly behind: ChainRow[] = [];
  private suspect: ChainRow | null = null;
  private readonly ahead: ChainRow[] = [];
  private problem: Problem | null = null;
  private tail: ChainRow | null = null;

  constructor(opts: VerifyOptions) {
    this.checkpoints = [...(opts.checkpoints ?? [])].sort((a, b) => a.seq - b.seq);
    for (const cp of this.checkpoints) {
      if (!opts.publicKey) break;
      const why = verifyCheckpointSignature(opts.publicKey, opts.keyId, opts.organizationId, cp);
      if (!why) continue;
      this.forged.add(cp);
      this.cpProblems.push({ seq: cp.seq, kind: "bad_signature", detail: why });
    }
  }

  /** Returns false once the verdict is known and further rows are not needed. */
  push(row: ChainRow): boolean {
    if (this.problem) return false;
    this.tail = row;
    if (this.suspect) {
      this.ahead.push(row);
      if (this.ahead.length < LOOKAHEAD) return true;
      this.problem = diagnose(this.behind, this.suspect, this.ahead);
      return false;
    }
    this.count++;
    if (row.seq !== this.lastSeq + 1 || row.prevHash !== this.lastHash || sha256(serializeEntry(row)) !== row.hash) {
      this.suspect = row;
      return true;
    }
    this.lastSeq = row.seq;
    this.lastHash = row.hash;
    if (this.behind.length === LOOKBEHIND) this.behind.shift();
    this.behind.push(row);
    while (this.cpIndex < this.checkpoints.length && this.checkpoints[this.cpIndex]!.seq <= row.seq) {
      const cp = this.checkpoints[this.cpIndex++]!;
      if (cp.seq === row.seq && cp.hash !== row.hash)
        this.cpProblems.push({
          seq: cp.seq,
          kind: "checkpoint_mismatch",
          detail: `entry ${cp.seq} has hash ${short(row.hash)} but the checkpoint signed ${iso(cp.signedAt)} recorded ${short(cp.hash)}: the chain was rewritten up to here`,
        });
    }
    return true;
  }

  finish(head?: { seq: number; hash: string }): VerifyResult {
    if (!this.problem && this.suspect) this.problem = diagnose(this.behind, this.suspect, this.ahead);
    const headSeq = head?.seq ?? this.tail?.seq ?? 0;
    const headHash = head?.hash ?? this.tail?.hash ?? GENESIS_HASH;
    if (!this.problem) {
      const beyond = this.checkpoints.findLast((cp) => cp.seq > this.lastSeq && !this.forged.has(cp));
      if (beyond)
        this.cpProblems.push({
          seq: this.lastSeq + 1,
          kind: "truncated",
          detail: `the chain ends at seq ${this.lastSeq} but a checkpoint signed ${iso(beyond.signedAt)} covers up to seq ${beyond.seq}: entries ${this.lastSeq + 1}–${beyond.seq} were removed`,
        });
    }
    // The earliest problem wins; at the same seq, the chain's own finding is the more precise one.
    let first = this.problem ?? undefined;
    for (const p of this.cpProblems) if (!first || p.seq < first.seq) first = p;
    return {
      ok: !first,
      entries: this.count,
      checkpoints: this.checkpoints.length,
      headSeq,
      headHash,
      ...(first ? { firstProblem: first } : {}),
    };
  }
}

/** Pure verification of a whole chain held in memory. */
export function verifyChain(rows: Iterable<ChainRow>, opts: VerifyOptions): VerifyResult {
  const v = new ChainVerifier(opts);
  for (const row of rows) if (!v.push(row)) break;
  return v.finish();
}

const short = (h: string) => `${h.slice(0, 12)}…`;
const iso = (d: Date | string) => (typeof d === "string" ? d : d.toISOString());

/** The seq this entry had when it was written, if its content still hashes correctly at a nearby position. */
function originalSeq(row: ChainRow): number | null {
  if (entryHashIso(row) === row.hash) return row.seq;
  for (let d = 1; d <= RENUMBER_WINDOW; d++) {
    for (const s of [row.seq - d, row.seq + d]) if (s > 0 && entryHashIso(row, s) === row.hash) return s;
  }
  return null;
}

/**
 * Decides what happened at the first row that did not fit, from the verified rows before it and a few after it.
 * `behind` ends with the last good entry `p`; `r` is the suspect.
 */
export function diagnose(behind: readonly ChainRow[], r: ChainRow, ahead: readonly ChainRow[]): Problem {
  const p = behind.at(-1);
  const expectedSeq = (p?.seq ?? 0) + 1;
  const expectedPrev = p?.hash ?? GENESIS_HASH;

  if (p && r.seq === p.seq) {
    // The copy whose content does not hash, or failing that the one the next entry does not link to, is the extra.
    const pLinked = ahead[0] ? ahead[0].prevHash === p.hash : true;
    const extra = entryHashIso(r) !== r.hash || pLinked ? r : p;
    return {
      seq: r.seq,
      kind: "inserted",
      detail: `two entries claim seq ${r.seq}; entry ${extra.id} is not part of the hash chain`,
    };
  }

  const orig = originalSeq(r);
  if (orig === null)
    return {
      seq: r.seq,
      kind: "edited",
      detail: `entry ${r.seq} (${r.action} on ${r.entityType}) no longer matches its hash: its content was changed`,
    };

  const renumbered = orig !== r.seq ? ` (it was written as seq ${orig})` : "";
  if (r.prevHash === expectedPrev)
    return {
      seq: r.seq,
      kind: orig === r.seq ? "deleted" : "edited",
      detail:
        orig === r.seq
          ? `seq jumps from ${p?.seq ?? 0} to ${r.seq}`
          : `entry ${r.seq} had its seq changed${renumbered}`,
    };

  const later = ahead.find((a) => a.hash === r.prevHash);
  if (later)
    return {
      seq: r.seq,
      kind: "reordered",
      detail: `entry at seq ${r.seq}${renumbered} follows entry ${later.seq} in the hash chain: seq order disagrees with the chain`,
    };

  if (r.prevHash === GENESIS_HASH && p)
    return {
      seq: 1,
      kind: "inserted",
      detail: `entries 1–${p.seq} do not belong: the entry at seq ${r.seq}${renumbered} links to the start of the chain`,
    };
  const earlierIdx = behind.findIndex((b) => b.hash === r.prevHash);
  if (earlierIdx >= 0) {
    const extra = behind[earlierIdx + 1]!;
    return {
      seq: extra.seq,
      kind: "inserted",
      detail: `entry ${extra.seq} does not belong: the entry at seq ${r.seq}${renumbered} links past it to entry ${behind[earlierIdx]!.seq}`,
    };
  }

  // r links to a hash that is nowhere in sight.
  if (r.seq === expectedSeq && orig === r.seq && p) {
    if (ahead.length === 0)
      return {
        seq: r.seq,
        kind: "inserted",
        detail: `the last entry (seq ${r.seq}) does not link to entry ${p.seq}: it was added outside the chain`,
      };
    if (ahead[0]!.prevHash === r.hash)
      return {
        seq: p.seq,
        kind: "edited",
        detail: `entry ${p.seq} was rewritten and re-hashed: entry ${r.seq} recorded a different hash for it`,
      };
    return {
      seq: r.seq,
      kind: "inserted",
      detail: `entry ${r.seq} does not link to entry ${p.seq} and nothing links to it`,
    };
  }
  const missingTo = Math.max(r.seq, orig) - 1;
  const missing =
    missingTo > expectedSeq
      ? `entries ${expectedSeq}–${missingTo} are missing`
      : missingTo === expectedSeq
        ? `entry ${expectedSeq} is missing`
        : `the entry before seq ${r.seq} is missing`;
  return {
    seq: expectedSeq,
    kind: "deleted",
    detail: `${missing}: the entry at seq ${r.seq}${renumbered} links to a hash no remaining entry has`,
  };
}

/** Rows per query while streaming a chain out of the database. */
const PAGE_SIZE = 5000;

/**
 * Verifies one organization's chain and checkpoints straight from the database, page by page (keyset on
 * (seq, id), so duplicated seqs are seen too). Read-only and without a long transaction: checkpoints are read
 * first, then the head, and the walk stops at that head, so appends made meanwhile neither help nor hurt.
 */
export async function verifyOrganizationLedger(
  db: Db,
  keys: { publicKey: KeyObject; keyId: string },
  organizationId: string,
  opts: { pageSize?: number } = {},
): Promise<VerifyResult> {
  const checkpoints = await db
    .select()
    .from(ledgerCheckpoints)
    .where(eq(ledgerCheckpoints.organizationId, organizationId));
  const head = await chainHead(db, organizationId);
  const v = new ChainVerifier({ organizationId, checkpoints, publicKey: keys.publicKey, keyId: keys.keyId });
  if (!head) return v.finish();
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  let last = { seq: 0, id: "00000000-0000-0000-0000-000000000000" };
  for (;;) {
    const rows = await queryRows<ChainRow>(
      db,
      sql`SELECT organization_id AS "organizationId", seq::float8 AS seq, id::text AS id, ${AT_ISO} AS at,
            actor_type AS "actorType", actor_id AS "actorId", actor_label AS "actorLabel", action,
            entity_type AS "entityType", entity_id AS "entityId", changes, request_id AS "requestId",
            prev_hash AS "prevHash", hash
          FROM ledger_entries
          WHERE organization_id = ${organizationId} AND seq <= ${head.seq} AND (seq, id) > (${last.seq}, ${last.id}::uuid)
          ORDER BY seq, id LIMIT ${pageSize}`,
    );
    for (const row of rows) if (!v.push(row)) return v.finish(head);
    if (rows.length < pageSize) return v.finish(head);
    const tail = rows[rows.length - 1]!;
    last = { seq: tail.seq, id: tail.id };
  }
}

/**
 * `at` exactly as `Date#toISOString()` wrote it when hashing (milliseconds); a value with sub-millisecond digits
 * cannot have come from the application, so it keeps them and fails the hash check.
 */
const AT_ISO = sql.raw(`CASE WHEN date_trunc('milliseconds', at) = at
  THEN to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  ELSE to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END`);
