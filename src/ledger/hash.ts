import { hash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** The hashed fields of an entry. `changes` is already canonical JSON text. */
export interface HashedFields {
  organizationId: string;
  seq: number;
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: string;
  requestId: string | null;
  prevHash: string;
}

/** The same fields with the time already as an ISO 8601 string (what verification reads from the database). */
export type HashedFieldsIso = Omit<HashedFields, "at"> & { at: string };

/**
 * Canonical serialization: a fixed-order JSON array, newline, then the canonical changes text.
 * `seq` can be overridden to ask "would this entry hash correctly at another position?" (tamper diagnosis).
 */
export function serializeEntry(e: HashedFieldsIso, seq = e.seq): string {
  return `${JSON.stringify([
    e.organizationId,
    seq,
    e.id,
    e.at,
    e.actorType,
    e.actorId,
    e.actorLabel,
    e.action,
    e.entityType,
    e.entityId,
    e.requestId,
    e.prevHash,
  ])}\n${e.changes}`;
}

export function entryBytes(e: HashedFields): string {
  return serializeEntry({ ...e, at: e.at.toISOString() });
}

/** SHA-256 hex of a serialized entry; the one-shot `crypto.hash` avoids a Hash object per entry. */
export const sha256 = (bytes: string): string => hash("sha256", bytes, "hex");

export function entryHash(e: HashedFields): string {
  return sha256(entryBytes(e));
}

export function entryHashIso(e: HashedFieldsIso, seq = e.seq): string {
  return sha256(serializeEntry(e, seq));
}
