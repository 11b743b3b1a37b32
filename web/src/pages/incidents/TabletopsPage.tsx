import { ActionIcon, Anchor, Button, Group, Modal, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { IconArrowLeft, IconPaperclip, IconPencil, IconPlus, IconPresentation, IconTrash } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { TabletopExercise } from "../../api/models/incidents.ts";
import { DataTable, type DataTableProps, SearchInput } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LimitedTextarea, TEXT_LIMITS } from "../../components/LimitedTextarea.tsx";
import { ListEditor } from "../../components/ListEditor.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDay } from "../../components/Time.tsx";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { incidentKeys } from "./labels.ts";

const today = () => new Date().toISOString().slice(0, 10);

function TabletopForm({ initial, onClose }: { initial: TabletopExercise | null; onClose: () => void }) {
  const [f, setF] = useState({
    heldOn: initial?.heldOn ?? today(),
    scenario: initial?.scenario ?? "",
    participants: initial?.participants ?? [],
    findings: initial?.findings ?? "",
    followUps: initial?.followUps ?? "",
  });
  const save = useMutation({
    mutationFn: () =>
      initial
        ? api.PATCH("/api/v1/incidents/tabletops/{id}", { params: { path: { id: initial.id } }, body: f })
        : api.POST("/api/v1/incidents/tabletops", { body: f }),
    onSuccess: onClose,
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={initial ? "Edit the tabletop exercise" : "Record a tabletop exercise"}
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
          <TextInput
            label="Held on"
            type="date"
            required
            max={today()}
            value={f.heldOn}
            onChange={(e) => setF({ ...f, heldOn: e.currentTarget.value })}
          />
          <LimitedTextarea
            label="Scenario"
            required
            limit={TEXT_LIMITS.paragraph}
            autosize
            minRows={2}
            value={f.scenario}
            onChange={(e) => setF({ ...f, scenario: e.currentTarget.value })}
            data-autofocus
          />
          <ListEditor
            label="Participants"
            placeholder="A name and role"
            value={f.participants}
            onChange={(participants) => setF({ ...f, participants })}
          />
          <LimitedTextarea
            label="Findings"
            autosize
            minRows={2}
            value={f.findings}
            onChange={(e) => setF({ ...f, findings: e.currentTarget.value })}
          />
          <LimitedTextarea
            label="Follow-ups"
            autosize
            minRows={2}
            value={f.followUps}
            onChange={(e) => setF({ ...f, followUps: e.currentTarget.value })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Tabletop exercises: rehearsals of the incident response (INC-09 wants one, or a real post-mortem, every year). */
export function TabletopsPage() {
  const can = useCan();
  const canEdit = can("incidents.manage");
  const [editing, setEditing] = useState<TabletopExercise | "new" | null>(null);
  const { filters, list } = useListQuery({
    filters: ["q"] as const,
    search: "q",
    query: (v, paging) => ({ q: v.q, ...paging }),
    key: incidentKeys.tabletops,
    fetch: (query) => api.GET("/api/v1/incidents/tabletops", { params: { query } }),
  });
  const attach = useMutation({
    mutationFn: (id: string) =>
      api.POST("/api/v1/incidents/tabletops/{id}/evidence", { params: { path: { id } }, body: {} }),
    onSuccess: (r) => notifySuccess(`“${r.title}” is now evidence of ${r.control}.`),
    onError: (err) => notifyError(err, "The record was not attached"),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.DELETE("/api/v1/incidents/tabletops/{id}", { params: { path: { id } } }),
  });
  const columns: DataTableProps<TabletopExercise>["columns"] = [
    { header: "Held on", width: 130, cell: (t) => <Text size="sm">{formatDay(t.heldOn)}</Text> },
    {
      header: "Scenario",
      cell: (t) => (
        <Stack gap={0}>
          <Text size="sm" fw={600} lineClamp={2}>
            {t.scenario}
          </Text>
          {t.findings && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {t.findings}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      header: "Participants",
      width: 220,
      cell: (t) => (
        <Text size="sm" lineClamp={2}>
          {t.participants.join(", ") || "—"}
        </Text>
      ),
    },
    {
      header: "Follow-ups",
      width: 240,
      cell: (t) => (
        <Text size="sm" lineClamp={2} c={t.followUps ? undefined : "dimmed"}>
          {t.followUps || "None"}
        </Text>
      ),
    },
    ...(canEdit
      ? [
          {
            header: "Actions",
            width: 120,
            cell: (t: TabletopExercise) => (
              <Group gap={4} wrap="nowrap">
                <Tooltip label="Attach as evidence of INC-09">
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Attach the exercise of ${t.heldOn} as evidence of INC-09`}
                    onClick={() => attach.mutate(t.id)}
                  >
                    <IconPaperclip size={14} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Edit">
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Edit the exercise of ${t.heldOn}`}
                    onClick={() => setEditing(t)}
                  >
                    <IconPencil size={14} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Delete">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Delete the exercise of ${t.heldOn}`}
                    onClick={() => remove.mutate(t.id)}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Anchor component={Link} to="/incidents" size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Incidents
        </Group>
      </Anchor>
      <PageHeader
        title="Tabletop exercises"
        description="Rehearsals of the incident response on a made-up scenario: who took part, what it showed, what follows."
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
              Record an exercise
            </Button>
          )
        }
      />
      <ErrorAlert error={remove.error} />
      <DataTable
        label="Tabletop exercises"
        query={list}
        columns={columns}
        rowKey={(t) => t.id}
        minWidth={800}
        paging={filters}
        noun={["exercise", "exercises"]}
        empty={{
          icon: <IconPresentation size={28} />,
          title: filters.any ? "No exercise matches" : "No exercises recorded",
          description: filters.any
            ? "Try another search."
            : "Run a tabletop exercise at least once a year (or write a real incident's post-mortem) and record it here.",
        }}
        toolbar={
          <SearchInput
            filters={filters}
            aria-label="Search exercises"
            placeholder="Search scenario, findings, people"
            w={300}
          />
        }
      />
      {editing && <TabletopForm initial={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
