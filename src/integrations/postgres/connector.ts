/**
 * PostgreSQL posture: connects with a read-only monitoring role and collects the server's security-relevant
 * settings, its roles and, per database, who may create objects in the `public` schema.
 */
import net from "node:net";
import pg from "pg";
import { z } from "zod";
import { OutboundRefused, resolveDestination } from "../../platform/net-guard.ts";
import { refusal } from "../environment.ts";
import {
  type Connector,
  type ConnectorEnvironment,
  ConnectorError,
  type ResourceInput,
  TransientError,
} from "../types.ts";
import { POSTGRES_TESTS } from "./tests.ts";

const identifier = z.string().trim().min(1).max(63);

/** Names the value typed: an out-of-range port is refused, never clamped to one the person did not give. */
const portProblem = (issue: { input?: unknown }) =>
  `Port ${String(issue.input)} does not exist: use a whole number from 1 to 65535 (PostgreSQL listens on 5432 unless set otherwise).`;

export const postgresConfig = z.strictObject({
  host: z.string().trim().min(1, "Give the server's host name or address.").max(255),
  port: z.coerce
    .number({ error: "Give the port as a number from 1 to 65535 (PostgreSQL listens on 5432 unless set otherwise)." })
    .int({ error: portProblem })
    .min(1, { error: portProblem })
    .max(65535, { error: portProblem })
    .default(5432),
  /** The database to connect to first. */
  database: identifier.default("postgres"),
  user: identifier,
  sslMode: z.enum(["disable", "prefer", "require", "verify-full"]).default("prefer"),
  /** Databases whose `public` schema is checked; default: every database that accepts connections. */
  databases: z.array(identifier).max(200).optional(),
  /** More superuser roles than this fails `postgres.superuser_count`. */
  maxSuperusers: z.number().int().min(0).max(100).default(1),
  connectTimeoutSeconds: z.number().int().min(1).max(120).default(10),
});
export type PostgresConfig = z.infer<typeof postgresConfig>;

export const postgresSecrets = z.strictObject({
  password: z.string().max(1000).optional(),
  /** PEM of the CA that signed the server's certificate (sslMode verify-full with a private CA). */
  caCert: z.string().max(50_000).optional(),
});
export type PostgresSecrets = z.infer<typeof postgresSecrets>;

/** Settings kept as `setting` resources: the inventory custom tests can write rules on. */
export const WATCHED_SETTINGS = [
  "ssl",
  "ssl_min_protocol_version",
  "password_encryption",
  "log_connections",
  "log_disconnections",
  "log_statement",
  "log_min_duration_statement",
  "log_line_prefix",
  "log_destination",
  "logging_collector",
  "listen_addresses",
  "max_connections",
  "shared_preload_libraries",
  "idle_session_timeout",
  "idle_in_transaction_session_timeout",
  "statement_timeout",
  "authentication_timeout",
  "row_security",
] as const;

/** TLS settings; `servername` keeps SNI and certificate checks on the host name while the socket uses its address. */
function sslOption(config: PostgresConfig, secrets: PostgresSecrets): pg.ClientConfig["ssl"] {
  if (config.sslMode === "disable") return false;
  const servername = net.isIP(config.host) ? {} : { servername: config.host };
  if (config.sslMode === "verify-full")
    return { rejectUnauthorized: true, ...servername, ...(secrets.caCert ? { ca: secrets.caCert } : {}) };
  return { rejectUnauthorized: false, ...servername };
}

/**
 * The address to connect to: the host resolved and checked against ASSAY_OUTBOUND_ALLOW (by default this server's
 * own database, the private network and metadata addresses are refused). Connecting to the checked address itself
 * means a DNS answer that changes afterwards cannot redirect the connection.
 */
async function destination(config: PostgresConfig, env: ConnectorEnvironment): Promise<string> {
  try {
    return (await resolveDestination(env.outbound, config.host))[0]!.address;
  } catch (err) {
    throw err instanceof OutboundRefused ? refusal(err) : explain(err, config);
  }
}

const NO_SSL = /does not support SSL/i;

/**
 * Opens a client. Every parameter is explicit (an empty password rather than none): the pg driver would
 * otherwise fill gaps from this server's own PG* variables and ~/.pgpass and could hand them to the target.
 */
