import { Alert, Group, ScrollArea, Table, Text } from "@mantine/core";
import { IconFlask } from "@tabler/icons-react";
import type { DryRunResult, TestStatus } from "../../../api/models/monitoring.ts";
import { TestStatusBadge } from "./Badges.tsx";
import { ResultCounts } from "./ResultCounts.tsx";

const RANK: Record<TestStatus, number> = { fail: 0, error: 1, pass: 2, not_applicable: 3 };

/** What a test would say about the current resources, failures first; nothing of it is recorded. */
export function DryRunPreview({ result }: { result: DryRunResult }) {
  const rows = [...result.results].sort((a, b) => RANK[a.status] - RANK[b.status]);
  return (
    <Alert
      color="blue"
      variant="light"
      icon={<IconFlask size={18} />}
      title={`Dry run on ${result.evaluated} ${result.resourceType.replace(/_/g, " ")} resource${result.evaluated === 1 ? "" : "s"}`}
      data-testid="dry-run"
    >
      <Group gap="sm" mb="xs">
        <ResultCounts counts={{ ...result.counts, excepted: 0 }} />
        {result.changes !== null && (
          <Text size="sm" c="dimmed">
            {result.changes === 0
              ? "No result would change."
              : `${result.changes} result${result.changes === 1 ? "" : "s"} would change.`}
          </Text>
        )}
      </Group>
      {result.evaluated === 0 ? (
        <Text size="sm">No resource of this type exists yet, so nothing was evaluated. Check the resource type.</Text>
      ) : (
        <ScrollArea.Autosize mah={260} viewportProps={{ tabIndex: 0, "aria-label": "Dry run results" }}>
          <Table verticalSpacing={4} fz="sm" aria-label="Dry run results">
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.resourceId}>
                  <Table.Td w={120}>
                    <TestStatusBadge status={r.status} size="xs" />
                  </Table.Td>
                  <Table.Td w="30%">
                    <Text size="sm" fw={500} style={{ wordBreak: "break-word" }}>
                      {r.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{r.reason}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Alert>
  );
}
