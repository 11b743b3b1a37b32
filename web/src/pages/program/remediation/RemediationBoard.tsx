import { Anchor, Badge, Card, Group, Paper, ScrollArea, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link, useLocation } from "react-router";
import type { RemediationItem } from "../../../api/models/remediation.ts";
import { PriorityBadge } from "../../../components/program/StatusBadges.tsx";
import { REMEDIATION_STATUS, REMEDIATION_STATUSES } from "../../../program/labels.ts";
import { DueDate, ownerName } from "./ItemMeta.tsx";
import { StatusActions } from "./StatusActions.tsx";

/** Columns by status; items move with buttons (Start, Mark done, Verify, Reopen), so no dragging is needed. */
export function RemediationBoard({ programId, items }: { programId: string; items: readonly RemediationItem[] }) {
  const { search } = useLocation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md" p="md">
      {REMEDIATION_STATUSES.map((s) => {
        const column = items.filter((i) => i.status === s);
        return (
          <Paper
            key={s}
            withBorder
            p="sm"
            bg="var(--assay-surface)"
            component="section"
            aria-label={`${REMEDIATION_STATUS[s].label} column`}
          >
            <Group justify="space-between" mb="sm">
              <Title order={3} fz="sm">
                {REMEDIATION_STATUS[s].label}
              </Title>
              <Badge variant="light" color={REMEDIATION_STATUS[s].color} size="sm">
                {column.length}
              </Badge>
            </Group>
            <ScrollArea.Autosize mah={640}>
              <Stack gap="xs">
                {column.length === 0 && (
                  <Text size="xs" c="dimmed" ta="center" py="md">
                    Nothing here
                  </Text>
                )}
                {column.map((i) => (
                  <Card key={i.id} withBorder padding="sm" data-testid={`card-${i.ref}`}>
                    <Stack gap={6}>
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Text size="xs" className="assay-mono" c="dimmed" fw={600}>
                          {i.ref}
                        </Text>
                        <PriorityBadge priority={i.priority} size="xs" />
                      </Group>
                      <Anchor
                        component={Link}
                        to={`/programs/${programId}/remediation/${i.id}${search}`}
                        size="sm"
                        fw={500}
                        c="inherit"
                        lineClamp={2}
                        style={{ overflowWrap: "anywhere" }}
                      >
                        {i.title}
                      </Anchor>
                      <Group justify="space-between" gap="xs">
                        <Text size="xs" c="dimmed" truncate="end" maw={120}>
                          {ownerName(i)}
                        </Text>
                        <DueDate item={i} size="xs" />
                      </Group>
                      <StatusActions programId={programId} item={i} />
                    </Stack>
                  </Card>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
