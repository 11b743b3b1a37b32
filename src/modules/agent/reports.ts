/**
 * A device's report: authenticated by its device token, stored as the device's `device` resource and evaluated
 * by the connector's tests through the sync engine's own batch step (resources upserted, status intervals
 * written, results ledger entry), in one change with the report's ledger entry. The report's event brings the
 * controls its checks watch (signals, status, readiness) up to date and alerts about new failures, in that change.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Envelope } from "../../agent/native/report.ts";
import { systemActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { connections, type DevicePlatform, devices, resources, testStatusIntervals } from "../../db/schema/index.ts";
import { loadTests } from "../../integrations/definitions.ts";
import { LINUX_AGENT } from "../../integrations/linux-agent/connector.ts";
import { platformOfTest } from "../../integrations/linux-agent/tests.ts";
import { change } from "../../kernel/change.ts";
import { AppError, conflict } from "../../platform/errors.ts";
import { sha256Hex } from "../../platform/tokens.ts";
import { testResultsMoved } from "../monitoring/events.ts";
import { processBatch, type SyncCounts, testsFor } from "../monitoring/public.ts";
import { reportReceived } from "./events.ts";
import { DEVICE_TOKEN_PREFIX } from "./schema.ts";

const ENROLL_AGAIN =
  "Enroll this machine again with a new enrollment token (Devices → Enroll a device, or My devices for your own computer).";

/** The device a device token belongs to; 401 with what to do when it is unknown or revoked. */
export async function deviceOfToken(db: Db, token: string | undefined) {
  if (!token)
    throw new AppError(401, "device_token_required", "Send the device token as Authorization: Bearer assay_dev_….");
  const [row] = token.startsWith(DEVICE_TOKEN_PREFIX)
    ? await db
        .select({ d: devices, connectionDeletedAt: connections.deletedAt, config: connections.config })
        .from(devices)
        .innerJoin(connections, eq(connections.id, devices.connectionId))
        .where(eq(devices.tokenHash, sha256Hex(token)))
    : [];
  if (!row) throw new AppError(401, "invalid_device_token", `The device token is unknown. ${ENROLL_AGAIN}`);
  if (row.d.revokedAt)
    throw new AppError(
      401,
      "device_revoked",
      `This device was revoked in Assay on ${row.d.revokedAt.toISOString()} (by an admin, or replaced when the same machine enrolled again). ${ENROLL_AGAIN}`,
    );
  if (row.connectionDeletedAt)
    throw new AppError(401, "device_revoked", `The Linux agent connection of this device was removed. ${ENROLL_AGAIN}`);
  return row;
}

/** The resource attributes: the facts without their envelope (the time is the device's lastReportAt). */
function attributesOf(report: DeviceReport, ownerEmail: string | null): Record<string, unknown> {
  const { schema: _schema, collected_at: _at, ...rest } = report.facts;
  return { ...rest, platform: report.platform, owner_email: ownerEmail };
}

/** A report's facts (from the Node agent, or parsed from a native collector's outputs) and its platform. */
export interface DeviceReport {
  platform: DevicePlatform;
  facts: Envelope & object;
}

export function createReportsService({ db }: { db: Db }) {
  return {
    async record(token: string | undefined, report: DeviceReport, requestId?: string) {
      const { d: device, config } = await deviceOfToken(db, token);
      const { facts } = report;
      if (facts.machine_id !== device.machineId)
        throw conflict(
          "machine_mismatch",
          `This device token belongs to the machine ${device.hostname} (machine id ${device.machineId}), not to this one (${facts.machine_id}). Each machine needs its own enrollment: run assay agent enroll here.`,
        );
      const organizationId = device.organizationId;
      const byType = testsFor(await loadTests(db, organizationId), LINUX_AGENT);
      const reportId = newId();
      const actor = { ...systemActor(organizationId, `agent: ${facts.hostname}`), requestId };
      const { resourceId, receivedAt } = await change(db, actor, async (c) => {
        const { tx } = c;
        const receivedAt = c.now;
        const counts: SyncCounts = {
          batches: 1,
          resources: 0,
          new: 0,
          changed: 0,
          reappeared: 0,
          missing: 0,
          evaluations: 0,
          opened: 0,
          closed: 0,
          failing: 0,
        };
        // One report of a device at a time (a retried request racing the first).
        const [locked] = await tx.select().from(devices).where(eq(devices.id, device.id)).for("update");
        if (locked?.revokedAt) throw new AppError(401, "device_revoked", `This device was revoked. ${ENROLL_AGAIN}`);
        await processBatch(
          c,
          { organizationId, connectionId: device.connectionId, syncId: reportId, byType, config },
          [
            {
              type: "device",
              externalId: facts.machine_id,
              name: facts.hostname,
              attributes: attributesOf(report, device.ownerEmail),
            },
          ],
          counts,
        );
        const [resource] = await tx
          .select({ id: resources.id })
          .from(resources)
          .where(
            and(
              eq(resources.connectionId, device.connectionId),
              eq(resources.type, "device"),
              eq(resources.externalId, facts.machine_id),
            ),
          );
        await tx
          .update(devices)
          .set({
            lastReportAt: receivedAt,
            hostname: facts.hostname,
            agentVersion: facts.agent_version,
            platform: report.platform,
            resourceId: resource!.id,
          })
          .where(eq(devices.id, device.id));
        await c.emit(reportReceived, {
          id: device.id,
          after: {
            reportId,
            resourceId: resource!.id,
            hostname: facts.hostname,
            platform: report.platform,
            agentVersion: facts.agent_version,
            collectedAt: facts.collected_at,
            results: {
              evaluations: counts.evaluations,
              opened: counts.opened,
              closed: counts.closed,
              failing: counts.failing,
            },
          },
          connectionId: device.connectionId,
          reportId,
          hostname: facts.hostname,
          receivedAt,
        });
        // What the device's checks say moved: the controls they watch follow in this change.
        await c.emit(testResultsMoved, { controls: {} });
        return { resourceId: resource!.id, receivedAt };
      });
      const titles = new Map([...byType.values()].flat().map((t) => [t.id, t.title]));
      const open = await db
        .select({
          testId: testStatusIntervals.testId,
          status: testStatusIntervals.status,
          reason: testStatusIntervals.reason,
        })
        .from(testStatusIntervals)
        .where(
          and(
            eq(testStatusIntervals.organizationId, organizationId),
            eq(testStatusIntervals.resourceId, resourceId),
            isNull(testStatusIntervals.endedAt),
          ),
        );
      return {
        deviceId: device.id,
        receivedAt,
        checks: open
          .filter((o) => titles.has(o.testId) && platformOfTest(o.testId) === report.platform)
          .map((o) => ({
            testId: o.testId,
            title: titles.get(o.testId)!,
            status: o.status as "pass" | "fail" | "not_applicable" | "error",
            reason: o.reason,
          }))
          .sort((a, b) => a.testId.localeCompare(b.testId)),
      };
    },
  };
}
