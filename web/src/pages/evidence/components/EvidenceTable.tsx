import { Anchor, Badge, Stack, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import type { Evidence } from "../../../api/models/evidence.ts";
import { RelativeTime } from "../../../components/Time.tsx";
import { pieceFreshness } from "../freshness.ts";
import { formatBytes, formatPeriod } from "../labels.ts";
import { FreshnessBadge, KindLabel, SourceBadge } from "./Badges.tsx";
import { ControlLinks } from "./ControlLinks.tsx";

/** One line under the title: the file, the address, or the start of the statement. */
function summaryOf(e: Evidence): string {
  if (e.file) return `${e.file.name} · ${formatBytes(e.file.size)}`;
  if (e.url) return e.url;
  return e.statement ?? e.description;
}

export function EvidenceTable({ items }: { items: Evidence[] }) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table horizontalSpacing="md" verticalSpacing="sm" highlightOnHover aria-label="Evidence">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Evidence</Table.Th>
            <Table.Th w={120}>Kind</Table.Th>
            <Table.Th w={150}>Collected</Table.Th>
            <Table.Th w={150}>Period covered</Table.Th>
            <Table.Th w={140}>Controls</Table.Th>
            <Table.Th w={105}>Freshness</Table.Th>
            <Table.Th w={75}>Version</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => {
            const fresh = pieceFreshness(e);
            return (
              <Table.Tr key={e.id} data-testid={`evidence-row-${e.id}`}>
                <Table.Td>
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/evidence/${e.id}`} c="inherit" size="sm" fw={500} lineClamp={2}>
                      {e.title}
                    </Anchor>
                    <Text size="xs" c="dimmed" lineClamp={1} style={{ wordBreak: "break-all" }}>
                      {summaryOf(e)}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <KindLabel kind={e.kind} />
                    <SourceBadge source={e.source} />
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Stack gap={0}>
                    <Text size="sm" truncate="end" maw={140}>
                      {e.collectedBy?.name ?? "Assay"}
                    </Text>
                    <RelativeTime value={e.collectedAt} size="xs" />
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={e.effectiveFrom || e.effectiveTo ? undefined : "dimmed"}>
                    {formatPeriod(e.effectiveFrom, e.effectiveTo) ?? "No period"}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {e.controls.length ? (
                    <ControlLinks controls={e.controls} />
                  ) : (
                    <Text size="sm" c="dimmed">
                      None
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <FreshnessBadge state={fresh.state} staleAt={fresh.staleAt} />
                </Table.Td>
                <Table.Td>
                  <Badge variant={e.version > 1 ? "light" : "outline"} color="gray" size="sm">
                    v{e.version}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
