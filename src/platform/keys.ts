import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "./config.ts";
import type { EncryptionKey } from "./storage/crypto.ts";
import { sha256Hex } from "./tokens.ts";

function readOrCreate(file: string, create: () => string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const value = create();
    try {
      fs.writeFileSync(file, value, { mode: 0o600, flag: "wx" });
      return value;
    } catch {
      return fs.readFileSync(file, "utf8"); // another process created it first
    }
  }
}

export interface Keys {
  /** Ed25519 key that signs ledger checkpoints. */
  signingKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** Short fingerprint of the public key, stored with each entry and checkpoint. */
  keyId: string;
  /** Every ledger public key by id: the current one and retired ones (docs/ledger.md "Rotating the ledger key"). */
  publicKeys: ReadonlyMap<string, KeyObject>;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** AES-256 keys: the current one (ASSAY_ENCRYPTION_KEY) first, then retired ones that still decrypt. */
  encryptionKeys: readonly EncryptionKey[];
}

/** A base64 AES-256 key with its id (first 8 bytes of its SHA-256, hex); `name` says where it came from. */
export function encryptionKey(b64: string, name: string): EncryptionKey {
  const key = Buffer.from(b64.trim(), "base64");
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded (openssl rand -base64 32).`);
  return { id: sha256Hex(key).slice(0, 16), key };
}

/** A ledger key's id: first 16 hex digits of the SHA-256 of its public key's DER (SPKI) encoding. */
export const keyIdOf = (publicKey: KeyObject): string =>
  sha256Hex(publicKey.export({ type: "spki", format: "der" })).slice(0, 16);

/** Public keys (or private keys, whose public half is taken) of retired ledger keys: every *.pem in the folder. */
function retiredLedgerKeys(dir: string): [string, KeyObject][] {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith(".pem"));
  } catch {
    return [];
  }
  return files.map((f) => {
    const pem = fs.readFileSync(path.join(dir, f), "utf8");
    const key = pem.includes("PRIVATE KEY") ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
    return [keyIdOf(key), key];
  });
}

/** Loads keys from configuration, or generates them into the data folder at first start. */
export function loadKeys(config: Config): Keys {
  const keyDir = path.join(config.dataDir, "keys");
  const signingPem =
    config.ASSAY_LEDGER_SIGNING_KEY?.replace(/\\n/g, "\n") ??
    readOrCreate(path.join(keyDir, "ledger-ed25519.pem"), () =>
      generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    );
  const signingKey = createPrivateKey(signingPem);
  const publicKey = createPublicKey(signingKey);
  const keyId = keyIdOf(publicKey);
  const retiredDir = config.ASSAY_LEDGER_RETIRED_KEYS_DIR ?? path.join(keyDir, "ledger-retired");
  const publicKeys = new Map([...retiredLedgerKeys(retiredDir), [keyId, publicKey] as const]);
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const encKeyB64 =
    config.ASSAY_ENCRYPTION_KEY ??
    readOrCreate(path.join(keyDir, "encryption.key"), () => randomBytes(32).toString("base64")).trim();
  const encKey = Buffer.from(encKeyB64, "base64");
  if (encKey.length !== 32) throw new Error("ASSAY_ENCRYPTION_KEY must be 32 bytes, base64-encoded.");
  const retired = (config.ASSAY_ENCRYPTION_RETIRED_KEYS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k, i) => encryptionKey(k, `ASSAY_ENCRYPTION_RETIRED_KEYS (key ${i + 1})`));
  const encryptionKeys = [encryptionKey(encKeyB64, "ASSAY_ENCRYPTION_KEY"), ...retired];
  return {
    signingKey,
    publicKey,
    publicKeyPem,
    keyId,
    publicKeys,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", encKey, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `v1.${iv.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}.${body.toString("base64url")}`;
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Unrecognized sealed value.");
      // The current key first; after a rotation, values sealed before it open with a retired key.
      let failure: unknown;
      for (const { key } of encryptionKeys) {
        try {
          const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
          decipher.setAuthTag(Buffer.from(tag, "base64url"));
          return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
        } catch (err) {
          failure ??= err;
        }
      }
      throw failure;
    },
    encryptionKeys,
  };
}