export async function connect(
  config: PostgresConfig,
  secrets: PostgresSecrets,
  env: ConnectorEnvironment,
  database = config.database,
) {
  const host = await destination(config, env);
  const open = async (ssl: pg.ClientConfig["ssl"]) => {
    const client = new pg.Client({
      host,
      port: config.port,
      user: config.user,
      database,
      password: secrets.password ?? "",
      ssl,
      connectionTimeoutMillis: config.connectTimeoutSeconds * 1000,
      statement_timeout: 60_000,
      application_name: "assay-monitoring",
    });
    client.on("error", () => {}); // a dropped idle connection surfaces on the next query
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    return client;
  };
  try {
    return await open(sslOption(config, secrets));
  } catch (err) {
    // "prefer": encrypted when the server can, plain otherwise (as libpq does).
    if (config.sslMode === "prefer" && NO_SSL.test((err as Error).message))
      return open(false).catch((again: unknown) => {
        throw explain(again, config, database);
      });
    throw explain(err, config, database);
  }
}

const MONITOR_ROLE = (user: string) =>
  `Create a read-only monitoring role, e.g. CREATE ROLE ${user} LOGIN PASSWORD '…'; GRANT pg_read_all_settings, pg_read_all_stats TO ${user}; and allow it in pg_hba.conf.`;

