import { Badge, Button, Group, Menu, Modal, Text, Tooltip } from "@mantine/core";
import {
  IconAlertTriangle,
  IconChevronDown,
  IconFileImport,
  IconLibrary,
  IconPlus,
  IconReportAnalytics,
  IconSettings,
  IconShieldExclamation,
} from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import type { Risk, RiskBody } from "../../api/models/risks.ts";
import { DataTable, type DataTableProps, FilterSelect, listEmpty, TitleLink } from "../../components/DataTable.tsx";
import { ImportTableModal } from "../../components/ImportTableModal.tsx";
import { RegisterListLayout, RegisterToolbar } from "../../components/RegisterListLayout.tsx";
import { formatDay } from "../../components/Time.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { notifySuccess } from "../../lib/notify.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { type Basis, HeatMap } from "./HeatMap.tsx";
import { LibraryModal } from "./LibraryModal.tsx";
import { LEVEL_LABELS, LEVELS, RISK_TYPES, riskKeys, TREATMENT_LABELS, TREATMENTS, TYPE_LABELS } from "./labels.ts";
import { LevelBadge, RiskForm } from "./RiskForm.tsx";

const STATUSES = ["open", "closed"] as const;
const FILTERS = [
  "q",
  "type",
  "level",
  "treatment",
  "status",
  "owner",
  "overdue",
  "basis",
  "likelihood",
  "impact",
] as const;

const rating = (v: string | undefined) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : undefined;
};

/** What the treatment column shows: the treatment, and a warning when it does not count yet. */
function Treatment({ r }: { r: Risk }) {
  if (!r.treatment)
    return (
      <Text size="sm" c="red">
        Not decided
      </Text>
    );
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm">{TREATMENT_LABELS[r.treatment]}</Text>
      {r.treatmentState === "needs_controls" && (
        <Tooltip label="Mitigation counts once a control is linked">
          <IconAlertTriangle size={16} color="var(--mantine-color-orange-6)" aria-label="No control linked yet" />
        </Tooltip>
      )}
    </Group>
  );
}

