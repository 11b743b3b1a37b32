import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectAll, evaluateAll, testEnvironment } from "../testing.ts";
import { postgresConfig, postgresConnector } from "./connector.ts";

/**
 * Against the machine's PostgreSQL (127.0.0.1:5432, trust): a scratch database whose public schema is opened to
 * everyone and whose sessions hash passwords with MD5, and a scratch superuser, so both verdicts of each test
 * are seen on a real server. Everything created here is dropped afterwards.
 */
const ADMIN = "postgres://postgres@127.0.0.1:5432/postgres";
const suffix = `${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
const DB = `assay_pgposture_${suffix}`;
const ROLE = `assay_super_${suffix}`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

let server: { ssl: boolean; superusers: string[] };
beforeAll(async () => {
  await admin(async (c) => {
    await c.query(`CREATE DATABASE ${DB}`);
    await c.query(`ALTER DATABASE ${DB} SET password_encryption = 'md5'`);
    await c.query(`CREATE ROLE ${ROLE} SUPERUSER NOLOGIN`);
    const ssl = (await c.query<{ ssl: string }>("SHOW ssl")).rows[0]!.ssl === "on";
    const supers = (await c.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolsuper ORDER BY 1")).rows;
    server = { ssl, superusers: supers.map((r) => r.rolname) };
  });
  const open = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}` });
  await open.connect();
  await open.query("GRANT CREATE ON SCHEMA public TO PUBLIC");
  await open.end();
});
afterAll(async () => {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await c.query(`DROP ROLE IF EXISTS ${ROLE}`);
  });
});

const base = { host: "127.0.0.1", user: "postgres" };
// The machine's own database is on loopback, which installations must allow explicitly.
const env = testEnvironment({ outboundAllow: "127.0.0.1" });

describe("PostgreSQL posture connector (real server)", () => {
  it("tests the connection, and explains wrong settings in actionable terms", async () => {
    const ok = await postgresConnector.testConnection(postgresConfig.parse(base), {}, env);
    expect(ok).toMatchObject({ ok: true });
    const role = await postgresConnector.testConnection(
      postgresConfig.parse({ ...base, user: "assay_nobody" }),
      { password: "nope" },
      env,
    );
    expect(role).toMatchObject({ ok: false });
    if (!role.ok) {
      expect(role.error).toMatch(/refused role "assay_nobody"/);
      expect(role.guidance).toMatch(/GRANT pg_read_all_settings/);
    }
    const db = await postgresConnector.testConnection(postgresConfig.parse({ ...base, database: "nope_db" }), {}, env);
    expect(db).toMatchObject({ ok: false, error: expect.stringMatching(/"nope_db" does not exist/) });
    const host = await postgresConnector.testConnection(
      postgresConfig.parse({ ...base, host: "no-such-host.invalid" }),
      {},
      env,
    );
    expect(host).toMatchObject({ ok: false, error: expect.stringMatching(/does not resolve/) });
    if (!server.ssl) {
      const ssl = await postgresConnector.testConnection(
        postgresConfig.parse({ ...base, sslMode: "require" }),
        {},
        env,
      );
      expect(ssl).toMatchObject({ ok: false, error: expect.stringMatching(/does not support SSL/) });
    }
  });

  it("collects the server's posture, settings, roles and databases, and evaluates every test", async () => {
    const config = { ...base, databases: ["postgres", DB] };
    const { resources, warnings } = await collectAll(postgresConnector, config, {}, env);
    expect(warnings).toEqual([]);
    const types = new Set(resources.map((r) => r.type));
    expect([...types].sort()).toEqual(["database", "database_role", "database_server", "setting"]);
    const serverRes = resources.find((r) => r.type === "database_server")!;
    expect(serverRes.attributes).toMatchObject({
      ssl: server.ssl,
      superuser_count: server.superusers.length,
      password_encryption: "scram-sha-256",
    });
    expect(serverRes.attributes.superusers).toContain(ROLE);
    expect(resources.find((r) => r.type === "setting" && r.externalId === "log_connections")).toBeTruthy();
    expect(resources.find((r) => r.type === "database_role" && r.externalId === ROLE)!.attributes).toMatchObject({
      superuser: true,
      can_login: false,
    });

    const results = evaluateAll(postgresConnector, resources, postgresConfig.parse(config));
    const ext = serverRes.externalId;
    expect(results.get(`postgres.ssl_enabled|${ext}`)!.status).toBe(server.ssl ? "pass" : "fail");
    expect(results.get(`postgres.password_encryption_scram|${ext}`)!.status).toBe("pass");
    expect(results.get(`postgres.superuser_count|${ext}`)).toMatchObject({
      status: "fail",
      reason: expect.stringContaining(ROLE),
    });
    expect(results.get(`postgres.public_schema_create|postgres`)!.status).toBe("pass");
    expect(results.get(`postgres.public_schema_create|${DB}`)).toMatchObject({
      status: "fail",
      reason: `Every role may create objects in the public schema of ${DB}.`,
    });
    expect(results.get(`postgres.role_password_scram|${ROLE}`)!.status).toBe("not_applicable");
    const allowMore = evaluateAll(
      postgresConnector,
      [serverRes],
      postgresConfig.parse({ ...config, maxSuperusers: server.superusers.length }),
    );
    expect(allowMore.get(`postgres.superuser_count|${ext}`)!.status).toBe("pass");
  });

  it("reads the settings the session really has (md5 hashing in the scratch database fails the test)", async () => {
    const { resources } = await collectAll(postgresConnector, { ...base, database: DB, databases: [DB] }, {}, env);
    const s = resources.find((r) => r.type === "database_server")!;
    expect(s.attributes.password_encryption).toBe("md5");
    const results = evaluateAll(postgresConnector, [s], {});
    expect(results.get(`postgres.password_encryption_scram|${s.externalId}`)).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(/md5/),
    });
  });

  it("warns about (and skips) a listed database that does not exist, so the sync is partial", async () => {
    const { resources, warnings } = await collectAll(
      postgresConnector,
      { ...base, databases: ["postgres", "nope_db_x"] },
      {},
      env,
    );
    expect(resources.filter((r) => r.type === "database").map((r) => r.externalId)).toEqual(["postgres"]);
    expect(warnings).toEqual([expect.stringMatching(/"nope_db_x" .* does not exist/)]);
  });
});
