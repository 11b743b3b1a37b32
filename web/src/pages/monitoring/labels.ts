import type { MantineColor } from "@mantine/core";
import type { ExceptionState, Severity, SyncStatus, TestStatus } from "../../api/models/monitoring.ts";

/** Words and colours for monitoring's enumerations, in one place so every page says the same thing. */

export const TEST_STATUS: Record<TestStatus | "excepted", { label: string; color: MantineColor }> = {
  fail: { label: "Failing", color: "red" },
  pass: { label: "Passing", color: "teal" },
  excepted: { label: "Excepted", color: "violet" },
  not_applicable: { label: "Not applicable", color: "gray" },
  error: { label: "Error", color: "orange" },
};

export const SEVERITY: Record<Severity, { label: string; color: MantineColor }> = {
  critical: { label: "Critical", color: "red" },
  high: { label: "High", color: "orange" },
  medium: { label: "Medium", color: "yellow" },
  low: { label: "Low", color: "gray" },
};

export const SYNC_STATUS: Record<SyncStatus, { label: string; color: MantineColor }> = {
  running: { label: "Syncing", color: "blue" },
  succeeded: { label: "Healthy", color: "teal" },
  partial: { label: "Partial", color: "yellow" },
  failed: { label: "Failed", color: "red" },
  skipped: { label: "Skipped", color: "gray" },
};

export const EXCEPTION_STATE: Record<ExceptionState, { label: string; color: MantineColor; hint: string }> = {
  pending: { label: "Pending", color: "yellow", hint: "Waiting for the approver." },
  active: { label: "Active", color: "violet", hint: "In effect: the failure does not count until it expires." },
  expired: { label: "Expired", color: "gray", hint: "Past its expiry: the failure counts again." },
  revoked: { label: "Revoked", color: "gray", hint: "Ended early: the failure counts again." },
  rejected: { label: "Rejected", color: "red", hint: "The approver turned it down." },
};

export const SEVERITY_OPTIONS = (Object.keys(SEVERITY) as Severity[]).map((s) => ({
  value: s,
  label: SEVERITY[s].label,
}));

const ACRONYMS = new Set([
  "api",
  "aws",
  "ca",
  "cpu",
  "csv",
  "db",
  "dns",
  "id",
  "iam",
  "ip",
  "kms",
  "mfa",
  "os",
  "rds",
  "s3",
  "sql",
  "ssh",
  "ssl",
  "sso",
  "tls",
  "url",
]);

/** "database_server" → "Database server", "sslMode" → "SSL mode", "caCert" → "CA cert". */
export const humanize = (s: string) => {
  const words = s
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** 3600 → "every hour", 900 → "every 15 minutes". */
export function everyLabel(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "every day" : `every ${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? "every hour" : `every ${seconds / 3600} hours`;
  return `every ${Math.round(seconds / 60)} minutes`;
}

export const INTERVAL_OPTIONS = [
  { value: "300", label: "Every 5 minutes" },
  { value: "900", label: "Every 15 minutes" },
  { value: "3600", label: "Every hour" },
  { value: "21600", label: "Every 6 hours" },
  { value: "86400", label: "Every day" },
  { value: "604800", label: "Every week" },
];
