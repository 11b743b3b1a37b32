import { AreaChart } from "@mantine/charts";
import { Card, Group, SimpleGrid, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import dayjs from "dayjs";
import type { Priority, RemediationSummary } from "../../../api/models/remediation.ts";
import { PRIORITIES, PRIORITY } from "../../../program/labels.ts";

function Stat({
  label,
  value,
  color,
  onClick,
}: {
  label: string;
  value: number;
  color?: string;
  onClick?: () => void;
}) {
  const body = (
    <Stack gap={0}>
      <Text fw={700} fz={24} c={value > 0 ? color : undefined} lh={1.2}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
  return onClick ? (
    <UnstyledButton onClick={onClick} className="assay-stat-button">
      {body}
      <span className="sr-only">: show them</span>
    </UnstyledButton>
  ) : (
    body
  );
}

/** Counts that matter (open, overdue, unassigned, by priority) and the burndown of open items. */
export function BurndownCard({
  summary,
  onFilter,
}: {
  summary: RemediationSummary;
  onFilter: (f: Record<string, string>) => void;
}) {
  const open = summary.byStatus.open + summary.byStatus.in_progress;
  const data = summary.burndown.map((p) => ({ ...p, label: dayjs(p.day).format("D MMM") }));
  return (
    <Card withBorder padding="lg" component="section" aria-label="Remediation summary">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Stack gap="md">
          <Title order={2} fz="md">
            Summary
          </Title>
          <Group gap="xl">
            <Stat label="Open" value={open} color="blue" onClick={() => onFilter({ status: "open,in_progress" })} />
            <Stat label="Overdue" value={summary.overdue} color="red" onClick={() => onFilter({ overdue: "true" })} />
            <Stat
              label="Unassigned"
              value={summary.unassigned}
              color="orange"
              onClick={() => onFilter({ owner: "none" })}
            />
            <Stat
              label="Done, to verify"
              value={summary.byStatus.done}
              color="teal"
              onClick={() => onFilter({ status: "done" })}
            />
            <Stat label="Verified" value={summary.byStatus.verified} color="green" />
          </Group>
          <Group gap="md">
            {PRIORITIES.map((p: Priority) => (
              <Text key={p} size="sm">
                <Text span fw={600} c={PRIORITY[p].color}>
                  {summary.openByPriority[p]}
                </Text>{" "}
                {PRIORITY[p].label.toLowerCase()}
              </Text>
            ))}
            <Text size="xs" c="dimmed">
              open, by priority
            </Text>
          </Group>
        </Stack>
        <Stack gap={4}>
          <Title order={2} fz="md">
            Burndown
          </Title>
          {data.length < 2 ? (
            <Text size="sm" c="dimmed" py="md">
              The burndown appears once the plan is a day old: open items per day against items created.
            </Text>
          ) : (
            <AreaChart
              h={160}
              data={data}
              dataKey="label"
              series={[
                { name: "created", label: "Created", color: "gray.5" },
                { name: "open", label: "Open", color: "brand.6" },
              ]}
              curveType="stepAfter"
              withDots={false}
              gridAxis="y"
              yAxisProps={{ width: 32, allowDecimals: false }}
              withLegend
              fillOpacity={0.15}
            />
          )}
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
