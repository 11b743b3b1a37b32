import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconArrowLeft, IconDownload, IconPaperclip, IconPencil, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { Incident } from "../../api/models/incidents.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Field } from "../../components/Field.tsx";
import { LimitedTextarea, TEXT_LIMITS } from "../../components/LimitedTextarea.tsx";
import { LinkedControls } from "../../components/LinkedControls.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { formatDateTime, formatDay } from "../../components/Time.tsx";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useCan, useSubject } from "../../session.tsx";
import { IncidentFields, type IncidentFieldValues } from "./IncidentFields.tsx";
import { SeverityBadge, StatusBadge } from "./IncidentsPage.tsx";
import {
  fromLocalInput,
  INCIDENT_LIFECYCLE,
  INCIDENT_STATUS_LABELS,
  type IncidentStatus,
  incidentKeys,
  MOVE_LABELS,
  OBLIGATION_AUDIENCE_LABELS,
  OBLIGATION_AUDIENCES,
  STATUS_STAMPS,
  toLocalInput,
} from "./labels.ts";

type Path = { params: { path: { id: string } } };

/** The lifecycle as a stepper with each stage's time, and the moves the incident may make now. */
function Lifecycle({ i, canEdit, path }: { i: Incident; canEdit: boolean; path: Path }) {
  const [to, setTo] = useState<IncidentStatus | null>(null);
  const [at, setAt] = useState(toLocalInput());
  const [reason, setReason] = useState("");
  const move = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/incidents/{id}/transition", {
        ...path,
        body: { to: to!, at: fromLocalInput(at), ...(to === "not_incident" && reason ? { reason } : {}) },
      }),
    onSuccess: (r) => {
      notifySuccess(`${r.ref} is now ${INCIDENT_STATUS_LABELS[r.status].toLowerCase()}.`);
      setTo(null);
    },
  });
  // Steps before `active` show as done: every stage up to the current one.
  const active = INCIDENT_LIFECYCLE.indexOf(i.status as (typeof INCIDENT_LIFECYCLE)[number]) + 1;
  const stampOf = (s: IncidentStatus) => i[STATUS_STAMPS[s] as "detectedAt"] as string | null;
  return (
    <SectionCard
      title="Lifecycle"
      description="Each move stamps its time; stages can be skipped forward, never undone."
    >
      {i.status === "not_incident" ? (
        <Alert color="gray" title="Closed: not an incident" mb="md">
          {i.closedAt && `Closed ${formatDateTime(i.closedAt)}. `}
          {i.closeReason}
        </Alert>
      ) : (
        <Stepper active={active} size="sm" allowNextStepsSelect={false} mb="md">
          {INCIDENT_LIFECYCLE.map((s) => {
            const stamp = stampOf(s);
            return (
              <Stepper.Step
                key={s}
                label={INCIDENT_STATUS_LABELS[s]}
                description={stamp ? formatDateTime(stamp) : i.skipped.includes(s) ? "skipped" : undefined}
              />
            );
          })}
        </Stepper>
      )}
      {canEdit && i.nextStatuses.length > 0 && (
        <Group gap="xs">
          {i.nextStatuses.map((s, n) => (
            <Button
              key={s}
              size="xs"
              variant={n === 0 ? "filled" : s === "not_incident" ? "subtle" : "default"}
              color={s === "not_incident" ? "gray" : undefined}
              onClick={() => {
                move.reset();
                setAt(toLocalInput());
                setTo(s);
              }}
            >
              {MOVE_LABELS[s]}
            </Button>
          ))}
        </Group>
      )}
      <Modal opened={to !== null} onClose={() => setTo(null)} title={to ? MOVE_LABELS[to] : ""}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            move.mutate();
          }}
        >
          <Stack gap="sm">
            <ErrorAlert error={move.error} />
            {to &&
              to !== "not_incident" &&
              INCIDENT_LIFECYCLE.indexOf(to as "triaged") > INCIDENT_LIFECYCLE.indexOf(i.status as "triaged") + 1 && (
                <Text size="sm" c="dimmed">
                  This skips{" "}
                  {INCIDENT_LIFECYCLE.slice(
                    INCIDENT_LIFECYCLE.indexOf(i.status as "triaged") + 1,
                    INCIDENT_LIFECYCLE.indexOf(to as "triaged"),
                  )
                    .map((s) => INCIDENT_STATUS_LABELS[s].toLowerCase())
                    .join(" and ")}
                  ; the register records it as skipped.
                </Text>
              )}
            <TextInput
              label="When"
              type="datetime-local"
              required
              value={at}
              onChange={(e) => setAt(e.currentTarget.value)}
              description="Back-date it if it happened earlier (never before the previous stage)."
            />
            {to === "not_incident" && (
              <LimitedTextarea
                label="Why it is not an incident"
                limit={TEXT_LIMITS.paragraph}
                autosize
                minRows={2}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTo(null)}>
                Cancel
              </Button>
              <Button type="submit" loading={move.isPending}>
                Confirm
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </SectionCard>
  );
}

