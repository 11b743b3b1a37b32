import { Badge, Button, Group, SimpleGrid, Switch, Text } from "@mantine/core";
import { IconServer } from "@tabler/icons-react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { ResourceSummary } from "../../api/models/monitoring.ts";
import type { QueryOf } from "../../api/types.ts";
import {
  ClearFilters,
  DataTable,
  type DataTableProps,
  FilterSelect,
  SearchInput,
  TitleLink,
} from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { useListQuery } from "../../lib/use-list-query.ts";
import { humanize } from "./labels.ts";
import { mkeys, useConnections, useConnectors } from "./queries.ts";
import { ResourceDrawer } from "./ResourceDrawer.tsx";

/** /monitoring/resources[/:resourceId] — everything the connections collected, with filters kept in the URL. */
export function ResourcesPage() {
  const { resourceId } = useParams();
  const navigate = useNavigate();
  const { search } = useLocation();
  const connectors = useConnectors();
  const connections = useConnections();
  const { filters: f, list } = useListQuery({
    filters: ["q", "type", "connection", "failing", "missing"] as const,
    search: "q",
    query: (v, paging): QueryOf<"/api/v1/monitoring/resources"> => ({
      q: v.q,
      type: v.type,
      connectionId: v.connection,
      failing: v.failing === "true" ? "true" : undefined,
      missing: v.missing === "include" ? "include" : undefined,
      ...paging,
    }),
    key: mkeys.resources,
    fetch: (query) => api.GET("/api/v1/monitoring/resources", { params: { query } }),
  });
  const types = [...new Set((connectors.data?.items ?? []).flatMap((c) => c.resourceTypes))].sort();
  const noConnections = connections.data?.items.length === 0;
  const columns: DataTableProps<ResourceSummary>["columns"] = [
    {
      header: "Resource",
      cell: (r) => (
        <TitleLink
          to={`/monitoring/resources/${r.id}${search}`}
          below={
            r.externalId !== r.name && (
              <Text size="xs" c="dimmed" className="assay-mono" lineClamp={1}>
                {r.externalId}
              </Text>
            )
          }
        >
          {r.name}
        </TitleLink>
      ),
    },
    { header: "Type", width: 160, cell: (r) => <Text size="sm">{humanize(r.type)}</Text> },
    {
      header: "Connection",
      width: 180,
      cell: (r) => (
        <Text size="sm" truncate="end" maw={170}>
          {r.connectionName}
        </Text>
      ),
    },
    {
      header: "Failing",
      width: 120,
      cell: (r) =>
        r.failing > 0 ? (
          <Badge color="red" variant="light">
            {r.failing} failing
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    {
      header: "Last seen",
      width: 140,
      cell: (r) =>
        r.missingSince ? (
          <Badge color="gray" variant="outline">
            Missing
          </Badge>
        ) : (
          <RelativeTime value={r.lastSeenAt} />
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Resources"
        description="Servers, databases, repositories, people and more, as the last syncs found them. Open one for its raw attributes, its test results and their history."
      />
      <DataTable
        label="Resources"
        query={list}
        columns={columns}
        rowKey={(r) => r.id}
        minWidth={820}
        paging={f}
        noun={["resource", "resources"]}
        toolbar={
          <>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <SearchInput filters={f} aria-label="Search resources" placeholder="Search name or external id" />
              <FilterSelect
                filters={f}
                name="type"
                aria-label="Filter by type"
                placeholder="Any type"
                data={types.map((t) => ({ value: t, label: humanize(t) }))}
                searchable
              />
              <FilterSelect
                filters={f}
                name="connection"
                aria-label="Filter by connection"
                placeholder="Any connection"
                data={(connections.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
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
              <ClearFilters filters={f}>Clear</ClearFilters>
            </Group>
          </>
        }
        empty={{
          icon: <IconServer size={26} />,
          title: noConnections ? "No resources yet" : f.any ? "No resources match these filters" : "No resources yet",
          description: noConnections
            ? "Resources appear after the first sync of a connection."
            : f.any
              ? "Clear a filter or search for something else."
              : "The connections have not synced yet, or found nothing.",
          action: noConnections ? (
            <Button component={Link} to="/monitoring/integrations" variant="default">
              Go to integrations
            </Button>
          ) : undefined,
        }}
      />
      <ResourceDrawer resourceId={resourceId} onClose={() => navigate(`/monitoring/resources${search}`)} />
    </>
  );
}
