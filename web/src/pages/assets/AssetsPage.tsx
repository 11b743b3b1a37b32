import { Badge, Button, Menu, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconChecklist, IconDatabase, IconFileImport, IconPlugConnected, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation } from "react-router";
import { api } from "../../api/client.ts";
import type { Asset } from "../../api/models/assets.ts";
import { DataTable, type DataTableProps, FilterSelect, listEmpty, TitleLink } from "../../components/DataTable.tsx";
import { ImportTableModal } from "../../components/ImportTableModal.tsx";
import { RegisterChecks } from "../../components/RegisterChecks.tsx";
import { RegisterListLayout, RegisterToolbar } from "../../components/RegisterListLayout.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { AssetFormModal } from "./AssetFormModal.tsx";
import { DiscoverModal } from "./DiscoverModal.tsx";
import { InScopeAssets } from "./InScopeAssets.tsx";
import {
  ASSET_KINDS,
  assetKeys,
  CLASSIFICATION_COLORS,
  CLASSIFICATION_LABELS,
  CLASSIFICATIONS,
  ENVIRONMENT_LABELS,
  ENVIRONMENTS,
  KIND_LABELS,
  options,
} from "./labels.ts";

export function ClassificationBadge({ value }: { value: Asset["classification"] }) {
  if (!value)
    return (
      <Text size="sm" c="dimmed">
        Not classified
      </Text>
    );
  return (
    <Badge variant="light" color={CLASSIFICATION_COLORS[value]}>
      {CLASSIFICATION_LABELS[value]}
    </Badge>
  );
}

