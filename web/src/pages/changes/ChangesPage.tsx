import { Anchor, Badge, Button, Text, TextInput } from "@mantine/core";
import { IconChartBar, IconClockCog, IconFileImport, IconGitMerge, IconPlus, IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../../api/client.ts";
import type { ChangeRecord } from "../../api/models/changes.ts";
import { DataTable, type DataTableProps, FilterSelect, listEmpty, TitleLink } from "../../components/DataTable.tsx";
import { DownloadButtons } from "../../components/DownloadButtons.tsx";
import { ImportTableModal } from "../../components/ImportTableModal.tsx";
import { RegisterListLayout, RegisterToolbar } from "../../components/RegisterListLayout.tsx";
import { formatDateTime, RelativeTime } from "../../components/Time.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { ChangeSettingsModal } from "./ChangeSettingsModal.tsx";
import { ChangeFlagBadges, changeKeys, reviewedBy, SOURCE_LABELS, SOURCES, STATUS_LABELS } from "./labels.tsx";
import { SyncChangesModal } from "./SyncChangesModal.tsx";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (v: string | undefined) => (v && DAY.test(v) ? v : undefined);
const bool = (v: string | undefined) => oneOf(["true", "false"] as const, v);

const IMPORT_COLUMNS =
  "title (required), description, repository, reference (a ticket, PR or commit: with the repository it finds the change again on the next import), url, author, approved by (names separated by ; or ,), checks passed (yes/no), merged at and deployed at (YYYY-MM-DD or a date and time), emergency (yes/no), risk, status (proposed, approved, merged, deployed, rolled back, cancelled).";

/** When a change landed: merged, else deployed. */
const landed = (c: ChangeRecord) => c.mergedAt ?? c.deployedAt;

/** The change register: every change with its review evidence, flags, search, filters and saved views. */
export function ChangesPage() {
  const can = useCan();
  const { search } = useLocation();
  const [importing, setImporting] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [settings, setSettings] = useState(false);
  const { filters, list } = useListQuery({
    filters: ["q", "source", "repository", "unreviewed", "emergency", "from", "to"] as const,
    search: "q",
    query: (v, paging) => ({
      q: v.q,
      source: oneOf(SOURCES, v.source),
      repository: v.repository,
      unreviewed: bool(v.unreviewed),
      emergency: bool(v.emergency),
      from: day(v.from),
      to: day(v.to),
      ...paging,
    }),
    key: changeKeys.list,
    fetch: (query) => api.GET("/api/v1/changes", { params: { query } }),
  });
  const linkTo = (c: ChangeRecord) => ({ pathname: `/changes/${c.id}`, search });
  const columns: DataTableProps<ChangeRecord>["columns"] = [
    {
      header: "Change",
      cell: (c) => (
        <TitleLink
          to={linkTo(c)}
          below={[
            c.author && `by ${c.author}`,
            c.externalRef &&
              `${c.source === "git" ? c.externalRef.slice(0, 10) : c.source === "github" ? `#${c.externalRef}` : c.externalRef}`,
          ]
            .filter(Boolean)
            .join(" · ")}
        >
          {c.title}
        </TitleLink>
      ),
    },
    {
      header: "Repository",
      width: 200,
      cell: (c) =>
        c.repository ? (
          <Anchor
            component="button"
            type="button"
            size="sm"
            ta="left"
            style={{ wordBreak: "break-all" }}
            onClick={() => filters.set({ repository: c.repository })}
            title={`Show only ${c.repository}`}
          >
            {c.repository.startsWith("/") ? `…/${c.repository.split("/").filter(Boolean).pop()}` : c.repository}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    {
      header: "Source",
      width: 90,
      cell: (c) => (
        <Badge variant="dot" color={c.source === "manual" ? "gray" : "blue"}>
          {SOURCE_LABELS[c.source]}
        </Badge>
      ),
    },
    {
      header: "Reviewed by",
      width: 150,
      cell: (c) => (
        <Text size="sm" c={c.independentApprovals.length ? undefined : "dimmed"}>
          {reviewedBy(c)}
        </Text>
      ),
    },
    {
      header: "Landed",
      width: 130,
      cell: (c) =>
        landed(c) ? (
          <span title={formatDateTime(landed(c)!)}>
            <RelativeTime value={landed(c)} size="sm" />
          </span>
        ) : (
          <Text size="sm" c="dimmed">
            {STATUS_LABELS[c.status]}
          </Text>
        ),
    },
    { header: "Flags", width: 200, cell: (c) => <ChangeFlagBadges c={c} /> },
  ];
  return (
    <RegisterListLayout
      title="Changes"
      description="Every change to your systems with its review evidence: recorded by hand, or read from GitHub pull requests and git main lines. Unreviewed and unapproved emergency changes are flagged."
      views="changes"
      actions={
        <>
          <Button variant="default" component={Link} to="/changes/population" leftSection={<IconChartBar size={16} />}>
            Population
          </Button>
          {can("changes.manage_settings") && (
            <Button variant="default" leftSection={<IconClockCog size={16} />} onClick={() => setSettings(true)}>
              Settings
            </Button>
          )}
          {can("changes.manage") && (
            <>
              <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => setSyncing(true)}>
                Sync
              </Button>
              <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                Import
              </Button>
              <Button component={Link} to="/changes/new" leftSection={<IconPlus size={16} />}>
                Record a change
              </Button>
            </>
          )}
        </>
      }
      table={
        <DataTable
          label="Changes"
          query={list}
          columns={columns}
          rowKey={(c) => c.id}
          rowLink={linkTo}
          minWidth={960}
          paging={filters}
          noun={["change", "changes"]}
          empty={listEmpty(filters, "change", {
            icon: <IconGitMerge size={28} />,
            title: "No changes yet",
            description:
              "Sync a GitHub or git connection to read its merged changes, import a CSV from your ticketing tool, or record a change by hand.",
          })}
          toolbar={
            <RegisterToolbar
              filters={filters}
              search={{
                label: "Search title, reference, repository or author",
                placeholder: "Search title, reference, author",
                w: 260,
              }}
              align="flex-end"
              end={<DownloadButtons hrefFor={() => "/api/v1/changes/export.csv"} search={search} label="changes" />}
            >
              <FilterSelect
                filters={filters}
                name="source"
                aria-label="Source"
                placeholder="Any source"
                w={140}
                data={SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))}
              />
              <FilterSelect
                filters={filters}
                name="unreviewed"
                aria-label="Review"
                placeholder="Reviewed or not"
                w={170}
                data={[
                  { value: "true", label: "Unreviewed" },
                  { value: "false", label: "Reviewed" },
                ]}
              />
              <FilterSelect
                filters={filters}
                name="emergency"
                aria-label="Emergency"
                placeholder="Emergency or not"
                w={170}
                data={[
                  { value: "true", label: "Emergency" },
                  { value: "false", label: "Not emergency" },
                ]}
              />
              <TextInput
                type="date"
                aria-label="Landed from"
                w={150}
                value={filters.values.from ?? ""}
                onChange={(e) => filters.set({ from: e.currentTarget.value })}
              />
              <TextInput
                type="date"
                aria-label="Landed until"
                w={150}
                value={filters.values.to ?? ""}
                onChange={(e) => filters.set({ to: e.currentTarget.value })}
              />
              {filters.values.repository && (
                <Badge variant="light" size="lg" tt="none">
                  Repository: {filters.values.repository}
                </Badge>
              )}
            </RegisterToolbar>
          }
        />
      }
    >
      <ImportTableModal
        opened={importing}
        onClose={() => setImporting(false)}
        title="Import changes"
        path="/api/v1/changes/import"
        noun="changes"
        help={`Columns: ${IMPORT_COLUMNS}`}
      />
      <SyncChangesModal opened={syncing} onClose={() => setSyncing(false)} />
      {settings && <ChangeSettingsModal opened onClose={() => setSettings(false)} />}
    </RegisterListLayout>
  );
}
