import "../modules/manifests.ts";
import type { Logger } from "pino";
import { type OpenOptions, openDatabase } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import type { AppContext } from "../kernel/context.ts";
import { loadKeysFor } from "../ledger/keys.ts";
import { sealLegacyChains } from "../modules/ledger/legacy.ts";
import { type Config, pgliteSettings } from "../platform/config.ts";
import { createLogger } from "../platform/logger.ts";
import { createMailer } from "../platform/mailer.ts";

/** PostgreSQL when DATABASE_URL is set, else PGlite in the data folder (also used by `assay db migrate`). */
export const databaseOptions = (config: Config): OpenOptions =>
  config.DATABASE_URL
    ? { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }
    : { dataDir: config.dataDir, pgliteSettings: pgliteSettings(config) };

/** Opens the database (PostgreSQL when DATABASE_URL is set, else PGlite in the data folder), migrates, loads keys. */
export async function createContext(config: Config, log: Logger = createLogger(config)): Promise<AppContext> {
  const database = await openDatabase(databaseOptions(config));
  try {
    const applied = await migrate(database);
    if (applied.length) log.info({ applied }, "database migrated");
    const keys = loadKeysFor(database.db, config);
    await sealLegacyChains(database.db, keys, applied, log);
    return { config, database, db: database.db, keys, mailer: createMailer(config, log), log };
  } catch (err) {
    await database.close();
    throw err;
  }
}