const IMPORT_HELP = (
  <Stack gap={4}>
    <Text size="sm">
      Columns: <b>name</b> and <b>kind</b> (system, data store, endpoint, SaaS application, network, other), and
      optionally <b>owner</b> (a member's email), <b>classification</b> (public, internal, confidential, restricted),{" "}
      <b>environment</b> (production, staging, development, corporate), <b>in scope</b> (yes/no), <b>description</b>,{" "}
      <b>external id</b>.
    </Text>
    <Text size="sm" c="dimmed">
      A row naming an asset you entered by hand (same kind and name) updates it. The CSV export imports as it is.
    </Text>
  </Stack>
);

/** The asset inventory: what is in scope, how the inventory stands against its controls, and every asset. */
export function AssetsPage() {
  const can = useCan();
  const { search } = useLocation();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [discovering, setDiscovering] = useState(false);
  const checks = useQuery({ queryKey: assetKeys.checks, queryFn: () => api.GET("/api/v1/assets/checks") });
  const review = useMutation({
    mutationFn: () => api.POST("/api/v1/assets/reviews", { body: {} }),
    onSuccess: () => notifySuccess("Your review of the inventory was recorded.", "Inventory reviewed"),
    onError: (e) => notifyError(e),
  });
  const { filters, list } = useListQuery({
    filters: ["q", "kind", "classification", "environment", "inScope", "source", "missing"] as const,
    search: "q",
    query: (v, paging) => ({
      q: v.q,
      kind: oneOf(ASSET_KINDS, v.kind),
      classification: oneOf([...CLASSIFICATIONS, "none"] as const, v.classification),
      environment: oneOf(ENVIRONMENTS, v.environment),
      inScope: oneOf(["true", "false"] as const, v.inScope),
      source: oneOf(["manual", "connection"] as const, v.source),
      missing: oneOf(["true", "false"] as const, v.missing),
      ...paging,
    }),
    key: assetKeys.list,
    fetch: (query) => api.GET("/api/v1/assets", { params: { query } }),
  });
  const linkTo = (a: Asset) => ({ pathname: `/assets/${a.id}`, search });
  const columns: DataTableProps<Asset>["columns"] = [
    {
      header: "Asset",
      cell: (a) => (
        <TitleLink to={linkTo(a)} below={a.description ?? undefined}>
          {a.name}
        </TitleLink>
      ),
    },
    { header: "Kind", width: 150, cell: (a) => <Text size="sm">{KIND_LABELS[a.kind]}</Text> },
    {
      header: "Owner",
      width: 170,
      cell: (a) => (
        <Text size="sm" c={a.ownerName ? undefined : "red"}>
          {a.ownerName ?? "No owner"}
        </Text>
      ),
    },
    { header: "Classification", width: 140, cell: (a) => <ClassificationBadge value={a.classification} /> },
    {
      header: "Environment",
      width: 120,
      cell: (a) => <Text size="sm">{a.environment ? ENVIRONMENT_LABELS[a.environment] : "—"}</Text>,
    },
    {
      header: "Scope",
      width: 100,
      cell: (a) =>
        a.inScope ? (
          <Badge variant="dot" color="blue">
            In scope
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            Out
          </Text>
        ),
    },
    {
      header: "Source",
      width: 170,
      cell: (a) =>
        a.connectionName ? (
          <Stack gap={0}>
            <Text size="sm">{a.connectionName}</Text>
            {a.missingSince ? (
              <Text size="xs" c="orange">
                No longer seen
              </Text>
            ) : (
              <RelativeTime value={a.lastSeenAt} size="xs" />
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            By hand
          </Text>
        ),
    },
  ];
  return (
    <RegisterListLayout
      title="Assets"
      description="The systems, data stores, endpoints and SaaS applications you run, who owns them, how sensitive their data is, and which are in the audit's scope."
      views="assets"
      download={{ href: "/api/v1/assets/export.csv", label: "assets" }}
      actions={
        can("assets.manage") && (
          <>
            <Button
              variant="default"
              leftSection={<IconChecklist size={16} />}
              onClick={() => review.mutate()}
              loading={review.isPending}
            >
              Record a review
            </Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button leftSection={<IconPlus size={16} />}>Add assets</Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
                  One by hand
                </Menu.Item>
                <Menu.Item leftSection={<IconFileImport size={14} />} onClick={() => setImporting(true)}>
                  Import a CSV or XLSX
                </Menu.Item>
                <Menu.Item leftSection={<IconPlugConnected size={14} />} onClick={() => setDiscovering(true)}>
                  From your connections
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        )
      }
      above={
        <SimpleGrid cols={{ base: 1, lg: checks.data?.used ? 2 : 1 }} spacing="lg">
          <InScopeAssets />
          {checks.data?.used && (
            <RegisterChecks title="What the inventory tells its controls" items={checks.data.items} />
          )}
        </SimpleGrid>
      }
      table={
        <DataTable
          label="Assets"
          query={list}
          columns={columns}
          rowKey={(a) => a.id}
          rowLink={linkTo}
          minWidth={1000}
          paging={filters}
          noun={["asset", "assets"]}
          empty={listEmpty(filters, "asset", {
            icon: <IconDatabase size={28} />,
            title: "No assets yet",
            description:
              "Add your systems, data stores and SaaS applications by hand, import a spreadsheet, or add what your connections found.",
          })}
          toolbar={
            <RegisterToolbar
              filters={filters}
              search={{ label: "Search assets", placeholder: "Search name, description, id", w: 240 }}
            >
              <FilterSelect
                filters={filters}
                name="kind"
                aria-label="Kind"
                placeholder="Any kind"
                w={170}
                data={options(ASSET_KINDS, KIND_LABELS)}
              />
              <FilterSelect
                filters={filters}
                name="classification"
                aria-label="Classification"
                placeholder="Any classification"
                w={180}
                data={[...options(CLASSIFICATIONS, CLASSIFICATION_LABELS), { value: "none", label: "Not classified" }]}
              />
              <FilterSelect
                filters={filters}
                name="environment"
                aria-label="Environment"
                placeholder="Any environment"
                w={170}
                data={options(ENVIRONMENTS, ENVIRONMENT_LABELS)}
              />
              <FilterSelect
                filters={filters}
                name="inScope"
                aria-label="Scope"
                placeholder="In and out of scope"
                w={180}
                data={[
                  { value: "true", label: "In scope" },
                  { value: "false", label: "Out of scope" },
                ]}
              />
              <FilterSelect
                filters={filters}
                name="source"
                aria-label="Source"
                placeholder="Any source"
                w={160}
                data={[
                  { value: "manual", label: "By hand or file" },
                  { value: "connection", label: "From a connection" },
                ]}
              />
              <FilterSelect
                filters={filters}
                name="missing"
                aria-label="Sightings"
                placeholder="Seen or not"
                w={160}
                data={[{ value: "true", label: "No longer seen" }]}
              />
            </RegisterToolbar>
          }
        />
      }
    >
      <AssetFormModal opened={adding} onClose={() => setAdding(false)} />
      <ImportTableModal
        opened={importing}
        onClose={() => setImporting(false)}
        title="Import assets"
        path="/api/v1/assets/import"
        noun="assets"
        help={IMPORT_HELP}
      />
      <DiscoverModal opened={discovering} onClose={() => setDiscovering(false)} />
    </RegisterListLayout>
  );
}
