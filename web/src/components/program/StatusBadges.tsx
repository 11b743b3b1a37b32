import { Badge, type BadgeProps, Tooltip } from "@mantine/core";
import type { ControlStatus, CriterionState } from "../../api/models/program.ts";
import type { Priority, RemediationStatus } from "../../api/models/remediation.ts";
import { CONTROL_STATUS, CRITERION_STATE, PRIORITY, REMEDIATION_STATUS } from "../../program/labels.ts";

type Size = BadgeProps["size"];

/** A control's status with its colour; the tooltip says what the status means. */
export function ControlStatusBadge({ status, size = "sm" }: { status: ControlStatus; size?: Size }) {
  const s = CONTROL_STATUS[status];
  return (
    <Tooltip label={s.hint} openDelay={400}>
      <Badge color={s.color} variant="light" size={size} data-status={status}>
        {s.label}
      </Badge>
    </Tooltip>
  );
}

export function CriterionStateBadge({ state, size = "sm" }: { state: CriterionState; size?: Size }) {
  const s = CRITERION_STATE[state];
  return (
    <Badge color={s.color} variant="light" size={size}>
      {s.label}
    </Badge>
  );
}

export function PriorityBadge({ priority, size = "sm" }: { priority: Priority; size?: Size }) {
  const p = PRIORITY[priority];
  return (
    <Badge color={p.color} variant={priority === "critical" ? "filled" : "light"} size={size}>
      {p.label}
    </Badge>
  );
}

export function RemediationStatusBadge({ status, size = "sm" }: { status: RemediationStatus; size?: Size }) {
  const s = REMEDIATION_STATUS[status];
  return (
    <Badge color={s.color} variant="light" size={size}>
      {s.label}
    </Badge>
  );
}
