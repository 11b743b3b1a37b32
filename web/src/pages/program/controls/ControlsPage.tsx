import { Button, Card, SimpleGrid, Skeleton, Stack, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFilterOff, IconLibrary, IconPlus, IconSearch, IconShieldCheck } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { CONTROL_STATUSES } from "../../../../../src/core/control-status.ts";
import { api } from "../../../api/client.ts";
import type { ControlStatus } from "../../../api/models/program.ts";
import { Empty } from "../../../components/Empty.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { CriterionSelect, MemberSelect } from "../../../components/program/Pickers.tsx";
import { TablePager } from "../../../components/TablePager.tsx";
import { oneOf } from "../../../lib/every-of.ts";
import { useDebounced } from "../../../lib/use-debounced.ts";
import { useUrlFilters } from "../../../lib/use-url-filters.ts";
import { useProgram } from "../../../program/context.tsx";
import { keys, useAllControls } from "../../../program/queries.ts";
import { useCan } from "../../../session.tsx";
import { AdoptModal } from "./AdoptModal.tsx";
import { ControlDrawer } from "./ControlDrawer.tsx";
import { ControlsTable } from "./ControlsTable.tsx";
import { NewControlModal } from "./NewControlModal.tsx";
import { StatusSummary } from "./StatusSummary.tsx";

const PAGE_SIZE = 25;
const FILTERS = ["q", "status", "criterion", "owner"] as const;

/** /programs/:id/controls[/:key] — the program's controls; a key opens that control in the drawer. */
export function ControlsPage() {
  const program = useProgram();
  const can = useCan();
  const navigate = useNavigate();
  const { key } = useParams();
  const f = useUrlFilters(FILTERS);
  const [q, setQ] = useState(f.values.q ?? "");
  const search = useDebounced(q.trim());
  const [adopting, adopt] = useDisclosure(false);
  const [adding, add] = useDisclosure(false);
  const manage = can("programs.manage");

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the debounced text changes
  useEffect(() => {
    if ((f.values.q ?? "") !== search) f.set({ q: search });
  }, [search]);

  const filter = {
    q: f.values.q,
    status: oneOf(CONTROL_STATUSES, f.values.status),
    criterion: f.values.criterion,
    ownerUserId: f.values.owner,
    page: f.page,
    pageSize: PAGE_SIZE,
  };
  const list = useQuery({
    queryKey: keys.controls(program.id, filter),
    queryFn: () =>
      api.GET("/api/v1/programs/{programId}/controls", { params: { path: { programId: program.id }, query: filter } }),
    placeholderData: keepPreviousData,
  });
  const all = useAllControls(program.id);
  const none = all.data?.total === 0;

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
        description="What your organization does to meet each criterion. A control counts towards readiness once it is implemented or operating; each status says why."
        actions={actions}
      />
      <Card withBorder padding={0}>
        <Stack p="md" gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <TextInput
              aria-label="Search controls"
              placeholder="Search by id, name or description"
              leftSection={<IconSearch size={16} />}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
            />
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
            {f.any && (
              <Button
                variant="subtle"
                leftSection={<IconFilterOff size={16} />}
                onClick={() => {
                  setQ("");
                  f.clear();
                }}
                w="fit-content"
              >
                Clear filters
              </Button>
            )}
          </SimpleGrid>
          {all.data && all.data.total > 0 && (
            <StatusSummary
              controls={all.data.items}
              value={(f.values.status as ControlStatus | undefined) ?? null}
              onChange={(s) => f.set({ status: s })}
            />
          )}
        </Stack>
        {list.isError && (
          <Stack px="md" pb="md">
            <ErrorAlert error={list.error} />
          </Stack>
        )}
        {list.isPending ? (
          <Stack p="md" gap="sm">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} h={44} />
            ))}
          </Stack>
        ) : list.data && list.data.items.length === 0 ? (
          <Empty
            icon={<IconShieldCheck size={26} />}
            title={none ? "No controls yet" : "No controls match these filters"}
            description={
              none
                ? "Start from the Assay library: controls written for SOC 2, mapped to the criteria, with guidance."
                : "Clear a filter or search for something else."
            }
            action={
              none && manage ? (
                <Button leftSection={<IconLibrary size={16} />} onClick={adopt.open}>
                  Adopt library controls
                </Button>
              ) : undefined
            }
          />
        ) : list.data ? (
          <ControlsTable programId={program.id} items={list.data.items} />
        ) : null}
        {list.data && list.data.total > 0 && (
          <Stack px="md" pb="md">
            <TablePager
              page={f.page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onChange={(p) => f.set({ page: String(p) })}
              noun={["control", "controls"]}
            />
          </Stack>
        )}
      </Card>
      <ControlDrawer
        programId={program.id}
        controlKey={key}
        onClose={() => navigate(`/programs/${program.id}/controls${window.location.search}`)}
      />
      {manage && <AdoptModal opened={adopting} onClose={adopt.close} />}
      {manage && <NewControlModal opened={adding} onClose={add.close} />}
    </>
  );
}