function DetailsForm({ i, path, onDone }: { i: Incident; path: Path; onDone: () => void }) {
  const [f, setF] = useState<IncidentFieldValues>({
    title: i.title,
    summary: i.summary,
    severity: i.severity,
    category: i.category,
    reportedBy: i.reportedBy,
    ownerUserId: i.owner?.id ?? null,
    detectedAt: toLocalInput(i.detectedAt),
    affectedAssetIds: i.affectedAssets.map((a) => a.id),
    affectedSystems: i.affectedSystems,
    dataCategories: i.dataCategories,
    recordsEstimate: i.recordsEstimate,
    personalData: i.personalData,
  });
  const save = useMutation({
    mutationFn: () =>
      api.PATCH("/api/v1/incidents/{id}", {
        ...path,
        body: { ...f, detectedAt: fromLocalInput(f.detectedAt) },
      }),
    onSuccess: onDone,
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <ErrorAlert error={save.error} />
        <IncidentFields value={f} onChange={setF} columns={3} knownAssets={i.affectedAssets} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Details({ i, canEdit, path }: { i: Incident; canEdit: boolean; path: Path }) {
  const [editing, setEditing] = useState(false);
  return (
    <SectionCard
      title="Details"
      aside={
        canEdit &&
        !editing && (
          <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => setEditing(true)}>
            Edit
          </Button>
        )
      }
    >
      {editing ? (
        <DetailsForm i={i} path={path} onDone={() => setEditing(false)} />
      ) : (
        <Stack gap="md">
          <Field label="Summary">{i.summary}</Field>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
            <Field label="Incident commander">{i.owner ? `${i.owner.name} (${i.owner.email})` : ""}</Field>
            <Field label="Category">{i.category}</Field>
            <Field label="Reported by">{i.reportedBy}</Field>
            <Field label="Affected assets">
              {i.affectedAssets.length ? (
                <Group gap="xs">
                  {i.affectedAssets.map((a) => (
                    <Anchor key={a.id} component={Link} to={`/assets/${a.id}`} size="sm">
                      {a.name}
                    </Anchor>
                  ))}
                </Group>
              ) : (
                ""
              )}
            </Field>
            <Field label="Other affected systems">{i.affectedSystems.join(", ")}</Field>
            <Field label="Data affected">{i.dataCategories.join(", ")}</Field>
            <Field label="Personal data / records">
              {`${i.personalData ? "Personal data affected" : "No personal data"}${i.recordsEstimate !== null ? ` · about ${i.recordsEstimate.toLocaleString()} records` : ""}`}
            </Field>
          </SimpleGrid>
        </Stack>
      )}
    </SectionCard>
  );
}

function Timeline({ i, canEdit, path }: { i: Incident; canEdit: boolean; path: Path }) {
  const [at, setAt] = useState("");
  const [text, setText] = useState("");
  const { userId } = useSubject();
  const canDeleteAny = useCan()("incidents.delete");
  const remove = useMutation({
    mutationFn: (entryId: string) =>
      api.DELETE("/api/v1/incidents/{id}/timeline/{entryId}", {
        params: { path: { id: i.id, entryId } },
      }),
    onSuccess: () => notifySuccess("The timeline entry was deleted."),
    onError: (err) => notifyError(err, "The timeline entry stays"),
  });
  const add = useMutation({
    mutationFn: () => api.POST("/api/v1/incidents/{id}/timeline", { ...path, body: { text, at: fromLocalInput(at) } }),
    onSuccess: () => {
      setText("");
      setAt("");
    },
  });
  return (
    <SectionCard
      title="Timeline"
      description="What happened when, in order. Entries can be back-dated to any time since detection."
    >
      {i.timeline.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          No entries yet: record what was seen and done, as it happens.
        </Text>
      ) : (
        <Stack gap="xs" mb="md" component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {i.timeline.map((t) => (
            <Group key={t.id} component="li" gap="md" align="flex-start" wrap="nowrap">
              <Text size="sm" fw={600} w={150} style={{ flexShrink: 0 }}>
                {formatDateTime(t.at)}
              </Text>
              <Stack gap={0}>
                <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                  {t.text}
                </Text>
                <Text size="xs" c="dimmed">
                  {t.author?.name ?? "Assay"}
                </Text>
              </Stack>
              {canEdit && t.author && (t.author.id === userId || canDeleteAny) && (
                <Tooltip label="Delete entry">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    ml="auto"
                    aria-label={`Delete the entry of ${formatDateTime(t.at)}`}
                    loading={remove.isPending && remove.variables === t.id}
                    onClick={() =>
                      window.confirm("Delete this timeline entry? The ledger keeps what it said.") &&
                      remove.mutate(t.id)
                    }
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {canEdit && (
        <form
          aria-label="Add a timeline entry"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Stack gap="xs">
            <ErrorAlert error={add.error} />
            <Group align="flex-end" gap="sm" wrap="wrap">
              <TextInput
                label="When"
                description="Empty: now"
                type="datetime-local"
                value={at}
                onChange={(e) => setAt(e.currentTarget.value)}
                w={210}
              />
              <TextInput
                label="What happened"
                required
                maxLength={TEXT_LIMITS.paragraph}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                style={{ flex: "1 1 280px" }}
              />
              <Button type="submit" loading={add.isPending} variant="default">
                Add entry
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </SectionCard>
  );
}

const STATE_BADGES = {
  notified: { color: "teal", label: "Notified" },
  notified_late: { color: "orange", label: "Notified late" },
  overdue: { color: "red", label: "Overdue" },
  due_soon: { color: "yellow", label: "Due soon" },
  pending: { color: "gray", label: "Pending" },
} as const;

function Obligations({ i, canEdit, path }: { i: Incident; canEdit: boolean; path: Path }) {
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({
    audience: "regulator" as (typeof OBLIGATION_AUDIENCES)[number],
    recipient: "",
    basis: "",
    hours: 72,
  });
  const add = useMutation({
    mutationFn: () => api.POST("/api/v1/incidents/{id}/obligations", { ...path, body: form }),
    onSuccess: () => {
      setAdding(false);
      setForm({ audience: "regulator", recipient: "", basis: "", hours: 72 });
    },
  });
  const notified = useMutation({
    mutationFn: (obligationId: string) =>
      api.PATCH("/api/v1/incidents/{id}/obligations/{obligationId}", {
        params: { path: { id: i.id, obligationId } },
        body: { notifiedAt: new Date().toISOString() },
      }),
  });
  const remove = useMutation({
    mutationFn: (obligationId: string) =>
      api.DELETE("/api/v1/incidents/{id}/obligations/{obligationId}", { params: { path: { id: i.id, obligationId } } }),
  });
  return (
    <SectionCard
      title="Notification obligations"
      description="Who must be told, on what basis, and by when: the deadline counts from detection."
      aside={
        canEdit && (
          <Button size="xs" variant="default" onClick={() => setAdding((a) => !a)}>
            Add obligation
          </Button>
        )
      }
    >
      <ErrorAlert error={notified.error ?? remove.error} />
      {i.personalData && !i.obligations.some((o) => o.audience === "regulator") && (
        <Alert color="orange" mb="sm" title="Personal data was affected">
          A personal-data breach usually has to be reported to the supervisory authority within 72 hours of detection.
        </Alert>
      )}
      {i.obligations.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody has to be notified so far.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Who</Table.Th>
                <Table.Th>Basis</Table.Th>
                <Table.Th>Deadline</Table.Th>
                <Table.Th>State</Table.Th>
                {canEdit && <Table.Th aria-label="Actions" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {i.obligations.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {OBLIGATION_AUDIENCE_LABELS[o.audience]}
                    </Text>
                    {o.recipient && (
                      <Text size="xs" c="dimmed">
                        {o.recipient}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{o.basis || "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(o.deadlineAt)}</Text>
                    <Text size="xs" c="dimmed">
                      {o.hours} h after detection
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATE_BADGES[o.state].color} variant="light">
                      {STATE_BADGES[o.state].label}
                    </Badge>
                    {o.notifiedAt && (
                      <Text size="xs" c="dimmed">
                        {formatDateTime(o.notifiedAt)}
                      </Text>
                    )}
                  </Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {!o.notifiedAt && (
                          <Button size="compact-xs" variant="light" onClick={() => notified.mutate(o.id)}>
                            Notified now
                          </Button>
                        )}
                        <Tooltip label="Remove">
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={`Remove the obligation to ${OBLIGATION_AUDIENCE_LABELS[o.audience].toLowerCase()}`}
                            onClick={() => remove.mutate(o.id)}
                          >
                            <IconTrash size={14} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {adding && (
        <form
          aria-label="Add a notification obligation"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Stack gap="xs" mt="md">
            <ErrorAlert error={add.error} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="Who"
                allowDeselect={false}
                data={OBLIGATION_AUDIENCES.map((a) => ({ value: a, label: OBLIGATION_AUDIENCE_LABELS[a] }))}
                value={form.audience}
                onChange={(v) => v && setForm((f) => ({ ...f, audience: v as typeof f.audience }))}
              />
              <TextInput
                label="Recipient"
                placeholder="e.g. the data protection authority"
                value={form.recipient}
                onChange={(e) => setForm({ ...form, recipient: e.currentTarget.value })}
              />
              <NumberInput
                label="Hours after detection"
                min={1}
                max={8760}
                allowDecimal={false}
                value={form.hours}
                onChange={(v) => setForm({ ...form, hours: typeof v === "number" ? v : 72 })}
              />
            </SimpleGrid>
            <TextInput
              label="Basis"
              placeholder="The law, contract or policy that requires it"
              value={form.basis}
              onChange={(e) => setForm({ ...form, basis: e.currentTarget.value })}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={add.isPending}>
                Add
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </SectionCard>
  );
}

function Postmortem({ i, canEdit, path }: { i: Incident; canEdit: boolean; path: Path }) {
  const [rootCause, setRootCause] = useState(i.rootCause);
  const [lessons, setLessons] = useState(i.lessonsLearned);
  const dirty = rootCause !== i.rootCause || lessons !== i.lessonsLearned;
  const save = useMutation({
    mutationFn: () => api.PATCH("/api/v1/incidents/{id}", { ...path, body: { rootCause, lessonsLearned: lessons } }),
    onSuccess: () => notifySuccess("Post-mortem saved."),
  });
  return (
    <SectionCard
      title="Post-mortem"
      description="Why it happened and what changes because of it. Both are needed before the post-mortem can be marked done."
    >
      {canEdit ? (
        <form
          aria-label="Post-mortem"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <Stack gap="sm">
            <ErrorAlert error={save.error} />
            <LimitedTextarea
              label="Root cause"
              autosize
              minRows={3}
              value={rootCause}
              onChange={(e) => setRootCause(e.currentTarget.value)}
            />
            <LimitedTextarea
              label="Lessons learned"
              autosize
              minRows={3}
              value={lessons}
              onChange={(e) => setLessons(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button type="submit" disabled={!dirty} loading={save.isPending}>
                Save post-mortem
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap="md">
          <Field label="Root cause">{i.rootCause}</Field>
          <Field label="Lessons learned">{i.lessonsLearned}</Field>
        </Stack>
      )}
    </SectionCard>
  );
}

function Remediation({ i, canEdit, path }: { i: Incident; canEdit: boolean; path: Path }) {
  const [adding, setAdding] = useState(false);
  const [programId, setProgramId] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const programs = useQuery({
    queryKey: ["programs", "list"],
    queryFn: () => api.GET("/api/v1/programs"),
    enabled: adding,
  });
  const create = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/incidents/{id}/remediation", { ...path, body: { programId: programId ?? "", title } }),
    onSuccess: () => {
      setAdding(false);
      setTitle("");
    },
  });
  const unlink = useMutation({
    mutationFn: (id: string) =>
      api.PUT("/api/v1/incidents/{id}/remediation", {
        ...path,
        body: { itemIds: i.remediation.filter((r) => r.id !== id).map((r) => r.id) },
      }),
  });
  return (
    <SectionCard
      title="Follow-up actions"
      description="Remediation items that carry the incident's action items, in a program's plan."
      aside={
        canEdit && (
          <Button size="xs" variant="default" onClick={() => setAdding((a) => !a)}>
            Add action item
          </Button>
        )
      }
    >
      <ErrorAlert error={unlink.error} />
      {i.remediation.length === 0 ? (
        <Text size="sm" c="dimmed">
          No remediation items yet.
        </Text>
      ) : (
        <Stack gap={6}>
          {i.remediation.map((r) => (
            <Group key={r.id} gap="sm" justify="space-between" wrap="nowrap">
              <Anchor component={Link} to={`/programs/${r.programId}/remediation/${r.id}`} size="sm">
                <span className="assay-mono">{r.ref}</span> {r.title}
              </Anchor>
              <Group gap="xs" wrap="nowrap">
                <Badge variant="light" color={r.status === "verified" || r.status === "done" ? "teal" : "blue"}>
                  {r.status.replace(/_/g, " ")}
                </Badge>
                {r.dueDate && <Text size="xs">due {formatDay(r.dueDate)}</Text>}
                {canEdit && (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Unlink ${r.ref}`}
                    onClick={() => unlink.mutate(r.id)}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      {adding && (
        <form
          aria-label="Add an action item"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Stack gap="xs" mt="md">
            <ErrorAlert error={create.error} />
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Select
                label="Program"
                required
                w={220}
                data={(programs.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
                value={programId}
                onChange={setProgramId}
              />
              <TextInput
                label="Action"
                required
                maxLength={TEXT_LIMITS.title}
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
                style={{ flex: "1 1 260px" }}
              />
              <Button type="submit" loading={create.isPending}>
                Create item
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </SectionCard>
  );
}

/** One incident: its lifecycle, details, timeline, notifications, post-mortem and follow-ups. */
export function IncidentPage() {
  const { incidentId = "" } = useParams();
  const { search } = useLocation();
  const can = useCan();
  const canEdit = can("incidents.manage");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const path: Path = { params: { path: { id: incidentId } } };
  const q = useQuery({
    queryKey: incidentKeys.one(incidentId),
    queryFn: () => api.GET("/api/v1/incidents/{id}", path),
  });
  const i = q.data;
  const attach = useMutation({
    mutationFn: () => api.POST("/api/v1/incidents/{id}/evidence", { ...path, body: {} }),
    onSuccess: (r) => notifySuccess(`“${r.title}” is now evidence of ${r.control}.`),
    onError: (err) => notifyError(err, "The report was not attached"),
  });
  const remove = useMutation({
    mutationFn: () => api.DELETE("/api/v1/incidents/{id}", path),
    onSuccess: () => {
      notifySuccess(`${q.data?.ref} was deleted.`);
      // Cached lists still hold the incident: drop them so the list does not show it again while it refetches.
      queryClient.removeQueries({ queryKey: [...incidentKeys.all, "list"] });
      navigate({ pathname: "/incidents", search });
    },
    onError: (err) => notifyError(err, "The incident stays"),
  });
  return (
    <>
      <Anchor component={Link} to={{ pathname: "/incidents", search }} size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Incidents
        </Group>
      </Anchor>
      <PageHeader
        title={i ? `${i.ref} · ${i.title}` : "Incident"}
        description={
          i && (
            <Group gap="xs" component="span">
              <SeverityBadge severity={i.severity} />
              <StatusBadge status={i.status} />
              <Text span size="sm" c="dimmed">
                Detected {formatDateTime(i.detectedAt)}
              </Text>
            </Group>
          )
        }
        actions={
          i && (
            <>
              {canEdit && i.status === "postmortem_done" && (
                <Button
                  variant="default"
                  leftSection={<IconPaperclip size={16} />}
                  loading={attach.isPending}
                  onClick={() => attach.mutate()}
                >
                  Attach to INC-08
                </Button>
              )}
              {can("incidents.delete") && i.status === "detected" && (
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={16} />}
                  loading={remove.isPending}
                  onClick={() =>
                    window.confirm(
                      `Delete ${i.ref} “${i.title}”, logged by mistake, with its timeline and notification duties? The ledger keeps that it existed.`,
                    ) && remove.mutate()
                  }
                >
                  Delete
                </Button>
              )}
              <Button
                component="a"
                href={`/api/v1/incidents/${i.id}/report.pdf`}
                download
                variant="default"
                leftSection={<IconDownload size={16} />}
              >
                Post-mortem PDF
              </Button>
            </>
          )
        }
      />
      <ErrorAlert error={q.error} />
      {!i ? (
        !q.error && <Skeleton h={320} />
      ) : (
        <Stack gap="lg">
          <Lifecycle i={i} canEdit={canEdit} path={path} />
          <Details key={i.updatedAt} i={i} canEdit={canEdit} path={path} />
          <Timeline i={i} canEdit={canEdit} path={path} />
          <Obligations i={i} canEdit={canEdit} path={path} />
          <Postmortem key={`${i.rootCause}|${i.lessonsLearned}`} i={i} canEdit={canEdit} path={path} />
          <Remediation i={i} canEdit={canEdit} path={path} />
          <LinkedControls path="/incidents" recordId={i.id} canEdit={canEdit} />
        </Stack>
      )}
    </>
  );
}
