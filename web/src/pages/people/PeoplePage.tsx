import { Anchor, Badge, Button, Group, Text } from "@mantine/core";
import { IconCloudDownload, IconFileImport, IconLayoutDashboard, IconPlus, IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../../api/client.ts";
import type { Person } from "../../api/models/people.ts";
import {
  ClearFilters,
  DataTable,
  type DataTableProps,
  FilterSelect,
  SearchInput,
} from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { ImportModal } from "./ImportModal.tsx";
import { KIND_LABELS, SOURCE_LABELS, STATUS_COLORS, STATUS_LABELS } from "./labels.ts";
import { PersonFormModal } from "./PersonFormModal.tsx";
import { SyncModal } from "./SyncModal.tsx";

const STATUSES = ["onboarding", "active", "on_leave", "left"] as const;
const KINDS = ["employee", "contractor"] as const;

/** The people directory: search, filters, pages; add by hand, import the HR export or sync from an identity provider. */
export function PeoplePage() {
  const can = useCan();
  const manage = can("people.manage");
  const { search } = useLocation();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const { filters, list } = useListQuery({
    filters: ["q", "status", "kind", "department"] as const,
    search: "q",
    query: (v, paging) => ({
      q: v.q,
      status: oneOf(STATUSES, v.status),
      kind: oneOf(KINDS, v.kind),
      department: v.department,
      ...paging,
    }),
    key: (query) => ["people", "list", query],
    fetch: (query) => api.GET("/api/v1/people", { params: { query } }),
  });
  const linkTo = (p: Person) => ({ pathname: `/people/${p.id}`, search });
  const columns: DataTableProps<Person>["columns"] = [
    {
      header: "Name",
      cell: (p) => (
        <div>
          <Anchor component={Link} to={linkTo(p)} c="inherit" size="sm" fw={500}>
            {p.fullName}
          </Anchor>
          <Text size="xs" c="dimmed">
            {p.email}
          </Text>
        </div>
      ),
    },
    { header: "Title", cell: (p) => <Text size="sm">{p.title ?? "—"}</Text> },
    { header: "Department", cell: (p) => <Text size="sm">{p.department ?? "—"}</Text> },
    { header: "Kind", cell: (p) => <Text size="sm">{KIND_LABELS[p.kind]}</Text> },
    {
      header: "Status",
      cell: (p) => (
        <Badge variant="light" color={STATUS_COLORS[p.status]}>
          {STATUS_LABELS[p.status]}
        </Badge>
      ),
    },
    {
      header: "Source",
      cell: (p) => (
        <Text size="sm" c="dimmed">
          {SOURCE_LABELS[p.source]}
        </Text>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title="People"
        description="Everyone who works for the organization, with or without an Assay account: their on- and offboarding, background checks and what they owe."
        actions={
          <>
            <Button
              variant="default"
              component={Link}
              to="/people/dashboard"
              leftSection={<IconLayoutDashboard size={16} />}
            >
              Dashboard
            </Button>
            {manage && (
              <>
                <Button
                  variant="default"
                  leftSection={<IconCloudDownload size={16} />}
                  onClick={() => setSyncing(true)}
                >
                  Sync from a connection
                </Button>
                <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                  Import HR file
                </Button>
                <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                  Add a person
                </Button>
              </>
            )}
          </>
        }
      />
      <DataTable
        label="People"
        query={list}
        columns={columns}
        rowKey={(p) => p.id}
        rowLink={linkTo}
        minWidth={860}
        paging={filters}
        noun={["person", "people"]}
        toolbar={
          <Group gap="sm" wrap="wrap">
            <SearchInput
              filters={filters}
              aria-label="Search name, email or title"
              placeholder="Search name, email or title"
              w={260}
            />
            <FilterSelect
              filters={filters}
              name="status"
              aria-label="Status"
              placeholder="Any status"
              w={170}
              data={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            />
            <FilterSelect
              filters={filters}
              name="kind"
              aria-label="Kind"
              placeholder="Any kind"
              w={170}
              data={KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
            />
            <ClearFilters filters={filters} size="sm" />
          </Group>
        }
        empty={
          filters.any
            ? { icon: <IconUsers size={26} />, title: "Nobody matches these filters" }
            : {
                icon: <IconUsers size={26} />,
                title: "The directory is empty",
                description:
                  "Add people by hand, import the CSV or Excel file your HR system exports, or sync from Google Workspace or Okta.",
                action: manage && (
                  <Button variant="default" onClick={() => setImporting(true)}>
                    Import HR file
                  </Button>
                ),
              }
        }
      />
      <PersonFormModal opened={adding} onClose={() => setAdding(false)} />
      <ImportModal opened={importing} onClose={() => setImporting(false)} />
      <SyncModal opened={syncing} onClose={() => setSyncing(false)} />
    </>
  );
}
