import { Group, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { RemediationItem } from "../../../api/models/remediation.ts";
import { formatDay } from "../period.ts";

/** Owner and due date of an item; overdue dates in red with a warning icon. */
export function DueDate({ item, size = "sm" }: { item: RemediationItem; size?: "xs" | "sm" }) {
  if (!item.dueDate)
    return (
      <Text size={size} c="dimmed">
        No due date
      </Text>
    );
  return item.overdue ? (
    <Tooltip label="Overdue: past its due date and not done">
      <Group gap={4} wrap="nowrap">
        <IconAlertTriangle size={14} color="var(--mantine-color-red-filled)" aria-hidden />
        <Text size={size} c="red" fw={600}>
          {formatDay(item.dueDate)}
        </Text>
        <span className="sr-only">(overdue)</span>
      </Group>
    </Tooltip>
  ) : (
    <Text size={size}>{formatDay(item.dueDate)}</Text>
  );
}

export const ownerName = (item: RemediationItem) => item.owner?.name ?? "Unassigned";
