import { Anchor, Badge, type BadgeProps, Group, Text, Tooltip } from "@mantine/core";
import dayjs from "dayjs";
import { Link } from "react-router";
import type { ExceptionState, Severity, SyncStatus, TestStatus } from "../../../api/models/monitoring.ts";
import { EXCEPTION_STATE, SEVERITY, SYNC_STATUS, TEST_STATUS } from "../labels.ts";
import { useControlHref } from "../queries.ts";

type Size = BadgeProps["size"];

export function SeverityBadge({ severity, size = "sm" }: { severity: Severity; size?: Size }) {
  const s = SEVERITY[severity];
  return (
    <Badge color={s.color} variant={severity === "critical" ? "filled" : "light"} size={size}>
      {s.label}
    </Badge>
  );
}

/** A result's status; an excepted failure shows as "Excepted". */
export function TestStatusBadge({
  status,
  excepted,
  size = "sm",
}: {
  status: TestStatus;
  excepted?: boolean;
  size?: Size;
}) {
  const s = TEST_STATUS[excepted && status === "fail" ? "excepted" : status];
  return (
    <Badge color={s.color} variant="light" size={size} data-status={excepted ? "excepted" : status}>
      {s.label}
    </Badge>
  );
}

export function SyncStatusBadge({ status, size = "sm" }: { status: SyncStatus | null | undefined; size?: Size }) {
  if (!status)
    return (
      <Badge color="gray" variant="light" size={size}>
        Not synced yet
      </Badge>
    );
  const s = SYNC_STATUS[status];
  return (
    <Badge color={s.color} variant="light" size={size} data-status={status}>
      {s.label}
    </Badge>
  );
}

export function ExceptionStateBadge({ state, size = "sm" }: { state: ExceptionState; size?: Size }) {
  const s = EXCEPTION_STATE[state];
  return (
    <Tooltip label={s.hint} openDelay={400}>
      <Badge color={s.color} variant="light" size={size} data-state={state}>
        {s.label}
      </Badge>
    </Tooltip>
  );
}

/** SLA due date: red when overdue, otherwise how long is left. */
export function DueLabel({ dueAt, overdue, excepted }: { dueAt: string | null; overdue: boolean; excepted?: boolean }) {
  if (!dueAt || excepted)
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Tooltip label={`Fix by ${dayjs(dueAt).format("D MMM YYYY")} (remediation SLA)`}>
      <Text span size="sm" c={overdue ? "red" : undefined} fw={overdue ? 600 : undefined}>
        {overdue ? `Overdue ${dayjs(dueAt).fromNow(true)}` : `Due ${dayjs(dueAt).fromNow()}`}
      </Text>
    </Tooltip>
  );
}

/** Control ids as small links to the program's control page (plain text when there is no program yet). */
export function ControlLinks({ controls }: { controls: string[] }) {
  const href = useControlHref();
  if (controls.length === 0)
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Group gap={6}>
      {controls.map((key) => {
        const to = href(key);
        return to ? (
          <Anchor key={key} component={Link} to={to} className="assay-mono" size="xs" fw={600}>
            {key}
          </Anchor>
        ) : (
          <Text key={key} span className="assay-mono" size="xs">
            {key}
          </Text>
        );
      })}
    </Group>
  );
}
