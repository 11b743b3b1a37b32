import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "./client.ts";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
/** Arbitrary constant shared by every Assay process: serializes migrations across processes on PostgreSQL. */
const MIGRATION_LOCK_KEY = 7_415_002_001;

interface Migration {
  tag: string;
  statements: string[];
}

export function listMigrations(): Migration[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  return journal.entries.map(({ tag }) => ({
    tag,
    statements: fs
      .readFileSync(path.join(MIGRATIONS_DIR, `${tag}.sql`), "utf8")
      // drizzle-kit qualifies references with "public"; unqualified, they follow search_path (tests use a schema each)
      .replaceAll('"public".', "")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean),
  }));
}

const ensureTable = sql`CREATE TABLE IF NOT EXISTS schema_migrations (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;

export async function appliedMigrations(database: Database): Promise<string[]> {
  const exists = await queryRows<{ t: string | null }>(
    database.db,
    sql`SELECT to_regclass('schema_migrations')::text AS t`,
  );
  if (!exists[0]?.t) return [];
  const rows = await queryRows<{ tag: string }>(database.db, sql`SELECT tag FROM schema_migrations ORDER BY tag`);
  return rows.map((r) => r.tag);
}

export async function pendingMigrations(database: Database): Promise<string[]> {
  const applied = new Set(await appliedMigrations(database));
  return listMigrations()
    .map((m) => m.tag)
    .filter((t) => !applied.has(t));
}

/**
 * Applies pending migrations, each in its own transaction. On PostgreSQL a session advisory lock makes
 * concurrent starters wait, so the second one finds nothing left to do.
 */
export async function migrate(database: Database): Promise<string[]> {
  const lockClient = database.pool ? await database.pool.connect() : undefined;
  try {
    if (lockClient) await lockClient.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await database.db.execute(ensureTable);
    const applied = new Set(await appliedMigrations(database));
    const done: string[] = [];
    for (const m of listMigrations()) {
      if (applied.has(m.tag)) continue;
      await database.db.transaction(async (tx) => {
        for (const statement of m.statements) await tx.execute(sql.raw(statement));
        await tx.execute(sql`INSERT INTO schema_migrations (tag) VALUES (${m.tag})`);
      });
      done.push(m.tag);
    }
    return done;
  } finally {
    if (lockClient) {
      await lockClient.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
      lockClient.release();
    }
  }
}
