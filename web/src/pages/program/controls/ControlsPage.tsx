import { Button, SimpleGrid } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFilterOff, IconLibrary, IconPlus, IconShieldCheck } from "@tabler/icons-react";
import { useLocation, useNavigate, useParams } from "react-router";
import { CONTROL_STATUSES } from "../../../../../src/core/control-status.ts";
import { api } from "../../../api/client.ts";
import type { ControlStatus, ProgramControl } from "../../../api/models/program.ts";
import { BulkBar, selectColumn, useBulkSelection } from "../../../components/BulkEdit.tsx";
import { BulkEditControls } from "../../../components/BulkEditControls.tsx";
import { ClearFilters, DataTable, SearchInput } from "../../../components/DataTable.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { CriterionSelect, MemberSelect } from "../../../components/program/Pickers.tsx";
import { oneOf } from "../../../lib/every-of.ts";
import { useListQuery } from "../../../lib/use-list-query.ts";
import { useProgram } from "../../../program/context.tsx";
import { keys, useAllControls } from "../../../program/queries.ts";
import { useCan } from "../../../session.tsx";
import { AdoptModal } from "./AdoptModal.tsx";
import { ControlDrawer } from "./ControlDrawer.tsx";
import { controlColumns } from "./ControlsTable.tsx";
import { NewControlModal } from "./NewControlModal.tsx";
import { StatusSummary } from "./StatusSummary.tsx";

/** /programs/:id/controls[/:key] — the program's controls; a key opens that control in the drawer. */
export function ControlsPage() {
  const program = useProgram();
  const can = useCan();
  const navigate = useNavigate();
  const { key } = useParams();
  const { search } = useLocation();
  const [adopting, adopt] = useDisclosure(false);
  const [adding, add] = useDisclosure(false);
  const manage = can("programs.manage");
  const { filters: f, list } = useListQuery({
    filters: ["q", "status", "criterion", "owner"] as const,
    search: "q",
    query: (v, paging) => ({
      q: v.q,
      status: oneOf(CONTROL_STATUSES, v.status),
      criterion: v.criterion,
      ownerUserId: v.owner,
      ...paging,
    }),
    key: (filter) => keys.controls(program.id, filter),
    fetch: (query) =>
      api.GET("/api/v1/programs/{programId}/controls", { params: { path: { programId: program.id }, query } }),
  });
  const all = useAllControls(program.id);
  const none = all.data?.total === 0;
  const bulkable = can("controls.update_own");
  const selection = useBulkSelection();
  const [bulkEditing, bulkEdit] = useDisclosure(false);

  const actions = manage && (
    <>
      <Button variant="default" leftSection={<IconLibrary size={16} />} onClick={adopt.open}>
        Adopt library controls
      </Button>
      <Button leftSection={<IconPlus size={16} />} onClick={add.open}>
        Add custom control
      </Button>
    </>
  );

  return (
    <>
      <PageHeader
        title="Controls"
        description="What your organization does to meet each criterion. Readiness counts a control as declared once someone says it is implemented, evidenced with current evidence, and operating with evidence and passing tests; each status says why."
        actions={actions}
      />
      <DataTable
        label="Controls"
        query={list}
        columns={[
          bulkable &&
            selectColumn<ProgramControl>(
              selection,
              (c) => c.key,
              (c) => c.key,
            ),
          ...controlColumns(program.id, search),
        ]}
        rowKey={(c) => c.key}
        rowProps={(c) => ({ "data-testid": `control-row-${c.key}` })}
        minWidth={900}
        paging={f}
        noun={["control", "controls"]}
        toolbar={
          <>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
              <SearchInput filters={f} aria-label="Search controls" placeholder="Search by id, name or description" />
              <CriterionSelect
                aria-label="Filter by criterion"
                placeholder="Any criterion"
                value={f.values.criterion ?? null}
                onChange={(v) => f.set({ criterion: v })}
              />
              <MemberSelect
                aria-label="Filter by owner"
                placeholder="Any owner"
                value={f.values.owner ?? null}
                onChange={(v) => f.set({ owner: v })}
              />
              <ClearFilters filters={f} size="sm" leftSection={<IconFilterOff size={16} />} w="fit-content" />
            </SimpleGrid>
            {all.data && all.data.total > 0 && (
              <StatusSummary
                controls={all.data.items}
                value={(f.values.status as ControlStatus | undefined) ?? null}
                onChange={(s) => f.set({ status: s })}
              />
            )}
          </>
        }
        empty={{
          icon: <IconShieldCheck size={26} />,
          title: none ? "No controls yet" : "No controls match these filters",
          description: none
            ? "Start from the Assay library: controls written for SOC 2, mapped to the criteria, with guidance."
            : "Clear a filter or search for something else.",
          action:
            none && manage ? (
              <Button leftSection={<IconLibrary size={16} />} onClick={adopt.open}>
                Adopt library controls
              </Button>
            ) : undefined,
        }}
      />
      <ControlDrawer
        programId={program.id}
        controlKey={key}
        onClose={() => navigate(`/programs/${program.id}/controls${window.location.search}`)}
      />
      {bulkable && (
        <>
          <BulkBar
            selection={selection}
            pageIds={list.data?.items.map((c) => c.key) ?? []}
            noun={["control", "controls"]}
            onEdit={bulkEdit.open}
          />
          <BulkEditControls
            programId={program.id}
            keys={[...selection.ids]}
            opened={bulkEditing}
            onClose={bulkEdit.close}
            onApplied={selection.clear}
          />
        </>
      )}
      {manage && <AdoptModal opened={adopting} onClose={adopt.close} />}
      {manage && <NewControlModal opened={adding} onClose={add.close} />}
    </>
  );
}
