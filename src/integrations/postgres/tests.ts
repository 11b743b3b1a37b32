import type { CatalogueTest, Evaluation } from "../types.ts";

const pass = (reason: string): Evaluation => ({ status: "pass", reason });
const fail = (reason: string, remediation?: string): Evaluation => ({ status: "fail", reason, remediation });
const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);

/** The PostgreSQL posture tests. Each reads attributes the connector collected; none touches the server. */
export const POSTGRES_TESTS: readonly CatalogueTest[] = [
  {
    id: "postgres.ssl_enabled",
    title: "PostgreSQL accepts encrypted connections (SSL on)",
    description: "Connections to the database can be encrypted in transit: the server has `ssl = on`.",
    resourceType: "database_server",
    severity: "high",
    controls: ["NET-03"],
    remediation:
      "Install a certificate and key (ssl_cert_file, ssl_key_file), set ssl = on in postgresql.conf and reload. Then require it for remote clients with hostssl lines in pg_hba.conf, and set ssl_min_protocol_version = 'TLSv1.2'.",
    evaluate: (r) =>
      r.attributes.ssl === true
        ? pass(
            `SSL is on${r.attributes.connection_encrypted ? "; the monitoring connection itself was encrypted" : ""}.`,
          )
        : fail("SSL is off: every connection, passwords and data included, crosses the network in clear text."),
  },
  {
    id: "postgres.password_encryption_scram",
    title: "PostgreSQL hashes passwords with SCRAM-SHA-256",
    description: "New and changed passwords are stored as SCRAM-SHA-256 verifiers, not as MD5 hashes.",
    resourceType: "database_server",
    severity: "high",
    controls: ["ACC-05"],
    remediation:
      "Set password_encryption = 'scram-sha-256' in postgresql.conf and reload, then have each role set its password again (ALTER ROLE … PASSWORD …) and switch md5 lines in pg_hba.conf to scram-sha-256.",
    evaluate: (r) => {
      const v = r.attributes.password_encryption;
      if (typeof v !== "string")
        return { status: "error", reason: "The password_encryption setting could not be read." };
      return v === "scram-sha-256"
        ? pass("password_encryption is scram-sha-256.")
        : fail(`password_encryption is ${v}: passwords are stored as weak MD5 hashes.`);
    },
  },
  {
    id: "postgres.connection_logging",
    title: "PostgreSQL logs connections",
    description: "Every connection attempt is logged (log_connections), so access can be reviewed and investigated.",
    resourceType: "database_server",
    severity: "medium",
    controls: ["OPS-01"],
    remediation:
      "Set log_connections = on (and log_disconnections = on, for session lengths) in postgresql.conf and reload; ship the server log to your central logging.",
    evaluate: (r) =>
      r.attributes.log_connections === true
        ? pass(
            `log_connections is on${r.attributes.log_disconnections === true ? ", and so is log_disconnections" : " (log_disconnections is off)"}.`,
          )
        : fail("log_connections is off: nobody can tell afterwards who connected to the database, or when."),
  },
  {
    id: "postgres.superuser_count",
    title: "Few PostgreSQL superusers",
    description:
      "Superusers bypass every permission check. At most the configured number (default 1, the bootstrap superuser) may exist.",
    resourceType: "database_server",
    severity: "high",
    controls: ["ACC-09"],
    remediation:
      "Give people and applications roles with only the privileges they need, then ALTER ROLE … NOSUPERUSER for the extra superusers. Keep one, used only for administration.",
    evaluate: (r, ctx) => {
      const max = typeof ctx.config.maxSuperusers === "number" ? ctx.config.maxSuperusers : 1;
      const names = list(r.attributes.superusers);
      return names.length <= max
        ? pass(
            `${names.length} superuser role${names.length === 1 ? "" : "s"} (${names.join(", ") || "none"}); at most ${max} allowed.`,
          )
        : fail(`${names.length} superuser roles (${names.join(", ")}); at most ${max} allowed.`);
    },
  },
  {
    id: "postgres.public_schema_create",
    title: "Not everyone can create objects in the public schema",
    description:
      "PUBLIC (every role) has no CREATE privilege on the `public` schema, which would let any user plant functions or tables other users run (CVE-2018-1058).",
    resourceType: "database",
    severity: "high",
    controls: ["ACC-09", "AST-09"],
    remediation: "In the database run: REVOKE CREATE ON SCHEMA public FROM PUBLIC; (the default since PostgreSQL 15).",
    evaluate: (r) => {
      if (r.attributes.public_schema_exists === false)
        return { status: "not_applicable", reason: "The database has no public schema." };
      return r.attributes.public_can_create_in_public_schema === true
        ? fail(`Every role may create objects in the public schema of ${r.name}.`)
        : pass(`Only granted roles may create objects in the public schema of ${r.name}.`);
    },
  },
  {
    id: "postgres.role_password_scram",
    title: "Login roles' passwords are stored as SCRAM-SHA-256",
    description: "No login role still has an MD5-hashed password (set before SCRAM was turned on).",
    resourceType: "database_role",
    severity: "medium",
    controls: ["ACC-05"],
    remediation:
      "With password_encryption = 'scram-sha-256', set the role's password again: ALTER ROLE name PASSWORD '…'; then remove md5 from pg_hba.conf.",
    evaluate: (r) => {
      const kind = r.attributes.password_type;
      if (r.attributes.can_login !== true) return { status: "not_applicable", reason: "The role cannot log in." };
      if (kind === "unknown")
        return {
          status: "not_applicable",
          reason: "How passwords are stored is only visible to a superuser monitoring role; not checked.",
        };
      if (kind === "none")
        return { status: "not_applicable", reason: "The role has no password (other authentication)." };
      return kind === "scram-sha-256"
        ? pass("The password is stored as a SCRAM-SHA-256 verifier.")
        : fail(`The password is stored as ${kind === "md5" ? "an MD5 hash" : "an unrecognized format"}.`);
    },
  },
];
