import { Anchor, Card, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import type { Deadline } from "../../../api/models/program.ts";
import { PriorityBadge } from "../../../components/program/StatusBadges.tsx";
import { formatDay } from "../period.ts";

/** A short list of remediation items by due date (overdue or coming up). */
export function DeadlinesCard({
  programId,
  title,
  items,
  empty,
  overdue,
}: {
  programId: string;
  title: string;
  items: Deadline[];
  empty: string;
  overdue?: boolean;
}) {
  return (
    <Card withBorder padding="lg" h="100%" component="section" aria-label={title}>
      <Group justify="space-between" mb="md">
        <Title order={2} fz="md">
          {title}
        </Title>
        <Anchor component={Link} to={`/programs/${programId}/remediation${overdue ? "?overdue=true" : ""}`} size="sm">
          Open plan
        </Anchor>
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap="xs">
          {items.map((d) => (
            <Group key={d.id} justify="space-between" wrap="nowrap" gap="sm">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor
                  component={Link}
                  to={`/programs/${programId}/remediation/${d.id}`}
                  size="sm"
                  fw={500}
                  truncate="end"
                >
                  {d.ref} · {d.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {d.owner ?? "Unassigned"}
                </Text>
              </Stack>
              <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                <PriorityBadge priority={d.priority} size="xs" />
                <Text
                  size="xs"
                  c={overdue ? "red" : "dimmed"}
                  fw={overdue ? 600 : 400}
                  style={{ whiteSpace: "nowrap" }}
                >
                  {formatDay(d.dueDate)}
                </Text>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
