import { Badge, Card, Group, Stack, Text } from "@mantine/core";
import type { CheckStatus, DeviceDetail, DeviceSummary } from "../../api/models/devices.ts";

export const CHECK_BADGE: Record<CheckStatus, { color: string; label: string }> = {
  pass: { color: "teal", label: "Pass" },
  fail: { color: "red", label: "Fail" },
  not_applicable: { color: "gray", label: "Not applicable" },
  error: { color: "orange", label: "Error" },
};

export const STATUS_BADGE: Record<DeviceSummary["status"], { color: string; label: string }> = {
  failing: { color: "red", label: "Failing" },
  passing: { color: "teal", label: "Passing" },
  pending: { color: "gray", label: "No report yet" },
  revoked: { color: "gray", label: "Revoked" },
};

export const PLATFORM_LABEL: Record<DeviceSummary["platform"], string> = {
  linux: "Linux",
  macos: "macOS",
  windows: "Windows",
};

export function PlatformBadge({ platform }: { platform: DeviceSummary["platform"] }) {
  return (
    <Badge variant="outline" color="gray" size="sm">
      {PLATFORM_LABEL[platform]}
    </Badge>
  );
}

/** The device's status, and a warning when it stopped reporting. */
export function DeviceStatusBadges({ device }: { device: DeviceSummary }) {
  return (
    <>
      <Badge variant="light" color={STATUS_BADGE[device.status].color}>
        {STATUS_BADGE[device.status].label}
      </Badge>
      {device.stale && (
        <Badge variant="light" color="yellow">
          No report for more than 2 days
        </Badge>
      )}
    </>
  );
}

/** Each check of a device: its result, the reason and, when it fails, what to do. */
export function DeviceChecks({ device }: { device: DeviceDetail }) {
  return (
    <Stack gap="xs">
      {!device.lastReportAt && (
        <Text size="sm" c="dimmed">
          This device has not reported yet: the collector reports within the hour after it is installed (or run the
          enrolment command again).
        </Text>
      )}
      {device.results.map((c) => (
        <Card key={c.testId} withBorder padding="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2}>
              <Text size="sm" fw={500}>
                {c.title}
              </Text>
              <Text size="xs" c="dimmed">
                {c.severity} · {c.controls.join(", ")}
              </Text>
            </Stack>
            {c.status ? (
              <Badge variant="light" color={c.excepted ? "gray" : CHECK_BADGE[c.status].color}>
                {c.excepted ? "Excepted" : CHECK_BADGE[c.status].label}
              </Badge>
            ) : (
              <Badge variant="outline" color="gray">
                No result
              </Badge>
            )}
          </Group>
          {c.reason && (
            <Text size="sm" mt="xs">
              {c.reason}
            </Text>
          )}
          {c.remediation && (c.status === "fail" || c.status === "error") && (
            <Text size="sm" mt="xs" c="dimmed">
              <Text span fw={500} c="inherit">
                What to do:{" "}
              </Text>
              {c.remediation}
            </Text>
          )}
          {c.overdue && (
            <Text size="xs" c="red" mt={4}>
              Overdue
            </Text>
          )}
        </Card>
      ))}
    </Stack>
  );
}
