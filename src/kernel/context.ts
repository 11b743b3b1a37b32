import type { Logger } from "pino";
import type { Database, Db } from "../db/client.ts";
import type { Config } from "../platform/config.ts";
import type { Keys } from "../platform/keys.ts";
import type { Mailer } from "../platform/mailer.ts";

/** What route modules and services may depend on. Services take only the parts they use. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  keys: Keys;
  mailer: Mailer;
  log: Logger;
}
