import { Badge, Button, Group, Menu, Progress, Stack, Text } from "@mantine/core";
import { IconDownload, IconUsers } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { api, apiUrl } from "../../api/client.ts";
import type { OrgPolicyDetail, PolicyAcceptance } from "../../api/models/org-policies.ts";
import { ClearFilters, type Column, DataTable, FilterSelect, SearchInput } from "../../components/DataTable.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { useUrlFilters } from "../../lib/use-url-filters.ts";
import { orgPolicyKeys } from "./labels.ts";

type Row = PolicyAcceptance["items"][number];
const today = () => new Date().toISOString().slice(0, 10);

const COLUMNS: Column<Row>[] = [
  {
    header: "Person",
    cell: (r) => (
      <Stack gap={0}>
        <Text size="sm" fw={500}>
          {r.fullName}
        </Text>
        <Text size="xs" c="dimmed">
          {r.email}
          {r.department ? ` · ${r.department}` : ""}
        </Text>
      </Stack>
    ),
  },
  {
    header: "Due",
    cell: (r) => (
      <Text size="sm" c={!r.acceptedAt && r.dueDate < today() ? "red" : undefined} style={{ whiteSpace: "nowrap" }}>
        {r.dueDate}
      </Text>
    ),
  },
  {
    header: "Accepted",
    cell: (r) =>
      r.acceptedAt ? (
        <Text size="sm">
          {formatDateTime(r.acceptedAt)} (v{r.acceptedVersion})
        </Text>
      ) : (
        <Badge color={r.dueDate < today() ? "red" : "yellow"} variant="light">
          {r.dueDate < today() ? "Overdue" : "Outstanding"}
        </Badge>
      ),
  },
  {
    header: "From",
    cell: (r) => (
      <Text size="xs" c="dimmed" lineClamp={2} title={r.userAgent ?? undefined}>
        {r.ip ?? ""}
        {r.userAgent ? ` · ${r.userAgent}` : ""}
      </Text>
    ),
  },
];

/** Who was asked to accept the policy, who did, and the share; CSV and PDF proof for the auditor. */
export function PolicyAcceptanceView({ policy }: { policy: OrgPolicyDetail }) {
  const filters = useUrlFilters(["q", "state"] as const, { search: "q" });
  const state = filters.values.state as "accepted" | "outstanding" | undefined;
  const list = useQuery({
    queryKey: orgPolicyKeys.acceptance(policy.id, { ...filters.values, page: filters.page }),
    queryFn: () =>
      api.GET("/api/v1/policies/{id}/acceptance", {
        params: {
          path: { id: policy.id },
          query: { q: filters.values.q, state, page: filters.page, pageSize: filters.pageSize },
        },
      }),
  });
  const t = list.data;
  const required = policy.settings.requiredAcceptancePercent;
  return (
    <Stack gap="md">
      {t && (
        <Group justify="space-between" align="flex-end">
          <Stack gap={4} style={{ flex: 1, maxWidth: 480 }}>
            <Text size="sm" data-testid="acceptance-share">
              {t.accepted} of {t.requested} people accepted version {t.requiredVersion ?? "—"}: {t.percent}%
              {t.requested ? ` (${required}% required)` : ""}
            </Text>
            <Progress
              value={t.percent}
              color={t.percent >= required ? "green" : "yellow"}
              aria-label={`${t.percent}% accepted`}
            />
          </Stack>
          <Menu>
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />}>
                Proof for the auditor
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(["csv", "pdf"] as const).map((format) => (
                <Menu.Item
                  key={format}
                  component="a"
                  href={apiUrl(`/api/v1/policies/{id}/acceptance.${format}`, {
                    path: { id: policy.id },
                    query: { state },
                  })}
                  download
                >
                  {format.toUpperCase()}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
      )}
      <DataTable
        label="Acceptance"
        columns={COLUMNS}
        rowKey={(r) => r.personId}
        query={list}
        paging={filters}
        noun={["person", "people"]}
        toolbar={
          <Group gap="sm">
            <SearchInput filters={filters} placeholder="Search people" aria-label="Search people" w={260} />
            <FilterSelect
              filters={filters}
              name="state"
              aria-label="Acceptance"
              placeholder="Everyone"
              data={[
                { value: "outstanding", label: "Not accepted yet" },
                { value: "accepted", label: "Accepted" },
              ]}
              w={200}
            />
            <ClearFilters filters={filters} />
          </Group>
        }
        empty={{
          icon: <IconUsers size={28} />,
          title: policy.currentNumber ? "Nobody here" : "Not published yet",
          description: policy.currentNumber
            ? "Nobody matches, or the audience had nobody in the people directory when it was published."
            : "Publish a version to ask the audience to accept it.",
        }}
      />
    </Stack>
  );
}
