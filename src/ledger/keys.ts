import type { Db } from "../db/client.ts";
import type { Config } from "../platform/config.ts";
import { type Keys, loadKeys } from "../platform/keys.ts";
import type { LedgerKeyring } from "./signature.ts";

/**
 * The ledger key that signs a database handle's entries. Bound once where a context is built (server/bootstrap.ts,
 * test/context.ts), because every change appends through the kernel, which is handed only the database handle; a
 * WeakMap rather than a process global, so two contexts with different keys (tests, key rotation) never mix.
 */
const bound = new WeakMap<object, LedgerKeyring>();

export function bindLedgerKeys(db: Db, keys: LedgerKeyring): void {
  bound.set(db, keys);
}

export function ledgerKeysOf(db: Db): LedgerKeyring {
  const keys = bound.get(db);
  if (!keys)
    throw new Error(
      "No ledger signing key is bound to this database handle: build the context with bindLedgerKeys(db, keys).",
    );
  return keys;
}

/** The key bound to `db`, if any (a transaction inherits its database's key). */
export const boundLedgerKeys = (db: Db): LedgerKeyring | undefined => bound.get(db);

/** Loads the installation's keys (platform/keys.ts) and binds the ledger key to `db`: how contexts get their keys. */
export function loadKeysFor(db: Db, config: Config): Keys {
  const keys = loadKeys(config);
  bindLedgerKeys(db, keys);
  return keys;
}
