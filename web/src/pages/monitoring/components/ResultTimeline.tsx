import { Group, Stack, Text, Timeline } from "@mantine/core";
import dayjs from "dayjs";
import type { Interval } from "../../../api/models/monitoring.ts";
import { formatDateTime } from "../../../components/Time.tsx";
import { TEST_STATUS } from "../labels.ts";
import { TestStatusBadge } from "./Badges.tsx";

const span = (i: Interval) => {
  const end = i.endedAt ? dayjs(i.endedAt) : dayjs();
  const days = end.diff(dayjs(i.startedAt), "day");
  return days >= 1
    ? `${days} day${days === 1 ? "" : "s"}`
    : `${Math.max(1, end.diff(dayjs(i.startedAt), "hour"))} h or less`;
};

/**
 * Status intervals as a timeline, newest first: each says what the test saw, from when until when. `label` names
 * each entry (the test on a resource page, the resource on a test page).
 */
export function ResultTimeline({ items, label }: { items: Interval[]; label: (i: Interval) => string }) {
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No results recorded yet.
      </Text>
    );
  return (
    <Timeline bulletSize={14} lineWidth={2} active={items.length - 1} aria-label="Result history">
      {items.map((i) => (
        <Timeline.Item
          key={i.id}
          color={TEST_STATUS[i.status].color}
          lineVariant={i.endedAt ? "solid" : "dashed"}
          title={
            <Group gap="xs">
              <TestStatusBadge status={i.status} size="xs" />
              <Text size="sm" fw={500}>
                {label(i)}
              </Text>
            </Group>
          }
        >
          <Stack gap={2} mt={4}>
            <Text size="sm">{i.reason}</Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(i.startedAt)} → {i.endedAt ? formatDateTime(i.endedAt) : "now"} · {span(i)}
            </Text>
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
