import { Anchor, Group, Text } from "@mantine/core";
import { IconArrowLeft, IconFileImport } from "@tabler/icons-react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { VulnerabilityImport } from "../../api/models/vulnerabilities.ts";
import { DataTable, type DataTableProps } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { useListQuery } from "../../lib/use-list-query.ts";

const FORMATS: Record<VulnerabilityImport["format"], string> = {
  sarif: "SARIF",
  trivy: "Trivy JSON",
  grype: "Grype JSON",
  github: "GitHub alerts",
};

/** Every report imported, newest first, with what it changed in the register. */
export function ImportsPage() {
  const { filters, list } = useListQuery({
    filters: [] as const,
    query: (_v, paging) => paging,
    key: (query) => ["vulnerabilities", "imports", query],
    fetch: (query) => api.GET("/api/v1/vulnerabilities/imports", { params: { query } }),
  });
  const columns: DataTableProps<VulnerabilityImport>["columns"] = [
    { header: "Imported", width: 170, cell: (i) => <Text size="sm">{formatDateTime(i.createdAt)}</Text> },
    {
      header: "Report",
      cell: (i) => (
        <div>
          <Text size="sm" fw={500}>
            {i.fileName}
          </Text>
          <Text size="xs" c="dimmed">
            {FORMATS[i.format]} · {(i.bytes / 1024).toFixed(0)} KB · sha256 {i.sha256.slice(0, 12)}…
          </Text>
        </div>
      ),
    },
    {
      header: "Scanned",
      cell: (i) => (
        <Text size="sm" lineClamp={2} style={{ wordBreak: "break-all" }}>
          {i.scopes.map((s) => `${s.scanner}: ${s.target}`).join("; ")}
        </Text>
      ),
    },
    { header: "Findings", align: "right", width: 90, cell: (i) => i.findings },
    { header: "New", align: "right", width: 70, cell: (i) => i.created },
    { header: "Reopened", align: "right", width: 90, cell: (i) => i.reopened },
    { header: "Resolved", align: "right", width: 90, cell: (i) => i.resolved },
  ];
  return (
    <>
      <Anchor component={Link} to={"/vulnerabilities"} size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Vulnerabilities
        </Group>
      </Anchor>
      <PageHeader
        title="Scanner imports"
        description="Each report imported into the vulnerability register, with its SHA-256 and what it changed."
      />
      <DataTable
        label="Imports"
        query={list}
        columns={columns}
        rowKey={(i) => i.id}
        minWidth={860}
        paging={filters}
        noun={["import", "imports"]}
        empty={{
          icon: <IconFileImport size={28} />,
          title: "No report imported yet",
          description: "Import one from the Vulnerabilities page.",
        }}
      />
    </>
  );
}