/** Turns a driver or server error into what is wrong and what to do about it. */
export function explain(err: unknown, config: PostgresConfig, database = config.database): ConnectorError {
  const e = err as Error & { code?: string };
  const where = `${config.host}:${config.port}`;
  switch (e.code) {
    case "ECONNREFUSED":
      return new ConnectorError(
        `Nothing accepts connections on ${where}.`,
        "Check the host and port, that PostgreSQL is running, that listen_addresses includes an address this server can reach, and that no firewall blocks the port.",
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new ConnectorError(
        `The host name ${config.host} does not resolve.`,
        "Check the spelling of the host, or use its IP address.",
      );
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new ConnectorError(
        `${where} did not answer in time.`,
        "A firewall or security group probably drops the connection: allow this server's address to reach the database port.",
      );
    case "28P01":
      return new ConnectorError(
        `PostgreSQL rejected the password of role "${config.user}".`,
        "Enter the role's current password in the connection's secrets (it is stored encrypted and never shown again).",
      );
    case "28000":
      return new ConnectorError(
        `PostgreSQL refused role "${config.user}" on ${where}: ${e.message}.`,
        /does not exist/.test(e.message)
          ? `The role does not exist on this server. ${MONITOR_ROLE(config.user)}`
          : `pg_hba.conf has no entry that lets this role connect from this server. Add a host (or hostssl) line for it. ${MONITOR_ROLE(config.user)}`,
      );
    case "3D000":
      return new ConnectorError(
        `The database "${database}" does not exist on ${where}.`,
        "Set the connection's database to one that exists (postgres usually does).",
      );
    case "42501":
      return new ConnectorError(
        `Role "${config.user}" lacks a privilege: ${e.message}.`,
        `Grant it the monitoring roles: GRANT pg_read_all_settings, pg_read_all_stats TO ${config.user};`,
      );
    default:
      break;
  }
  if (NO_SSL.test(e.message))
    return new ConnectorError(
      `${where} does not support SSL, and the connection requires it (sslMode ${config.sslMode}).`,
      "Turn SSL on in postgresql.conf (ssl = on with a certificate) — the posture tests flag this too — or set sslMode to prefer while you do.",
    );
  if (/self[- ]signed|certificate|unable to verify/i.test(e.message))
    return new ConnectorError(
      `The server's certificate could not be verified: ${e.message}.`,
      "With a private CA, paste its PEM certificate into the caCert secret; or use sslMode require (encrypted, not verified).",
    );
  if (/timeout/i.test(e.message))
    return new ConnectorError(
      `${where} did not answer within ${config.connectTimeoutSeconds} s.`,
      "Check that the database is reachable from this server (firewall, security group, VPN).",
    );
  return new ConnectorError(`Could not use PostgreSQL at ${where}: ${e.message}`, "Check the connection settings.");
}

/** Errors worth another try (the server restarting, a dropped connection). */
function transient(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? "";
  return ["57P01", "57P03", "53300", "08006", "08001", "ECONNRESET", "EPIPE"].includes(code);
}

async function query<R extends pg.QueryResultRow>(client: pg.Client, text: string, values: unknown[] = []) {
  try {
    return (await client.query<R>(text, values)).rows;
  } catch (err) {
    if (transient(err)) throw new TransientError((err as Error).message);
    throw err;
  }
}

const on = (v: string | undefined) => v === "on" || v === "true";

interface SettingRow {
  name: string;
  setting: string;
  unit: string | null;
  source: string;
  boot_val: string | null;
  reset_val: string | null;
  pending_restart: boolean;
  category: string;
  short_desc: string;
}

async function serverFacts(client: pg.Client, config: PostgresConfig) {
  const settings = await query<SettingRow>(
    client,
    `SELECT name, setting, unit, source, boot_val, reset_val, pending_restart, category, short_desc
       FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name`,
    [[...WATCHED_SETTINGS]],
  );
  const byName = new Map(settings.map((s) => [s.name, s.setting]));
  const [version] = await query<{ version: string; num: number; ssl: boolean | null }>(
    client,
    `SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num,
            (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS ssl`,
  );
  const roles = await query<{
    rolname: string;
    rolsuper: boolean;
    rolinherit: boolean;
    rolcreaterole: boolean;
    rolcreatedb: boolean;
    rolcanlogin: boolean;
    rolreplication: boolean;
    rolbypassrls: boolean;
    rolconnlimit: number;
    rolvaliduntil: Date | null;
    member_of: string[];
  }>(
    client,
    `SELECT r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin, r.rolreplication,
            r.rolbypassrls, r.rolconnlimit, r.rolvaliduntil,
            ARRAY(SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid
                   WHERE m.member = r.oid ORDER BY b.rolname) AS member_of
       FROM pg_roles r WHERE r.rolname !~ '^pg_' ORDER BY r.rolname`,
  );
  // How each password is stored needs pg_authid, which only superusers read: without it the type is unknown.
  let passwordTypes: Map<string, string> | null = null;
  try {
    const rows = await client.query<{ rolname: string; kind: string }>(
      `SELECT rolname, CASE WHEN rolpassword IS NULL THEN 'none'
                            WHEN rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram-sha-256'
                            WHEN rolpassword LIKE 'md5%' THEN 'md5' ELSE 'other' END AS kind
         FROM pg_authid`,
    );
    passwordTypes = new Map(rows.rows.map((r) => [r.rolname, r.kind]));
  } catch {
    passwordTypes = null;
  }
  const databases = await query<{ datname: string; owner: string; datallowconn: boolean; encoding: string }>(
    client,
    `SELECT datname, pg_get_userbyid(datdba) AS owner, datallowconn, pg_encoding_to_char(encoding) AS encoding
       FROM pg_database WHERE NOT datistemplate ORDER BY datname`,
  );
  const superusers = roles.filter((r) => r.rolsuper).map((r) => r.rolname);
  const server: ResourceInput = {
    type: "database_server",
    externalId: `${config.host}:${config.port}`,
    name: `PostgreSQL ${version!.version} at ${config.host}:${config.port}`,
    attributes: {
      host: config.host,
      port: config.port,
      version: version!.version,
      version_num: version!.num,
      ssl: on(byName.get("ssl")),
      connection_encrypted: version!.ssl === true,
      ssl_min_protocol_version: byName.get("ssl_min_protocol_version") ?? null,
      password_encryption: byName.get("password_encryption") ?? null,
      log_connections: on(byName.get("log_connections")),
      log_disconnections: on(byName.get("log_disconnections")),
      superusers,
      superuser_count: superusers.length,
      login_superusers: roles.filter((r) => r.rolsuper && r.rolcanlogin).map((r) => r.rolname),
      role_count: roles.length,
      databases: databases.map((d) => d.datname),
      monitoring_user: config.user,
    },
  };
  const settingResources: ResourceInput[] = settings.map((s) => ({
    type: "setting",
    externalId: s.name,
    name: s.name,
    attributes: { ...s },
  }));
  const roleResources: ResourceInput[] = roles.map((r) => ({
    type: "database_role",
    externalId: r.rolname,
    name: r.rolname,
    attributes: {
      name: r.rolname,
      superuser: r.rolsuper,
      can_login: r.rolcanlogin,
      inherit: r.rolinherit,
      create_role: r.rolcreaterole,
      create_db: r.rolcreatedb,
      replication: r.rolreplication,
      bypass_rls: r.rolbypassrls,
      connection_limit: r.rolconnlimit,
      valid_until: r.rolvaliduntil ? new Date(r.rolvaliduntil).toISOString() : null,
      member_of: r.member_of,
      password_type: passwordTypes ? (passwordTypes.get(r.rolname) ?? "none") : "unknown",
    },
  }));
  return { server, settingResources, roleResources, databases };
}

/** Who may use and create in the `public` schema of one database. */
async function publicSchema(client: pg.Client) {
  const [row] = await query<{ exists: boolean; owner: string | null; can_create: boolean; can_use: boolean }>(
    client,
    `SELECT n.oid IS NOT NULL AS exists, pg_get_userbyid(n.nspowner) AS owner,
            coalesce(has_schema_privilege('public', n.oid, 'CREATE'), false) AS can_create,
            coalesce(has_schema_privilege('public', n.oid, 'USAGE'), false) AS can_use
       FROM (SELECT 1) x LEFT JOIN pg_namespace n ON n.nspname = 'public'`,
  );
  return row!;
}

export const postgresConnector: Connector<PostgresConfig, PostgresSecrets> = {
  type: "postgres",
  title: "PostgreSQL",
  description:
    "Security posture of a PostgreSQL server: SSL, password hashing, connection logging, superusers, public schema privileges.",
  category: "database",
  configSchema: postgresConfig,
  secretSchema: postgresSecrets,
  resourceTypes: ["database_server", "setting", "database_role", "database"],

  async testConnection(config, secrets, env) {
    let client: pg.Client;
    try {
      client = await connect(config, secrets, env);
    } catch (err) {
      const e = err instanceof ConnectorError ? err : explain(err, config);
      return { ok: false, error: e.message, guidance: e.guidance };
    }
    try {
      const [row] = await query<{ version: string; settings: boolean }>(
        client,
        `SELECT current_setting('server_version') AS version,
                pg_has_role(current_user, 'pg_read_all_settings', 'USAGE') AS settings`,
      );
      return {
        ok: true,
        message: `Connected to PostgreSQL ${row!.version} as ${config.user}.${row!.settings ? "" : " Without pg_read_all_settings some settings may be hidden: GRANT pg_read_all_settings TO the role."}`,
        details: { version: row!.version },
      };
    } catch (err) {
      const e = explain(err, config);
      return { ok: false, error: e.message, guidance: e.guidance };
    } finally {
      await client.end().catch(() => {});
    }
  },

  async *collect(ctx) {
    const { config, secrets, env } = ctx;
    const facts = await ctx.retry("reading the server's settings and roles", async () => {
      const client = await connect(config, secrets, env);
      try {
        return await serverFacts(client, config);
      } catch (err) {
        throw err instanceof TransientError ? err : explain(err, config);
      } finally {
        await client.end().catch(() => {});
      }
    });
    yield [facts.server];
    yield facts.settingResources;
    yield facts.roleResources;

    const wanted = config.databases ?? facts.databases.filter((d) => d.datallowconn).map((d) => d.datname);
    const known = new Map(facts.databases.map((d) => [d.datname, d]));
    for (const name of wanted) {
      if (ctx.signal.aborted) return;
      const meta = known.get(name);
      if (!meta) {
        ctx.warn(`Database "${name}" is listed in the connection's settings but does not exist on the server.`);
        continue;
      }
      await ctx.progress(`checking the public schema of ${name}`);
      try {
        const schema = await ctx.retry(`checking database ${name}`, async () => {
          const client = await connect(config, secrets, env, name);
          try {
            return await publicSchema(client);
          } finally {
            await client.end().catch(() => {});
          }
        });
        yield [
          {
            type: "database",
            externalId: name,
            name,
            attributes: {
              name,
              owner: meta.owner,
              encoding: meta.encoding,
              allows_connections: meta.datallowconn,
              public_schema_exists: schema.exists,
              public_schema_owner: schema.owner,
              public_can_create_in_public_schema: schema.can_create,
              public_can_use_public_schema: schema.can_use,
            },
          },
        ];
      } catch (err) {
        const e = err instanceof ConnectorError ? err : explain(err, config, name);
        ctx.warn(`Database "${name}" could not be checked: ${e.message} ${e.guidance}`);
      }
    }
  },

  tests: POSTGRES_TESTS,
};
