import { eq, sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/client.ts";
import { ledgerCheckpoints } from "../db/schema/index.ts";
import { chainHead, KEYED_ACTION } from "./append.ts";
import { entryHashIso, GENESIS_HASH, type HashedFieldsIso, serializeEntry, sha256 } from "./hash.ts";
import { checkpointSignatureProblem, entrySignatureProblem, type PublicKeyring } from "./signature.ts";

/** One stored ledger entry as verification reads it (`at` as an ISO 8601 string). */
export interface ChainRow extends HashedFieldsIso {
  hash: string;
  keyId: string | null;
  signature: string | null;
}

export interface CheckpointRow {
  seq: number;
  hash: string;
  keyId: string;
  signature: string;
  signedAt: Date | string;
}

/**
 * A head known from outside the database: a signed checkpoint a witness kept (file, bucket, webhook receiver) or a
 * `seq:hash` pair someone wrote down (`expect`, trusted as given). `source` names where it came from in messages.
 */
export interface ExternalHead {
  seq: number;
  hash: string;
  source: string;
  keyId?: string;
  signature?: string;
  signedAt?: Date | string;
}

/**
 * edited: an entry's content no longer matches its hash (or its hash was recomputed after the next entry recorded it).
 * deleted: entries are missing (a gap in seq, or prev_hash points to an entry that is gone).
 * inserted: an entry that does not belong (duplicate seq, or the chain links around it).
 * reordered: seq order disagrees with the prev_hash chain.
 * forged: an entry whose hash fits but whose signature is missing, invalid or by an unknown key (not written by Assay);
 *   unsigned entries count only when a signed `ledger.keyed` entry right after them vouches for them (the upgrade).
 * truncated: a checkpoint (stored or external) covers entries beyond the current head.
 * bad_signature: a checkpoint whose signature does not verify with the installation's ledger keys.
 * checkpoint_mismatch: the chain's hash at a checkpoint's seq differs from the signed one (history rewritten).
 * checkpoint_missing: an external witness holds a checkpoint the database no longer has (checkpoints were deleted).
 */
export const PROBLEM_KINDS = [
  "edited",
  "deleted",
  "inserted",
  "reordered",
  "forged",
  "truncated",
  "bad_signature",
  "checkpoint_mismatch",
  "checkpoint_missing",
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface Problem {
  seq: number;
  kind: ProblemKind;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries checked (the walk stops at the first bad entry). */
  entries: number;
  /** Checkpoints checked: stored ones plus external ones. */
  checkpoints: number;
  headSeq: number;
  headHash: string;
  firstProblem?: Problem;
}

export interface VerifyOptions {
  organizationId: string;
  /** Every public key that may have signed entries and checkpoints. Without keys only the hash chain is checked. */
  publicKeys?: PublicKeyring;
  /** Checkpoints stored in the database. */
  checkpoints?: readonly CheckpointRow[];
  /** Heads known from outside the database: catch truncation and whole-chain replacement. */
  external?: readonly ExternalHead[];
  /**
   * Verify from this verified position instead of the genesis (the checkpoint job's incremental check); `signed`
   * says whether the entry there is signed (then every later entry must be).
   */
  from?: { seq: number; hash: string; signed: boolean };
}

/** A head the walk compares the chain with, wherever it came from. */
interface Anchor {
  seq: number;
  hash: string;
  source: string;
  signedAt?: Date | string;
}

/** Rows seen after the first anomaly before deciding what kind it is. */
const LOOKAHEAD = 3;
/** Verified rows kept behind the walk for diagnosis. */
const LOOKBEHIND = 4;
/** How far from its current seq a renumbered entry's original seq is searched. */
const RENUMBER_WINDOW = 8;

/**
 * Streaming verifier: feed rows in (seq, id) order with `push` until it returns false, then `finish`.
 * The hot path per row is one serialization, one SHA-256 and one Ed25519 verification; diagnosis only runs once, at
 * the first anomaly.
 */
export class ChainVerifier {
  private readonly anchors: Anchor[];
  private readonly anchorProblems: Problem[] = [];
  private readonly keys: PublicKeyring | undefined;
  private anchorIndex = 0;
  private lastSeq: number;
  private lastHash: string;
  private count = 0;
  private readonly behind: ChainRow[] = [];
  private suspect: ChainRow | null = null;
  private readonly ahead: ChainRow[] = [];
  private problem: Problem | null = null;
  private tail: ChainRow | null = null;
  /** First and last seq of unsigned entries not yet vouched for by a signed `ledger.keyed` entry. */
  private unsigned: { from: number; to: number } | null = null;
  private signedSeen = false;

  constructor(opts: VerifyOptions) {
    this.keys = opts.publicKeys;
    this.lastSeq = opts.from?.seq ?? 0;
    this.lastHash = opts.from?.hash ?? GENESIS_HASH;
    this.signedSeen = opts.from?.signed ?? false;
    this.anchors = [...this.storedAnchors(opts), ...this.externalAnchors(opts)].sort((a, b) => a.seq - b.seq);
  }

  private signatureProblem(organizationId: string, cp: CheckpointRow, source: string): Problem | null {
    if (!this.keys) return null;
    const why = checkpointSignatureProblem(this.keys, organizationId, cp);
    return why ? { seq: cp.seq, kind: "bad_signature", detail: `${why} (${source})` } : null;
  }

  private storedAnchors(opts: VerifyOptions): Anchor[] {
    const anchors: Anchor[] = [];
    for (const cp of opts.checkpoints ?? []) {
      const bad = this.signatureProblem(opts.organizationId, cp, "stored checkpoint");
      if (bad) this.anchorProblems.push(bad);
      else anchors.push({ seq: cp.seq, hash: cp.hash, signedAt: cp.signedAt, source: "the stored checkpoint" });
    }
    return anchors;
  }

  /** Signed external checkpoints must verify; the stored ones must still include them (nobody deleted them). */
  private externalAnchors(opts: VerifyOptions): Anchor[] {
    const stored = new Set((opts.checkpoints ?? []).map((cp) => `${cp.seq}:${cp.hash}`));
    const anchors: Anchor[] = [];
    for (const head of opts.external ?? []) {
      if (head.signature && head.keyId) {
        const cp = { ...head, keyId: head.keyId, signature: head.signature, signedAt: head.signedAt ?? "" };
        const bad = this.signatureProblem(opts.organizationId, cp, head.source);
        if (bad) {
          this.anchorProblems.push(bad);
          continue;
        }
        if (!stored.has(`${head.seq}:${head.hash}`))
          this.anchorProblems.push({
            seq: head.seq,
            kind: "checkpoint_missing",
            detail: `${head.source} holds a signed checkpoint at seq ${head.seq} that the database no longer has: checkpoints were deleted`,
          });
      }
      anchors.push({ seq: head.seq, hash: head.hash, signedAt: head.signedAt, source: head.source });
    }
    return anchors;
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
    this.problem = this.keys ? this.checkSignature(row, this.keys) : null;
    if (this.problem) return false;
    this.lastSeq = row.seq;
    this.lastHash = row.hash;
    if (this.behind.length === LOOKBEHIND) this.behind.shift();
    this.behind.push(row);
    while (this.anchorIndex < this.anchors.length && this.anchors[this.anchorIndex]!.seq <= row.seq) {
      const a = this.anchors[this.anchorIndex++]!;
      if (a.seq === row.seq && a.hash !== row.hash)
        this.anchorProblems.push({
          seq: a.seq,
          kind: "checkpoint_mismatch",
          detail: `entry ${a.seq} has hash ${short(row.hash)} but ${a.source}${a.signedAt ? ` signed ${iso(a.signedAt)}` : ""} recorded ${short(a.hash)}: the chain was rewritten up to here`,
        });
    }
    return true;
  }

  /**
   * Unsigned entries are accepted only as a run that a signed `ledger.keyed` entry immediately follows (entries
   * written before signing, sealed at upgrade); any other missing or bad signature means Assay did not write it.
   */
  private checkSignature(row: ChainRow, keys: PublicKeyring): Problem | null {
    if (!row.signature && !this.signedSeen) {
      this.unsigned = { from: this.unsigned?.from ?? row.seq, to: row.seq };
      return null;
    }
    const why = entrySignatureProblem(keys, row);
    if (why) return { seq: row.seq, kind: "forged", detail: `${why}: the entry was added or rewritten outside Assay` };
    if (this.unsigned && row.action !== KEYED_ACTION) return this.unvouched(this.unsigned);
    this.unsigned = null;
    this.signedSeen = true;
    return null;
  }

  private unvouched(run: { from: number; to: number }): Problem {
    return {
      seq: run.from,
      kind: "forged",
      detail: `entries ${run.from}–${run.to} carry no signature and no signed ledger.keyed entry vouches for them: Assay did not write them (or they predate signed entries and were never sealed)`,
    };
  }

  finish(head?: { seq: number; hash: string }): VerifyResult {
    if (!this.problem && this.suspect) this.problem = diagnose(this.behind, this.suspect, this.ahead);
    if (!this.problem && this.unsigned) this.problem = this.unvouched(this.unsigned);
    const headSeq = head?.seq ?? this.tail?.seq ?? this.lastSeq;
    const headHash = head?.hash ?? this.tail?.hash ?? this.lastHash;
    if (!this.problem) {
      const beyond = this.anchors.findLast((a) => a.seq > this.lastSeq);
      if (beyond)
        this.anchorProblems.push({
          seq: this.lastSeq + 1,
          kind: "truncated",
          detail: `the chain ends at seq ${this.lastSeq} but ${beyond.source}${beyond.signedAt ? ` signed ${iso(beyond.signedAt)}` : ""} covers up to seq ${beyond.seq}: entries ${this.lastSeq + 1}–${beyond.seq} were removed`,
        });
    }
    // The earliest problem wins; at the same seq, the chain's own finding is the more precise one, and a lost
    // checkpoint matters less than what it reveals (truncation, rewriting).
    let first = this.problem ?? undefined;
    const anchorProblems = [...this.anchorProblems].sort(
      (a, b) => a.seq - b.seq || Number(a.kind === "checkpoint_missing") - Number(b.kind === "checkpoint_missing"),
    );
    for (const p of anchorProblems) if (!first || p.seq < first.seq) first = p;
    return {
      ok: !first,
      entries: this.count,
      checkpoints: this.anchors.length + this.anchorProblems.filter((p) => p.kind === "bad_signature").length,
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
  keys: { publicKeys: PublicKeyring },
  organizationId: string,
  opts: { pageSize?: number; external?: readonly ExternalHead[] } = {},
): Promise<VerifyResult> {
  const checkpoints = await db
    .select()
    .from(ledgerCheckpoints)
    .where(eq(ledgerCheckpoints.organizationId, organizationId));
  const head = await chainHead(db, organizationId);
  const v = new ChainVerifier({
    organizationId,
    checkpoints,
    publicKeys: keys.publicKeys,
    external: opts.external,
  });
  if (!head) return v.finish();
  for await (const rows of chainPages(db, organizationId, head.seq, opts))
    for (const row of rows) if (!v.push(row)) return v.finish(head);
  return v.finish(head);
}

/** The organization's entries after `from.seq` up to `throughSeq`, in (seq, id) order, a page at a time. */
export async function* chainPages(
  db: Db,
  organizationId: string,
  throughSeq: number,
  opts: { pageSize?: number; from?: { seq: number } } = {},
): AsyncGenerator<ChainRow[]> {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  // Entries at `from.seq` itself (duplicates included) were verified by the caller.
  let last = opts.from
    ? { seq: opts.from.seq, id: "ffffffff-ffff-ffff-ffff-ffffffffffff" }
    : { seq: 0, id: "00000000-0000-0000-0000-000000000000" };
  for (;;) {
    const rows = await queryRows<ChainRow>(
      db,
      sql`SELECT organization_id AS "organizationId", seq::float8 AS seq, id::text AS id, ${AT_ISO} AS at,
            actor_type AS "actorType", actor_id AS "actorId", actor_label AS "actorLabel", action,
            entity_type AS "entityType", entity_id AS "entityId", changes, request_id AS "requestId",
            prev_hash AS "prevHash", hash, key_id AS "keyId", signature
          FROM ledger_entries
          WHERE organization_id = ${organizationId} AND seq <= ${throughSeq} AND (seq, id) > (${last.seq}, ${last.id}::uuid)
          ORDER BY seq, id LIMIT ${pageSize}`,
    );
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
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
