import { type KeyObject, sign, verify } from "node:crypto";

/**
 * Ed25519 signatures over ledger entries and checkpoints. Every entry is signed with the installation's ledger key,
 * which lives outside the database (the data folder or ASSAY_LEDGER_SIGNING_KEY): someone who can write rows but not
 * read that key cannot add or rewrite an entry that verifies. Anyone with the public key can check (an auditor
 * needs no secret). docs/ledger.md specifies both messages.
 */

/** The installation's current signing key and every public key that may have signed entries (retired included). */
export interface LedgerKeyring {
  signingKey: KeyObject;
  keyId: string;
  publicKeys: ReadonlyMap<string, KeyObject>;
}

/** The public side only: what a verifier needs. */
export type PublicKeyring = ReadonlyMap<string, KeyObject>;

/** What an entry's signature covers: its hash, which already covers the organization, seq and predecessor. */
export const entryMessage = (hash: string) => `assay-ledger-entry:v1:${hash}`;

/** What a checkpoint signs: versioned and bound to the organization, so a signature cannot be replayed elsewhere. */
export const checkpointMessage = (organizationId: string, seq: number, hash: string) =>
  `assay-ledger-checkpoint:v1:${organizationId}:${seq}:${hash}`;

const signText = (key: KeyObject, message: string) => sign(null, Buffer.from(message), key).toString("base64");

function verifies(publicKey: KeyObject, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message), publicKey, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

export const signEntry = (keys: Pick<LedgerKeyring, "signingKey">, hash: string) =>
  signText(keys.signingKey, entryMessage(hash));

/** Ed25519 signature (base64) of a chain head. */
export const signCheckpoint = (signingKey: KeyObject, organizationId: string, seq: number, hash: string) =>
  signText(signingKey, checkpointMessage(organizationId, seq, hash));

/** Null when the entry carries a signature by a known key over its hash; otherwise why not. */
export function entrySignatureProblem(
  keys: PublicKeyring,
  e: { seq: number; hash: string; keyId: string | null; signature: string | null },
): string | null {
  if (!e.signature || !e.keyId) return `entry ${e.seq} carries no signature`;
  const key = keys.get(e.keyId);
  if (!key)
    return `entry ${e.seq} is signed with key ${e.keyId}, which is neither this installation's ledger key nor a retired one`;
  if (!verifies(key, entryMessage(e.hash), e.signature))
    return `entry ${e.seq} has a signature that does not verify with key ${e.keyId}: it was not written by Assay`;
  return null;
}

/** Null when the checkpoint's signature verifies with the key it names; otherwise why it does not. */
export function checkpointSignatureProblem(
  keys: PublicKeyring,
  organizationId: string,
  cp: { seq: number; hash: string; keyId: string; signature: string },
): string | null {
  const key = keys.get(cp.keyId);
  if (key && verifies(key, checkpointMessage(organizationId, cp.seq, cp.hash), cp.signature)) return null;
  const foreign = key ? "" : ` (it names key ${cp.keyId}, which this installation does not know)`;
  return `the checkpoint at seq ${cp.seq} has a signature that does not verify with the installation's ledger keys${foreign}: it was forged or altered`;
}
