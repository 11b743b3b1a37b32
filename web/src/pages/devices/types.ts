/** The shapes of /api/v1/devices and /api/v1/agent (src/modules/agent/schema.ts), as JSON. */

export type CheckStatus = "pass" | "fail" | "not_applicable" | "error";

export interface DeviceSummary {
  id: string;
  hostname: string;
  machineId: string;
  ownerEmail: string | null;
  os: string | null;
  agentVersion: string | null;
  connection: { id: string; name: string };
  enrolledAt: string;
  lastReportAt: string | null;
  revokedAt: string | null;
  stale: boolean;
  checks: { passing: number; failing: number; notApplicable: number };
  status: "failing" | "passing" | "pending" | "revoked";
}

export interface DeviceCheck {
  testId: string;
  title: string;
  description: string;
  severity: "critical" | "high" | "medium" | "low";
  controls: string[];
  status: CheckStatus | null;
  reason: string | null;
  remediation: string | null;
  since: string | null;
  excepted: boolean;
  overdue: boolean;
}

export interface DeviceDetail extends DeviceSummary {
  facts: Record<string, unknown> | null;
  results: DeviceCheck[];
}

export interface CreatedEnrollmentToken {
  id: string;
  name: string;
  prefix: string;
  token: string;
  expiresAt: string;
  usesLeft: number | null;
  connection: { id: string; name: string };
  connectionCreated: boolean;
}
