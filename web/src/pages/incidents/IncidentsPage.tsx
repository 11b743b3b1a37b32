import { Badge, Button, Group, Modal, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconFileImport, IconPlus, IconPresentation } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import type { IncidentSummary } from "../../api/models/incidents.ts";
import { DataTable, type DataTableProps, FilterSelect, listEmpty, TitleLink } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { ImportTableModal } from "../../components/ImportTableModal.tsx";
import { RegisterListLayout, RegisterToolbar } from "../../components/RegisterListLayout.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { IncidentFields, type IncidentFieldValues } from "./IncidentFields.tsx";
import {
  fromLocalInput,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUS_LABELS,
  INCIDENT_STATUSES,
  type IncidentSeverity,
  type IncidentStatus,
  incidentKeys,
  SEVERITY_COLORS,
  SEVERITY_LABELS,
  STATUS_COLORS,
  toLocalInput,
} from "./labels.ts";

export function SeverityBadge({ severity }: { severity: IncidentSeverity }) {
  return (
    <Badge variant="light" color={SEVERITY_COLORS[severity]}>
      {SEVERITY_LABELS[severity]}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: IncidentStatus }) {
  return (
    <Badge variant="dot" color={STATUS_COLORS[status]}>
      {INCIDENT_STATUS_LABELS[status]}
    </Badge>
  );
}

const IMPORT_COLUMNS =
  "title, severity (sev1–sev4 or critical/high/medium/low) and detected at (YYYY-MM-DD HH:MM, UTC) are required; " +
  "optional: status, category, triaged at, contained at, resolved at, post-mortem at, owner (a member's email), " +
  "reported by, summary, affected systems (separated by ;), personal data (yes/no), records, root cause, lessons learned.";

function NewIncidentModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const [form, setForm] = useState<IncidentFieldValues>({
    title: "",
    summary: "",
    severity: "sev3",
    category: "",
    reportedBy: "",
    ownerUserId: null,
    detectedAt: toLocalInput(),
    affectedAssetIds: [],
    affectedSystems: [],
    dataCategories: [],
    personalData: false,
    recordsEstimate: null,
  });
  const create = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/incidents", {
        body: { ...form, detectedAt: fromLocalInput(form.detectedAt) ?? new Date().toISOString() },
      }),
    onSuccess: (r) => {
      onClose();
      navigate(`/incidents/${r.id}`);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Log an incident" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <ErrorAlert error={create.error} />
          <IncidentFields value={form} onChange={setForm} columns={2} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Log incident
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The incident register: every incident with search, filters and saved views; log, import and export. */
export function IncidentsPage() {
  const can = useCan();
  const { search } = useLocation();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const { filters, list } = useListQuery({
    filters: ["q", "status", "severity", "open", "from", "to"] as const,
    search: "q",
    query: (v, paging) => ({
      q: v.q,
      status: oneOf(INCIDENT_STATUSES, v.status),
      severity: oneOf(INCIDENT_SEVERITIES, v.severity),
      open: oneOf(["true", "false"] as const, v.open),
      from: v.from && DAY.test(v.from) ? v.from : undefined,
      to: v.to && DAY.test(v.to) ? v.to : undefined,
      ...paging,
    }),
    key: incidentKeys.list,
    fetch: (query) => api.GET("/api/v1/incidents", { params: { query } }),
  });
  const linkTo = (i: IncidentSummary) => ({ pathname: `/incidents/${i.id}`, search });
  const columns: DataTableProps<IncidentSummary>["columns"] = [
    { header: "Severity", width: 150, cell: (i) => <SeverityBadge severity={i.severity} /> },
    {
      header: "Incident",
      cell: (i) => (
        <TitleLink to={linkTo(i)} below={i.category || undefined}>
          <span className="assay-mono">{i.ref}</span> {i.title}
        </TitleLink>
      ),
    },
    { header: "Status", width: 200, cell: (i) => <StatusBadge status={i.status} /> },
    {
      header: "Commander",
      width: 170,
      cell: (i) => (
        <Text size="sm" c={i.owner ? undefined : "red"}>
          {i.owner?.name ?? "Nobody yet"}
        </Text>
      ),
    },
    { header: "Detected", width: 170, cell: (i) => <Text size="sm">{formatDateTime(i.detectedAt)}</Text> },
    {
      header: "Notices",
      width: 110,
      cell: (i) =>
        i.overdueObligations > 0 ? (
          <Tooltip label="Notifications past their deadline">
            <Badge color="red" variant="light" leftSection={<IconAlertTriangle size={12} />}>
              {i.overdueObligations} late
            </Badge>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
  ];
  return (
    <RegisterListLayout
      title="Incidents"
      description="Security incidents from detection to post-mortem: who runs them, what happened when, who had to be told by when, and what was learned."
      views="incidents"
      links={
        <Button
          variant="default"
          component={Link}
          to="/incidents/tabletops"
          leftSection={<IconPresentation size={16} />}
        >
          Tabletop exercises
        </Button>
      }
      download={{ href: "/api/v1/incidents/export.csv", label: "incidents" }}
      actions={
        can("incidents.manage") && (
          <>
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
              Import
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              Log an incident
            </Button>
          </>
        )
      }
      table={
        <DataTable
          label="Incidents"
          query={list}
          columns={columns}
          rowKey={(i) => i.id}
          rowLink={linkTo}
          minWidth={960}
          paging={filters}
          noun={["incident", "incidents"]}
          empty={listEmpty(filters, "incident", {
            icon: <IconAlertTriangle size={28} />,
            title: "No incidents logged",
            description:
              "Log an incident when one is detected, or import the past ones from a spreadsheet: auditors sample this register.",
          })}
          toolbar={
            <RegisterToolbar
              filters={filters}
              search={{ label: "Search incidents", placeholder: "Search title, system, INC-…", w: 240 }}
              align="flex-end"
            >
              <FilterSelect
                filters={filters}
                name="open"
                aria-label="Open or closed"
                placeholder="Open and closed"
                w={150}
                data={[
                  { value: "true", label: "Open" },
                  { value: "false", label: "Closed" },
                ]}
              />
              <FilterSelect
                filters={filters}
                name="status"
                aria-label="Status"
                placeholder="Any status"
                w={190}
                data={INCIDENT_STATUSES.map((s) => ({ value: s, label: INCIDENT_STATUS_LABELS[s] }))}
              />
              <FilterSelect
                filters={filters}
                name="severity"
                aria-label="Severity"
                placeholder="Any severity"
                w={170}
                data={INCIDENT_SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
              />
              <TextInput
                type="date"
                aria-label="Detected from"
                w={180}
                leftSection={
                  <Text size="xs" c="dimmed">
                    From
                  </Text>
                }
                leftSectionWidth={44}
                value={filters.values.from ?? ""}
                onChange={(e) => filters.set({ from: e.currentTarget.value })}
              />
              <TextInput
                type="date"
                aria-label="Detected until"
                w={180}
                leftSection={
                  <Text size="xs" c="dimmed">
                    To
                  </Text>
                }
                leftSectionWidth={44}
                value={filters.values.to ?? ""}
                onChange={(e) => filters.set({ to: e.currentTarget.value })}
              />
            </RegisterToolbar>
          }
        />
      }
    >
      {creating && <NewIncidentModal opened onClose={() => setCreating(false)} />}
      <ImportTableModal
        opened={importing}
        onClose={() => setImporting(false)}
        title="Import past incidents"
        path="/api/v1/incidents/import"
        noun="incidents"
        help={
          <Text size="sm">
            Columns: {IMPORT_COLUMNS} The same title and detection time twice, or already in the register, is refused.
          </Text>
        }
      />
    </RegisterListLayout>
  );
}
