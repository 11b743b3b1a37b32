import { type KeyObject, sign, verify } from "node:crypto";

/** What a checkpoint signs: versioned and bound to the organization, so a signature cannot be replayed elsewhere. */
export const checkpointMessage = (organizationId: string, seq: number, hash: string) =>
  `assay-ledger-checkpoint:v1:${organizationId}:${seq}:${hash}`;

/** Ed25519 signature (base64) of a chain head. */
export function signCheckpoint(signingKey: KeyObject, organizationId: string, seq: number, hash: string): string {
  return sign(null, Buffer.from(checkpointMessage(organizationId, seq, hash)), signingKey).toString("base64");
}

/** Null when the checkpoint's signature verifies with `publicKey`; otherwise why it does not. */
export function verifyCheckpointSignature(
  publicKey: KeyObject,
  keyId: string | undefined,
  organizationId: string,
  cp: { seq: number; hash: string; keyId: string; signature: string },
): string | null {
  let valid = false;
  try {
    valid = verify(
      null,
      Buffer.from(checkpointMessage(organizationId, cp.seq, cp.hash)),
      publicKey,
      Buffer.from(cp.signature, "base64"),
    );
  } catch {
    valid = false;
  }
  if (valid) return null;
  const foreign = keyId && cp.keyId !== keyId ? ` (it names key ${cp.keyId}; this installation's key is ${keyId})` : "";
  return `the checkpoint at seq ${cp.seq} has a signature that does not verify with the installation's public key${foreign}: it was forged or altered`;
}
