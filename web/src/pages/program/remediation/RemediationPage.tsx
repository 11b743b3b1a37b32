import { Button, Group, SegmentedControl, Stack, Text } from "@mantine/core";
import { IconFileTypeCsv, IconFileTypePdf, IconLayoutKanban, IconList, IconPlus, IconTool } from "@tabler/icons-react";
import { useState } from "react";
import { useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { api, apiUrl } from "../../../api/client.ts";
import type { RemediationItem } from "../../../api/models/remediation.ts";
import { BulkBar, selectColumn, useBulkSelection } from "../../../components/BulkEdit.tsx";
import { BulkEditRemediation } from "../../../components/BulkEditRemediation.tsx";
import { DataTable } from "../../../components/DataTable.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { NewRemediationModal } from "../../../components/program/NewRemediationModal.tsx";
import { useListQuery } from "../../../lib/use-list-query.ts";
import type { UrlFilters } from "../../../lib/use-url-filters.ts";
import { useProgram } from "../../../program/context.tsx";
import { keys, useRemediationSummary } from "../../../program/queries.ts";
import { useCan } from "../../../session.tsx";
import { BurndownCard } from "./BurndownCard.tsx";
import { RemediationBoard } from "./RemediationBoard.tsx";
import { RemediationDrawer } from "./RemediationDrawer.tsx";
import { REMEDIATION_FILTERS, RemediationFilters } from "./RemediationFilters.tsx";
import { remediationColumns } from "./RemediationList.tsx";

const ViewLabel = ({ icon: Icon, label }: { icon: typeof IconList; label: string }) => (
  <Group gap={6} wrap="nowrap" justify="center">
    <Icon size={14} />
    {label}
  </Group>
);
/** The board shows up to the API's page limit in one go. */
const BOARD_SIZE = 100;

/** The URL's filters as the API's (and the exports'). */
const filterOf = (v: UrlFilters<(typeof REMEDIATION_FILTERS)[number]>["values"]) => ({
  ...v,
  overdue: v.overdue === "true" ? ("true" as const) : undefined,
});

/** /programs/:id/remediation[/:itemId] — the remediation plan as a list or a board, with exports. */
export function RemediationPage() {
  const program = useProgram();
  const can = useCan();
  const navigate = useNavigate();
  const { itemId } = useParams();
  const { search } = useLocation();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const bulkable = can("remediation.update_own");
  const selection = useBulkSelection();
  const [bulkEditing, setBulkEditing] = useState(false);
  const board = params.get("view") === "board";
  const { filters: f, list } = useListQuery({
    filters: REMEDIATION_FILTERS,
    search: "q",
    query: (v, paging) => ({ ...filterOf(v), ...(board ? { page: 1, pageSize: BOARD_SIZE } : paging) }),
    key: (query) => keys.remediation(program.id, query),
    fetch: (query) =>
      api.GET("/api/v1/programs/{programId}/remediation", { params: { path: { programId: program.id }, query } }),
  });
  const filters = filterOf(f.values);
  const summary = useRemediationSummary(program.id);
  const empty = summary.data?.total === 0;
  const setView = (v: string) => {
    const next = new URLSearchParams(params);
    if (v === "board") next.set("view", "board");
    else next.delete("view");
    next.delete("page");
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Remediation plan"
        description="Every gap with its root cause, risk, fix, owner and due date. Items move from open to in progress, done and verified; verified fixes are what an auditor wants to see."
        actions={
          <>
            <Button
              component="a"
              href={apiUrl("/api/v1/programs/{programId}/remediation.csv", {
                path: { programId: program.id },
                query: filters,
              })}
              download
              variant="default"
              leftSection={<IconFileTypeCsv size={16} />}
            >
              CSV
            </Button>
            <Button
              component="a"
              href={apiUrl("/api/v1/programs/{programId}/remediation.pdf", {
                path: { programId: program.id },
                query: filters,
              })}
              download
              variant="default"
              leftSection={<IconFileTypePdf size={16} />}
            >
              PDF
            </Button>
            {can("remediation.manage") && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                New item
              </Button>
            )}
          </>
        }
      />
      <Stack gap="lg">
        <ErrorAlert error={summary.error} />
        {summary.data && !empty && (
          <BurndownCard
            summary={summary.data}
            onFilter={(v) => f.set({ ...Object.fromEntries(REMEDIATION_FILTERS.map((k) => [k, null])), ...v })}
          />
        )}
        <DataTable
          label="Remediation items"
          query={list}
          columns={[
            bulkable &&
              !board &&
              selectColumn<RemediationItem>(
                selection,
                (i) => i.id,
                (i) => i.ref,
              ),
            ...remediationColumns(program.id, search),
          ]}
          rowKey={(i) => i.id}
          rowProps={(i) => ({ "data-testid": `item-${i.ref}` })}
          minWidth={960}
          render={board ? (items) => <RemediationBoard programId={program.id} items={items} /> : undefined}
          paging={board ? undefined : f}
          noun={["item", "items"]}
          footer={
            list.data &&
            board &&
            list.data.total > BOARD_SIZE && (
              <Text size="sm" c="dimmed" px="md" pb="md">
                The board shows the first {BOARD_SIZE} of {list.data.total} items by priority. Narrow it with the
                filters.
              </Text>
            )
          }
          toolbar={
            <RemediationFilters
              f={f}
              aside={
                <SegmentedControl
                  aria-label="View"
                  value={board ? "board" : "list"}
                  onChange={setView}
                  data={[
                    { value: "list", label: <ViewLabel icon={IconList} label="List" /> },
                    { value: "board", label: <ViewLabel icon={IconLayoutKanban} label="Board" /> },
                  ]}
                />
              }
            />
          }
          empty={{
            icon: <IconTool size={26} />,
            title: empty ? "The plan is empty" : "No items match these filters",
            description: empty
              ? "Items appear here from the self-assessment and the gap list, or add one yourself."
              : "Clear a filter or search for something else.",
            action:
              empty && can("remediation.manage") ? (
                <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                  Add the first item
                </Button>
              ) : undefined,
          }}
        />
      </Stack>
      <RemediationDrawer
        programId={program.id}
        itemId={itemId}
        onClose={() => navigate(`/programs/${program.id}/remediation${window.location.search}`)}
      />
      <NewRemediationModal programId={program.id} opened={creating} onClose={() => setCreating(false)} />
      {bulkable && (
        <>
          <BulkBar
            selection={selection}
            pageIds={list.data?.items.map((i) => i.id) ?? []}
            noun={["item", "items"]}
            onEdit={() => setBulkEditing(true)}
          />
          <BulkEditRemediation
            programId={program.id}
            ids={[...selection.ids]}
            opened={bulkEditing}
            onClose={() => setBulkEditing(false)}
            onApplied={selection.clear}
          />
        </>
      )}
    </>
  );
}
