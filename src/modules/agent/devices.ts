/** Devices for people: a filtered list, one device with its facts and checks, and revoking one. */
import { and, asc, count, eq, ilike, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { OrgActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { connections, devices, people, resources, testStatusIntervals } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { loadTests } from "../../integrations/definitions.ts";
import { LINUX_AGENT } from "../../integrations/linux-agent/connector.ts";
import { platformOfTest } from "../../integrations/linux-agent/tests.ts";
import { change } from "../../kernel/change.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { testResultsMoved } from "../monitoring/events.ts";
import { closeOpenIntervals, createResourcesService, testsFor } from "../monitoring/public.ts";
import { deviceAssigned, deviceRevoked } from "./events.ts";
import { type DeviceDetail, type DeviceFilter, STALE_AFTER_MS } from "./schema.ts";

/** The checks of the device's own platform (`linux_agent.macos_…`, `linux_agent.windows_…`, the rest Linux). */
const ownPlatform = (alias: string) =>
  sql.raw(`(CASE devices.platform WHEN 'macos' THEN ${alias}.test_id LIKE 'linux\\_agent.macos\\_%'
    WHEN 'windows' THEN ${alias}.test_id LIKE 'linux\\_agent.windows\\_%'
    ELSE ${alias}.test_id NOT LIKE 'linux\\_agent.macos\\_%' AND ${alias}.test_id NOT LIKE 'linux\\_agent.windows\\_%' END)`);
const openCount = (statuses: string[]) =>
  sql<number>`(SELECT count(*) FROM ${testStatusIntervals} i WHERE i.resource_id = ${devices.resourceId}
    AND i.ended_at IS NULL AND ${ownPlatform("i")} AND i.status IN (${sql.join(
      statuses.map((s) => sql`${s}`),
      sql`, `,
    )}))`;
const failingExists = sql`EXISTS (SELECT 1 FROM ${testStatusIntervals} f WHERE f.resource_id = ${devices.resourceId}
  AND f.ended_at IS NULL AND ${ownPlatform("f")} AND f.status IN ('fail', 'error'))`;

const columns = {
  d: devices,
  connection: { id: connections.id, name: connections.name },
  person: { id: people.id, fullName: people.fullName, email: people.email },
  /** Linux: PRETTY_NAME; macOS: "macOS 15.1"; Windows: the caption. */
  os: sql<string | null>`COALESCE(${resources.attributes}->'os'->'value'->>'pretty_name',
    ${resources.attributes}->'os'->'value'->>'caption',
    (${resources.attributes}->'os'->'value'->>'name') || ' ' || (${resources.attributes}->'os'->'value'->>'version'))`,
  passing: openCount(["pass"]),
  failing: openCount(["fail", "error"]),
  notApplicable: openCount(["not_applicable"]),
};
type Row = {
  d: typeof devices.$inferSelect;
  person: { id: string; fullName: string; email: string } | null;
  connection: { id: string; name: string };
  os: string | null;
  passing: number;
  failing: number;
  notApplicable: number;
};

function toSummary(r: Row, now = Date.now()) {
  const failing = Number(r.failing);
  const stale = !r.d.revokedAt && (!r.d.lastReportAt || now - r.d.lastReportAt.getTime() > STALE_AFTER_MS);
  return {
    id: r.d.id,
    hostname: r.d.hostname,
    machineId: r.d.machineId,
    ownerEmail: r.d.ownerEmail,
    person: r.person,
    platform: r.d.platform,
    os: r.os,
    agentVersion: r.d.agentVersion,
    connection: r.connection,
    resourceId: r.d.resourceId,
    enrolledAt: r.d.enrolledAt,
    lastReportAt: r.d.lastReportAt,
    revokedAt: r.d.revokedAt,
    stale,
    checks: { passing: Number(r.passing), failing, notApplicable: Number(r.notApplicable) },
    status: r.d.revokedAt
      ? ("revoked" as const)
      : !r.d.lastReportAt
        ? ("pending" as const)
        : failing
          ? ("failing" as const)
          : ("passing" as const),
  };
}

/** What the ledger keeps about a device (never its token or hash). */
const ledgerView = (d: typeof devices.$inferSelect) => ({
  hostname: d.hostname,
  machineId: d.machineId,
  ownerEmail: d.ownerEmail,
  tokenPrefix: d.tokenPrefix,
  revokedAt: d.revokedAt,
});

/** The organization's device, locked for this change; 404 when there is none. */
async function lockDevice(tx: Db, organizationId: string, id: string) {
  const [d] = await tx
    .select()
    .from(devices)
    .where(and(eq(devices.id, id), eq(devices.organizationId, organizationId)))
    .for("update");
  if (!d) throw notFound("The device");
  return d;
}

export function createDevicesService({ db }: { db: Db }) {
  const inventory = createResourcesService({ db });
  const base = () =>
    db
      .select(columns)
      .from(devices)
      .innerJoin(connections, eq(connections.id, devices.connectionId))
      .leftJoin(resources, eq(resources.id, devices.resourceId))
      .leftJoin(people, eq(people.id, devices.personId));

  async function load(organizationId: string, id: string): Promise<Row> {
    const [row] = await base().where(and(eq(devices.id, id), eq(devices.organizationId, organizationId)));
    if (!row) throw notFound("The device");
    return row;
  }

  const service = {
    async list(organizationId: string, f: DeviceFilter) {
      const staleBefore = new Date(Date.now() - STALE_AFTER_MS);
      const where = and(
        eq(devices.organizationId, organizationId),
        f.revoked === "exclude" ? isNull(devices.revokedAt) : undefined,
        f.revoked === "only" ? isNotNull(devices.revokedAt) : undefined,
        f.q
          ? or(
              ilike(devices.hostname, likePattern(f.q)),
              ilike(devices.ownerEmail, likePattern(f.q)),
              sql`EXISTS (SELECT 1 FROM ${people} p WHERE p.id = ${devices.personId}
                AND (p.full_name ILIKE ${likePattern(f.q)} OR p.email ILIKE ${likePattern(f.q)}))`,
            )
          : undefined,
        f.platform ? eq(devices.platform, f.platform) : undefined,
        f.person === "none" ? isNull(devices.personId) : f.person ? eq(devices.personId, f.person) : undefined,
        f.status === "failing" ? failingExists : undefined,
        f.status === "passing" ? and(isNotNull(devices.lastReportAt), sql`NOT ${failingExists}`) : undefined,
        f.stale === "true"
          ? and(isNull(devices.revokedAt), or(isNull(devices.lastReportAt), lt(devices.lastReportAt, staleBefore)))
          : undefined,
        f.stale === "false" ? sql`${devices.lastReportAt} >= ${staleBefore.toISOString()}::timestamptz` : undefined,
      ) as SQL;
      const [rows, [total]] = await Promise.all([
        base().where(where).orderBy(asc(devices.hostname), asc(devices.id)).limit(f.pageSize).offset(pageOffset(f)),
        db.select({ n: count() }).from(devices).where(where),
      ]);
      return { items: rows.map((r) => toSummary(r)), total: Number(total?.n ?? 0), page: f.page, pageSize: f.pageSize };
    },

    /** The device, its last facts and every agent check with its current result (reason, remediation, since). */
    async get(organizationId: string, id: string): Promise<DeviceDetail> {
      const row = await load(organizationId, id);
      const resource = row.d.resourceId ? await inventory.get(organizationId, row.d.resourceId) : null;
      const results = new Map((resource?.results ?? []).map((r) => [r.testId, r]));
      const tests = (testsFor(await loadTests(db, organizationId), LINUX_AGENT).get("device") ?? []).filter(
        (t) => platformOfTest(t.id) === row.d.platform,
      );
      return {
        ...toSummary(row),
        facts: resource?.attributes ?? null,
        results: tests.map((t) => {
          const r = results.get(t.id);
          return {
            testId: t.id,
            title: t.title,
            description: t.description,
            severity: t.severity,
            controls: t.controls,
            status: r?.status ?? null,
            reason: r?.reason ?? null,
            remediation: r ? r.remediation || (r.status === "fail" ? t.remediation : "") : null,
            since: r?.since ?? null,
            excepted: r?.excepted ?? false,
            overdue: r?.overdue ?? false,
          };
        }),
      };
    },

    /** Gives the device to a person of this organization (or to nobody); the same person again is a no-op. */
    async assign(actor: OrgActor, id: string, personId: string | null) {
      await change(db, actor, async ({ tx, emit }) => {
        const d = await lockDevice(tx, actor.organizationId, id);
        if (d.personId === personId) return;
        let email = d.ownerEmail;
        if (personId) {
          const [p] = await tx
            .select({ id: people.id, email: people.email, status: people.status })
            .from(people)
            .where(and(eq(people.id, personId), eq(people.organizationId, actor.organizationId)));
          if (!p) throw badRequest("person_not_found", "There is no such person in this organization's directory.");
          email = p.email.toLowerCase();
        }
        await tx.update(devices).set({ personId, ownerEmail: email }).where(eq(devices.id, id));
        await emit(deviceAssigned, {
          id,
          before: { hostname: d.hostname, personId: d.personId, ownerEmail: d.ownerEmail },
          after: { hostname: d.hostname, personId, ownerEmail: email },
        });
      });
      return service.get(actor.organizationId, id);
    },

    /** A person's devices that are not revoked, each with its checks (the portal's "My devices"). */
    async ofPerson(organizationId: string, personId: string) {
      const rows = await base()
        .where(
          and(eq(devices.organizationId, organizationId), eq(devices.personId, personId), isNull(devices.revokedAt)),
        )
        .orderBy(asc(devices.hostname), asc(devices.id));
      return Promise.all(rows.map((r) => service.get(organizationId, r.d.id)));
    },

    /**
     * The token stops working and the device's results end now (history kept), and the controls its checks watch
     * follow in the same change. Revoking twice is a no-op.
     */
    async revoke(actor: OrgActor, id: string) {
      await change(db, actor, async ({ tx, emit, now: at }) => {
        const d = await lockDevice(tx, actor.organizationId, id);
        if (d.revokedAt) return;
        const [after] = await tx
          .update(devices)
          .set({ revokedAt: at, revokedBy: actor.userId })
          .where(eq(devices.id, id))
          .returning();
        let closed = 0;
        if (d.resourceId) {
          await tx.update(resources).set({ missingSince: at }).where(eq(resources.id, d.resourceId));
          closed = await closeOpenIntervals(tx, actor.organizationId, { resourceIds: [d.resourceId] }, at);
        }
        await emit(deviceRevoked, {
          id,
          resourceId: d.resourceId,
          before: ledgerView(d),
          after: { ...ledgerView(after!), resultsClosed: closed },
        });
        await emit(testResultsMoved, { controls: {} });
      });
      return service.get(actor.organizationId, id);
    },
  };
  return service;
}
