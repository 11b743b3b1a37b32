import { Badge, Text } from "@mantine/core";
import { IconFileCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client.ts";
import type { MyPolicy } from "../../../api/models/org-policies.ts";
import { type Column, DataTable, TitleLink } from "../../../components/DataTable.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { formatDateTime } from "../../../components/Time.tsx";
import { portalKeys } from "../labels.ts";

const today = () => new Date().toISOString().slice(0, 10);

const COLUMNS: Column<MyPolicy>[] = [
  {
    header: "Policy",
    cell: (p) => (
      <TitleLink to={`/portal/policies/${p.policyId}`}>
        {p.title}, version {p.currentVersion}
      </TitleLink>
    ),
  },
  { header: "Due", cell: (p) => <Text size="sm">{p.dueDate}</Text> },
  {
    header: "Status",
    cell: (p) =>
      p.acceptedAt ? (
        <Text size="sm">Accepted {formatDateTime(p.acceptedAt)}</Text>
      ) : (
        <Badge color={p.dueDate < today() ? "red" : "yellow"} variant="light">
          {p.dueDate < today() ? "Overdue" : "To accept"}
        </Badge>
      ),
  },
];

/** /portal/policies — the policies the signed-in person is asked to read and accept. */
export function MyPoliciesPage() {
  const list = useQuery({ queryKey: portalKeys.list, queryFn: () => api.GET("/api/v1/portal/policies") });
  return (
    <>
      <PageHeader
        title="My policies"
        description="Policies your organization asks you to read and accept. Open one, read it, then accept it."
      />
      <DataTable
        label="My policies"
        columns={COLUMNS}
        rowKey={(p) => p.policyId}
        rows={list.data?.items}
        loading={list.isPending}
        error={list.error}
        rowLink={(p) => `/portal/policies/${p.policyId}`}
        rowProps={(p) => ({ "data-testid": `my-policy-${p.policyId}` })}
        empty={{
          icon: <IconFileCheck size={28} />,
          title: list.data?.person === null ? "You are not in the people directory" : "Nothing to accept",
          description:
            list.data?.person === null
              ? "Policies are asked of people in the directory. Ask a compliance manager to add you with this email."
              : "When a policy is published to you, it shows here.",
        }}
      />
    </>
  );
}
