import { Table, Text } from "@mantine/core";
import { useLocation } from "react-router";
import type { ProgramControl } from "../../../api/models/program.ts";
import { CriteriaChips } from "../../../components/program/CriteriaChips.tsx";
import { ControlStatusBadge } from "../../../components/program/StatusBadges.tsx";
import { RecordLinkCells } from "../../../components/RecordLinkCells.tsx";
import { FREQUENCY_LABELS } from "../../../program/labels.ts";

export function ControlsTable({ programId, items }: { programId: string; items: ProgramControl[] }) {
  const { search } = useLocation();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table horizontalSpacing="md" verticalSpacing="sm" highlightOnHover aria-label="Controls">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={90}>ID</Table.Th>
            <Table.Th>Control</Table.Th>
            <Table.Th w={190}>Criteria</Table.Th>
            <Table.Th w={170}>Owner</Table.Th>
            <Table.Th w={110}>Frequency</Table.Th>
            <Table.Th w={140}>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.key} data-testid={`control-row-${c.key}`}>
              <RecordLinkCells
                to={`/programs/${programId}/controls/${c.key}${search}`}
                code={c.key}
                title={c.name}
                summary={c.description}
              />
              <Table.Td>
                <CriteriaChips ids={c.criteria} max={3} />
              </Table.Td>
              <Table.Td>
                {c.owner ? (
                  <Text size="sm" truncate="end" maw={160}>
                    {c.owner.name}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    Unassigned
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{FREQUENCY_LABELS[c.frequency]}</Text>
              </Table.Td>
              <Table.Td>
                <ControlStatusBadge status={c.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