/** The risk register: the heat map, every risk with search and filters, and the ways to add risks. */
export function RisksPage() {
  const can = useCan();
  const navigate = useNavigate();
  const { search } = useLocation();
  const [adding, setAdding] = useState(false);
  const [library, setLibrary] = useState(false);
  const [importing, setImporting] = useState(false);
  const settings = useQuery({ queryKey: riskKeys.settings, queryFn: () => api.GET("/api/v1/risks/settings") });
  const map = useQuery({ queryKey: riskKeys.heatMap, queryFn: () => api.GET("/api/v1/risks/heatmap") });
  const members = useQuery({
    queryKey: ["members", "list", { pageSize: 100 }],
    queryFn: () => api.GET("/api/v1/members", { params: { query: { pageSize: 100 } } }),
  });
  const { filters, list } = useListQuery({
    filters: FILTERS,
    search: "q",
    query: (v, paging) => ({
      q: v.q,
      type: oneOf(RISK_TYPES, v.type),
      level: oneOf(LEVELS, v.level),
      treatment: oneOf([...TREATMENTS, "none"] as const, v.treatment),
      status: oneOf(STATUSES, v.status),
      owner: v.owner,
      overdue: v.overdue === "true" ? ("true" as const) : undefined,
      basis: oneOf(["inherent", "residual"] as const, v.basis),
      likelihood: rating(v.likelihood),
      impact: rating(v.impact),
      ...paging,
    }),
    key: riskKeys.list,
    fetch: (query) => api.GET("/api/v1/risks", { params: { query } }),
  });
  const create = useMutation({
    mutationFn: (body: RiskBody) => api.POST("/api/v1/risks", { body }),
    onSuccess: (r) => {
      notifySuccess(`“${r.title}” is in the register.`);
      setAdding(false);
      navigate(`/risks/${r.id}`);
    },
  });
  const basis: Basis = filters.values.basis === "residual" ? "residual" : "inherent";
  const linkTo = (r: Risk) => ({ pathname: `/risks/${r.id}`, search });
  const columns: DataTableProps<Risk>["columns"] = [
    {
      header: "Risk",
      cell: (r) => (
        <TitleLink to={linkTo(r)} below={[TYPE_LABELS[r.type], r.category].filter(Boolean).join(" · ")}>
          {r.title}
        </TitleLink>
      ),
    },
    { header: "Inherent", width: 130, cell: (r) => <LevelBadge score={r.score} level={r.level} /> },
    { header: "Residual", width: 130, cell: (r) => <LevelBadge score={r.residualScore} level={r.residualLevel} /> },
    { header: "Treatment", width: 130, cell: (r) => <Treatment r={r} /> },
    {
      header: "Owner",
      width: 150,
      cell: (r) => (
        <Text size="sm" c={r.ownerName ? undefined : "red"}>
          {r.ownerName ?? "No owner"}
        </Text>
      ),
    },
    {
      header: "Next review",
      width: 130,
      cell: (r) =>
        r.reviewDate ? (
          <Text size="sm" c={r.reviewOverdue ? "red" : undefined} fw={r.reviewOverdue ? 600 : undefined}>
            {formatDay(r.reviewDate)}
            {r.reviewOverdue ? " (overdue)" : ""}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Not set
          </Text>
        ),
    },
    {
      header: "Status",
      width: 90,
      cell: (r) => (
        <Badge variant="dot" color={r.status === "open" ? "blue" : "gray"}>
          {r.status === "open" ? "Open" : "Closed"}
        </Badge>
      ),
    },
  ];
  const cell = { likelihood: rating(filters.values.likelihood), impact: rating(filters.values.impact) };
  return (
    <RegisterListLayout
      title="Risks"
      description="The risks to your commitments, rated before and after treatment, with who owns them and when they are next reviewed."
      views="risks"
      download={{ href: "/api/v1/risks/export.csv", label: "risks" }}
      actions={
        <>
          <Button
            variant="default"
            component={Link}
            to="/risks/assessments"
            leftSection={<IconReportAnalytics size={16} />}
          >
            Assessments
          </Button>
          <Button variant="default" component={Link} to="/risks/settings" leftSection={<IconSettings size={16} />}>
            Scales
          </Button>
          {can("risks.manage") && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
                  Add risks
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                  New risk
                </Menu.Item>
                <Menu.Item leftSection={<IconLibrary size={16} />} onClick={() => setLibrary(true)}>
                  From the library
                </Menu.Item>
                <Menu.Item leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                  Import CSV or XLSX
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </>
      }
      above={
        <HeatMap
          map={map.data}
          basis={basis}
          onBasis={(b) => filters.set({ basis: b === "residual" ? "residual" : undefined })}
          selected={cell}
          onCell={(l, i) =>
            cell.likelihood === l && cell.impact === i
              ? filters.set({ likelihood: undefined, impact: undefined })
              : filters.set({ likelihood: String(l), impact: String(i), status: "open" })
          }
        />
      }
      table={
        <DataTable
          label="Risks"
          query={list}
          columns={columns}
          rowKey={(r) => r.id}
          rowLink={linkTo}
          minWidth={900}
          paging={filters}
          noun={["risk", "risks"]}
          empty={listEmpty(filters, "risk", {
            icon: <IconShieldExclamation size={28} />,
            title: "No risks yet",
            description:
              "Start from the library of common risks, import a spreadsheet, or add your own. Rate each before and after treatment.",
          })}
          toolbar={
            <RegisterToolbar
              filters={filters}
              search={{ label: "Search risks", placeholder: "Search title, description", w: 240 }}
            >
              <FilterSelect
                filters={filters}
                name="type"
                aria-label="Type"
                placeholder="Any type"
                w={170}
                data={RISK_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
              />
              <FilterSelect
                filters={filters}
                name="level"
                aria-label={`Level (${basis})`}
                placeholder={`Any ${basis} level`}
                w={190}
                data={LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))}
              />
              <FilterSelect
                filters={filters}
                name="treatment"
                aria-label="Treatment"
                placeholder="Any treatment"
                w={160}
                data={[
                  ...TREATMENTS.map((t) => ({ value: t, label: TREATMENT_LABELS[t] })),
                  { value: "none", label: "Not decided" },
                ]}
              />
              <FilterSelect
                filters={filters}
                name="status"
                aria-label="Status"
                placeholder="Open and closed"
                w={175}
                data={[
                  { value: "open", label: "Open" },
                  { value: "closed", label: "Closed" },
                ]}
              />
              <FilterSelect
                filters={filters}
                name="owner"
                aria-label="Owner"
                placeholder="Any owner"
                searchable
                w={170}
                data={[
                  { value: "none", label: "No owner" },
                  ...(members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.name })),
                ]}
              />
              <FilterSelect
                filters={filters}
                name="overdue"
                aria-label="Review"
                placeholder="Any review date"
                w={170}
                data={[{ value: "true", label: "Review overdue" }]}
              />
              {cell.likelihood && cell.impact && (
                <Badge variant="outline" size="lg">
                  Cell: likelihood {cell.likelihood}, impact {cell.impact} ({basis})
                </Badge>
              )}
            </RegisterToolbar>
          }
        />
      }
    >
      <Modal opened={adding} onClose={() => setAdding(false)} title="New risk" size="xl">
        {settings.data && (
          <RiskForm
            settings={settings.data}
            onSubmit={(body) => create.mutate(body)}
            onCancel={() => setAdding(false)}
            pending={create.isPending}
            error={create.error}
            submitLabel="Add risk"
          />
        )}
      </Modal>
      <LibraryModal opened={library} onClose={() => setLibrary(false)} />
      <ImportTableModal
        opened={importing}
        onClose={() => setImporting(false)}
        title="Import risks"
        path="/api/v1/risks/import"
        noun="risks"
        help={
          <Text size="sm">
            Columns: title, description, type (operational, security, compliance, fraud, significant change, vendor,
            other), category, owner email, likelihood, impact, residual likelihood, residual impact, treatment
            (mitigate, accept, transfer, avoid), treatment plan, review date (YYYY-MM-DD). Title, type, likelihood and
            impact are required; a title already in the register or twice in the file is an error.
          </Text>
        }
      />
    </RegisterListLayout>
  );
}
