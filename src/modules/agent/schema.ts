import { z } from "zod";
import { agentFacts } from "../../agent/facts.ts";
import { nativeReport } from "../../agent/native/report.ts";

export { COLLECT_BODY_LIMIT } from "../../agent/native/report.ts";

import { DEVICE_PLATFORMS } from "../../db/schema/index.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export const ENROLLMENT_TOKEN_PREFIX = "assay_enr_";
export const DEVICE_TOKEN_PREFIX = "assay_dev_";
/** A report is a few KiB; anything much larger is not from our agent. */
export const REPORT_BODY_LIMIT = 64 * 1024;
/** A device that has not reported for this long is "stale". */
export const STALE_AFTER_MS = 2 * 86_400_000;

export const createEnrollmentTokenBody = z.strictObject({
  name: z.string().trim().min(1, "Name the token after the machines it enrolls, e.g. “Engineering laptops”.").max(100),
  /** The linux_agent connection; default: the organization's only one, created when there is none. */
  connectionId: z.uuid().optional(),
  expiresInDays: z.number().int().min(1).max(90).default(7),
  /** How many machines may enroll with it; leave out for no limit until it expires. */
  maxUses: z.number().int().min(1).max(10_000).optional(),
});
export type CreateEnrollmentToken = z.infer<typeof createEnrollmentTokenBody>;

export const enrollmentToken = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  connection: z.object({ id: z.uuid(), name: z.string() }),
  usesLeft: z.number().int().nullable(),
  enrolled: z.number().int(),
  expiresAt: z.date(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
  state: z.enum(["active", "expired", "used_up", "revoked"]),
});
export type EnrollmentTokenView = z.infer<typeof enrollmentToken>;
export const enrollmentTokenList = pageOf(enrollmentToken);
/** The one-line installs per platform, with this installation's public URL and the token filled in. */
export const installCommands = z.object({ linux: z.string(), macos: z.string(), windows: z.string() });
export const createdEnrollmentToken = enrollmentToken.extend({
  /** Shown once: `assay agent enroll --url … --token <token>` or one of `commands`. */
  token: z.string(),
  connectionCreated: z.boolean(),
  commands: installCommands,
});
/** A personal enrollment token: one machine, one day, the device is the person's. */
export const personalEnrollment = z.object({
  token: z.string(),
  expiresAt: z.date(),
  commands: installCommands,
});
export const listEnrollmentQuery = z.strictObject({ ...pageQuery });

export const enrollBody = z.strictObject({
  /** Or send it as `Authorization: Bearer assay_enr_…`. */
  token: z.string().max(200).optional(),
  hostname: z.string().trim().min(1).max(253),
  machineId: z.string().regex(/^[0-9a-f]{32}$/, "machineId must be the 32 hex digits of /etc/machine-id"),
  os: z.string().max(200).optional(),
  ownerEmail: z.email("ownerEmail must be an email address").max(320).optional(),
  agentVersion: z.string().max(64).optional(),
  /** The native collectors say which; the Node agent is Linux. */
  platform: z.enum(DEVICE_PLATFORMS).optional(),
});
export type EnrollInput = z.infer<typeof enrollBody>;

export const enrollResult = z.object({
  deviceId: z.uuid(),
  /** Shown once: the agent stores it (mode 0600) and sends it as `Authorization: Bearer assay_dev_…`. */
  deviceToken: z.string(),
  organization: z.object({ id: z.uuid(), name: z.string() }),
  connection: z.object({ id: z.uuid(), name: z.string() }),
  /** The device this enrollment replaced (same machine enrolled before); its token no longer works. */
  replacedDeviceId: z.uuid().nullable(),
});

export const reportBody = agentFacts;
/** A native collector's report: the raw outputs of the OS's commands (parsed by the server). */
export const collectBody = nativeReport;

const checkStatus = z.enum(["pass", "fail", "not_applicable", "error"]);
export const reportResult = z.object({
  deviceId: z.uuid(),
  receivedAt: z.date(),
  checks: z.array(z.object({ testId: z.string(), title: z.string(), status: checkStatus, reason: z.string() })),
});

export const listDevicesQuery = z.strictObject({
  /** Hostname or owner email contains. */
  q: z.string().trim().max(200).optional(),
  status: z.enum(["failing", "passing"]).optional(),
  /** true: no report for more than 2 days (or never). */
  stale: z.enum(["true", "false"]).optional(),
  /** Revoked devices are left out unless asked for. */
  revoked: z.enum(["exclude", "include", "only"]).default("exclude"),
  platform: z.enum(DEVICE_PLATFORMS).optional(),
  /** A person's devices; `none` for devices that belong to nobody yet. */
  person: z.union([z.uuid(), z.literal("none")]).optional(),
  ...pageQuery,
});
export type DeviceFilter = z.infer<typeof listDevicesQuery>;

export const deviceSummary = z.object({
  id: z.uuid(),
  hostname: z.string(),
  machineId: z.string(),
  ownerEmail: z.string().nullable(),
  person: z.object({ id: z.uuid(), fullName: z.string(), email: z.string() }).nullable(),
  platform: z.enum(DEVICE_PLATFORMS),
  os: z.string().nullable(),
  agentVersion: z.string().nullable(),
  connection: z.object({ id: z.uuid(), name: z.string() }),
  resourceId: z.uuid().nullable(),
  enrolledAt: z.date(),
  lastReportAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  stale: z.boolean(),
  checks: z.object({ passing: z.number().int(), failing: z.number().int(), notApplicable: z.number().int() }),
  /** failing: a check fails; passing: reported, nothing fails; pending: no report yet; revoked. */
  status: z.enum(["failing", "passing", "pending", "revoked"]),
});
export const deviceList = pageOf(deviceSummary);

export const deviceDetail = deviceSummary.extend({
  /** The facts of the last report (the device resource's attributes). */
  facts: z.record(z.string(), z.unknown()).nullable(),
  results: z.array(
    z.object({
      testId: z.string(),
      title: z.string(),
      description: z.string(),
      severity: z.enum(["critical", "high", "medium", "low"]),
      controls: z.array(z.string()),
      status: checkStatus.nullable(),
      reason: z.string().nullable(),
      remediation: z.string().nullable(),
      since: z.date().nullable(),
      excepted: z.boolean(),
      overdue: z.boolean(),
    }),
  ),
});
export type DeviceDetail = z.infer<typeof deviceDetail>;

export const assignDeviceBody = z.strictObject({
  /** The person the device belongs to; null to unassign. */
  personId: z.uuid().nullable(),
});

/** The signed-in member's own devices (through their person in the people directory). */
export const myDevices = z.object({
  person: z.object({ id: z.uuid(), fullName: z.string(), email: z.string() }).nullable(),
  devices: z.array(deviceDetail),
});
