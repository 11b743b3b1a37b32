import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { IconFilterOff, IconSearch, IconServer } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { QueryOf } from "../../api/types.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { TablePager } from "../../components/TablePager.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { useDebounced } from "../../lib/use-debounced.ts";
import { useUrlFilters } from "../../lib/use-url-filters.ts";
import { humanize } from "./labels.ts";
import { mkeys, useConnections, useConnectors } from "./queries.ts";
import { ResourceDrawer } from "./ResourceDrawer.tsx";

const PAGE_SIZE = 25;
const FILTERS = ["q", "type", "connection", "failing", "missing"] as const;

/** /monitoring/resources[/:resourceId] — everything the connections collected, with filters kept in the URL. */
export function ResourcesPage() {
  const { resourceId } = useParams();
  const navigate = useNavigate();
  const { search } = useLocation();
  const f = useUrlFilters(FILTERS);
  const connectors = useConnectors();
  const connections = useConnections();
  const [q, setQ] = useState(f.values.q ?? "");
  const debounced = useDebounced(q.trim());
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the debounced text changes
  useEffect(() => {
    if ((f.values.q ?? "") !== debounced) f.set({ q: debounced });
  }, [debounced]);
  const query: QueryOf<"/api/v1/monitoring/resources"> = {
    q: f.values.q,
    type: f.values.type,
    connectionId: f.values.connection,
    failing: f.values.failing === "true" ? "true" : undefined,
    missing: f.values.missing === "include" ? "include" : undefined,
    page: f.page,
    pageSize: PAGE_SIZE,
  };
  const list = useQuery({
    queryKey: mkeys.resources(query),
    queryFn: () => api.GET("/api/v1/monitoring/resources", { params: { query } }),
    placeholderData: keepPreviousData,
  });
  const types = [...new Set((connectors.data?.items ?? []).flatMap((c) => c.resourceTypes))].sort();
  const noConnections = connections.data?.items.length === 0;

  return (
    <>
      <PageHeader
        title="Resources"
        description="Servers, databases, repositories, people and more, as the last syncs found them. Open one for its raw attributes, its test results and their history."
      />
      <Card withBorder padding={0}>
        <Stack p="md" gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              aria-label="Search resources"
              placeholder="Search name or external id"
              leftSection={<IconSearch size={16} />}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
            />
            <Select
              aria-label="Filter by type"
              placeholder="Any type"
              data={types.map((t) => ({ value: t, label: humanize(t) }))}
              value={f.values.type ?? null}
              onChange={(v) => f.set({ type: v })}
              clearable
              searchable
            />
            <Select
              aria-label="Filter by connection"
              placeholder="Any connection"
              data={(connections.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={f.values.connection ?? null}
              onChange={(v) => f.set({ connection: v })}
              clearable
            />
          </SimpleGrid>
          <Group gap="md">
            <Switch
              label="Failing only"
              checked={f.values.failing === "true"}
              onChange={(e) => f.set({ failing: e.currentTarget.checked ? "true" : null })}
            />
            <Switch
              label="Include missing"
              checked={f.values.missing === "include"}
              onChange={(e) => f.set({ missing: e.currentTarget.checked ? "include" : null })}
            />
            {f.any && (
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconFilterOff size={14} />}
                onClick={() => {
                  setQ("");
                  f.clear();
                }}
              >
                Clear
              </Button>
            )}
          </Group>
        </Stack>
        {list.isError && (
          <Stack px="md" pb="md">
            <ErrorAlert error={list.error} />
          </Stack>
        )}
        {list.isPending ? (
          <Stack p="md" gap="sm">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} h={44} />
            ))}
          </Stack>
        ) : list.data && list.data.items.length === 0 ? (
          <Empty
            icon={<IconServer size={26} />}
            title={noConnections ? "No resources yet" : f.any ? "No resources match these filters" : "No resources yet"}
            description={
              noConnections
                ? "Resources appear after the first sync of a connection."
                : f.any
                  ? "Clear a filter or search for something else."
                  : "The connections have not synced yet, or found nothing."
            }
            action={
              noConnections ? (
                <Button component={Link} to="/monitoring/integrations" variant="default">
                  Go to integrations
                </Button>
              ) : undefined
            }
          />
        ) : list.data ? (
          <Table.ScrollContainer minWidth={820}>
            <Table horizontalSpacing="md" verticalSpacing="sm" highlightOnHover aria-label="Resources">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Resource</Table.Th>
                  <Table.Th w={160}>Type</Table.Th>
                  <Table.Th w={180}>Connection</Table.Th>
                  <Table.Th w={120}>Failing</Table.Th>
                  <Table.Th w={140}>Last seen</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Stack gap={2}>
                        <Anchor
                          component={Link}
                          to={`/monitoring/resources/${r.id}${search}`}
                          size="sm"
                          fw={500}
                          c="inherit"
                        >
                          {r.name}
                        </Anchor>
                        {r.externalId !== r.name && (
                          <Text size="xs" c="dimmed" className="assay-mono" lineClamp={1}>
                            {r.externalId}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{humanize(r.type)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate="end" maw={170}>
                        {r.connectionName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {r.failing > 0 ? (
                        <Badge color="red" variant="light">
                          {r.failing} failing
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {r.missingSince ? (
                        <Badge color="gray" variant="outline">
                          Missing
                        </Badge>
                      ) : (
                        <RelativeTime value={r.lastSeenAt} />
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {list.data && list.data.total > 0 && (
          <Stack px="md" pb="md">
            <TablePager
              page={f.page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onChange={(p) => f.set({ page: String(p) })}
              noun={["resource", "resources"]}
            />
          </Stack>
        )}
      </Card>
      <ResourceDrawer resourceId={resourceId} onClose={() => navigate(`/monitoring/resources${search}`)} />
    </>
  );
}
