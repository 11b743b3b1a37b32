import { Button, Group, Text } from "@mantine/core";
import { IconFileText } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { PolicyTemplateSummary } from "../../api/models/policies.ts";
import { ClearFilters, type Column, DataTable, SearchInput, TitleLink } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useUrlFilters } from "../../lib/use-url-filters.ts";

export const policyKeys = {
  list: ["content", "policies"] as const,
  detail: (id: string) => ["content", "policies", id] as const,
};

/** The library controls a policy supports, by id (the name shows on hover). */
export function ControlIds({ controls }: { controls: PolicyTemplateSummary["controls"] }) {
  return (
    <Group gap={6}>
      {controls.map((c) => (
        <Text key={c.id} size="xs" className="assay-mono" title={c.name}>
          {c.id}
        </Text>
      ))}
    </Group>
  );
}

const COLUMNS: Column<PolicyTemplateSummary>[] = [
  {
    header: "Policy",
    width: "34%",
    cell: (p) => (
      <TitleLink
        to={`/policies/templates/${p.id}`}
        below={
          <Text size="xs" c="dimmed" lineClamp={2}>
            {p.purpose}
          </Text>
        }
      >
        {p.title}
      </TitleLink>
    ),
  },
  {
    header: "Controls",
    cell: (p) => <ControlIds controls={p.controls} />,
  },
  { header: "Count", width: 80, align: "right", cell: (p) => <Text size="sm">{p.controls.length}</Text> },
];

function matches(p: PolicyTemplateSummary, q: string | undefined): boolean {
  if (!q) return true;
  const hay = `${p.id} ${p.title} ${p.purpose} ${p.controls.map((c) => `${c.id} ${c.name}`).join(" ")}`;
  return hay.toLowerCase().includes(q.toLowerCase());
}

/** /policies/templates — the policy templates and the library controls each one supports. */
export function PoliciesPage() {
  const filters = useUrlFilters(["q"] as const, { search: "q" });
  const list = useQuery({ queryKey: policyKeys.list, queryFn: () => api.GET("/api/v1/content/policies") });
  const rows = list.data?.items.filter((p) => matches(p, filters.values.q));
  return (
    <>
      <PageHeader
        title="Policy templates"
        description="Templates for every policy the control library relies on, written for a 20–200 person SaaS company. Open one to read it with your organization's name filled in; adopt them from the Policies page to make them your own."
        actions={
          <Button component={Link} to="/policies" variant="default">
            Your policies
          </Button>
        }
      />
      <DataTable
        label="Policy templates"
        columns={COLUMNS}
        rowKey={(p) => p.id}
        rows={rows}
        loading={list.isPending}
        error={list.error}
        rowLink={(p) => `/policies/templates/${p.id}`}
        rowProps={(p) => ({ "data-testid": `policy-${p.id}` })}
        toolbar={
          <Group gap="sm">
            <SearchInput
              filters={filters}
              placeholder="Search policies or controls (e.g. ACC-03)"
              aria-label="Search policies"
              w={360}
            />
            <ClearFilters filters={filters} />
          </Group>
        }
        empty={{
          icon: <IconFileText size={28} />,
          title: "No policy matches",
          description: "Try another word or a control id.",
        }}
      />
    </>
  );
}
