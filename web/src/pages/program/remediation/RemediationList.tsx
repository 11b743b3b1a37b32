import { Table, Text } from "@mantine/core";
import { useLocation } from "react-router";
import type { RemediationItem } from "../../../api/models/remediation.ts";
import { PriorityBadge, RemediationStatusBadge } from "../../../components/program/StatusBadges.tsx";
import { RecordLinkCells } from "../../../components/RecordLinkCells.tsx";
import { DueDate, ownerName } from "./ItemMeta.tsx";
import { StatusActions } from "./StatusActions.tsx";

export function RemediationList({ programId, items }: { programId: string; items: RemediationItem[] }) {
  const { search } = useLocation();
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table horizontalSpacing="md" verticalSpacing="sm" highlightOnHover aria-label="Remediation items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>Ref</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th w={100}>Priority</Table.Th>
            <Table.Th w={150}>Owner</Table.Th>
            <Table.Th w={130}>Due</Table.Th>
            <Table.Th w={110}>Status</Table.Th>
            <Table.Th w={200}>
              <span className="sr-only">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id} data-testid={`item-${i.ref}`}>
              <RecordLinkCells
                to={`/programs/${programId}/remediation/${i.id}${search}`}
                code={i.ref}
                title={i.title}
                summary={i.gap}
              />
              <Table.Td>
                <PriorityBadge priority={i.priority} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={i.owner ? undefined : "dimmed"} truncate="end" maw={140}>
                  {ownerName(i)}
                </Text>
              </Table.Td>
              <Table.Td>
                <DueDate item={i} />
              </Table.Td>
              <Table.Td>
                <RemediationStatusBadge status={i.status} />
              </Table.Td>
              <Table.Td>
                <StatusActions programId={programId} item={i} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
