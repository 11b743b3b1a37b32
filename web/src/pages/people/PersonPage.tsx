import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { IconAlertTriangle, IconArrowLeft, IconPencil, IconShieldCheck } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { rules } from "../../../../src/modules/people/policy.ts";
import { api } from "../../api/client.ts";
import type { ChecklistStep, PersonRoutines } from "../../api/models/people.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan, useSubject } from "../../session.tsx";
import { ProofFileInput, ProofLinks, useProofUpload } from "../evidence/components/ProofFile.tsx";
import { CompleteStepModal } from "./CompleteStepModal.tsx";
import {
  ASSIGNEE_LABELS,
  COMPLIANCE,
  KIND_LABELS,
  OUTCOME_LABELS,
  SATISFIED_BY_LABELS,
  SOURCE_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  STEP_STATE,
} from "./labels.ts";
import { PersonFormModal } from "./PersonFormModal.tsx";
import { PolicyAcceptances } from "./PolicyAcceptances.tsx";

const day = (d: string | null) => (d ? dayjs(d).format("D MMM YYYY") : "—");

/** One person: compliance status, details, on- and offboarding checklists, background checks. */
export function PersonPage() {
  const { personId } = useParams();
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: ["people", "routines", personId],
    queryFn: () => api.GET("/api/v1/people/{id}/routines", { params: { path: { id: personId! } } }),
  });
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Skeleton h={320} />;
  const r = q.data;
  const p = r.person;
  const c = COMPLIANCE[r.compliance.state];
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/people" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} /> People
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1} fz={26}>
            {p.fullName}
          </Title>
          <Group gap="xs">
            <Badge variant="light" color={STATUS_COLORS[p.status]}>
              {STATUS_LABELS[p.status]}
            </Badge>
            <Badge variant="filled" color={c.color} data-testid="compliance">
              {c.label}
            </Badge>
            {r.deviations > 0 && (
              <Badge color="red" variant="outline" leftSection={<IconAlertTriangle size={12} />}>
                {r.deviations} offboarding {r.deviations === 1 ? "deviation" : "deviations"}
              </Badge>
            )}
          </Group>
        </Stack>
        {can("people.manage") && (
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
            Edit
          </Button>
        )}
      </Group>
      <Alert
        variant="light"
        color={c.color}
        icon={r.compliance.state === "compliant" ? <IconShieldCheck size={18} /> : <IconAlertTriangle size={18} />}
        title={c.label}
      >
        {r.compliance.reason}
      </Alert>
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          <Fact label="Email" value={p.email} />
          <Fact label="Title" value={p.title ?? "—"} />
          <Fact label="Department" value={p.department ?? "—"} />
          <Fact label="Kind" value={KIND_LABELS[p.kind]} />
          <Fact
            label="Manager"
            value={
              r.manager ? (
                <Anchor component={Link} to={`/people/${r.manager.id}`} size="sm">
                  {r.manager.fullName}
                </Anchor>
              ) : (
                "—"
              )
            }
          />
          <Fact label="Start date" value={day(p.startDate)} />
          <Fact label="End date" value={day(p.endDate)} />
          <Fact label="Source" value={SOURCE_LABELS[p.source]} />
        </SimpleGrid>
      </Card>
      <Checklist routines={r} checklist="onboarding" />
      <Checklist routines={r} checklist="offboarding" />
      <OtherTasks routines={r} />
      {can("policies.read") && <PolicyAcceptances personId={p.id} />}
      <BackgroundChecks routines={r} />
      {editing && <PersonFormModal opened={editing} onClose={() => setEditing(false)} person={p} manager={r.manager} />}
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: "anywhere" }}>
        {value}
      </Text>
    </div>
  );
}

function Checklist({ routines, checklist }: { routines: PersonRoutines; checklist: "onboarding" | "offboarding" }) {
  const can = useCan();
  const subject = useSubject();
  const [completing, setCompleting] = useState<ChecklistStep | null>(null);
  const steps = routines.checklists.filter((s) => s.checklist === checklist);
  const start = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/people/{id}/checklists", {
        params: { path: { id: routines.person.id } },
        body: { checklist },
      }),
    onSuccess: (r) => notifySuccess(`${r.items.length} steps were added.`, `${title} started`),
  });
  const title = checklist === "onboarding" ? "Onboarding" : "Offboarding";
  const done = steps.filter((s) => s.state === "done").length;
  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={2} fz="lg">
            {title}
          </Title>
          {steps.length > 0 && (
            <Text size="sm" c="dimmed">
              {done} of {steps.length} steps done
            </Text>
          )}
        </div>
      </Group>
      <ErrorAlert error={start.error} />
      {!steps.length ? (
        <Empty
          icon={<IconShieldCheck size={24} />}
          title={`No ${checklist} checklist`}
          description={
            checklist === "onboarding"
              ? "It starts by itself when a person is added with the status onboarding."
              : "It starts by itself when a person's status becomes left or an end date is set."
          }
          action={
            can("people.manage") &&
            !(checklist === "onboarding" && routines.person.status === "left") && (
              <Button variant="default" loading={start.isPending} onClick={() => start.mutate()}>
                Start {checklist}
              </Button>
            )
          }
        />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table aria-label={`${title} steps`} verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Step</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {steps.map((s) => {
                const problem = rules.completeProblem(subject, s);
                return (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {s.title}
                      </Text>
                      {s.satisfiedBy && (
                        <Text size="xs" c="dimmed">
                          Completed by {SATISFIED_BY_LABELS[s.satisfiedBy].toLowerCase()} when that routine reports it
                          done
                        </Text>
                      )}
                      {s.doneAt && (
                        <Text size="xs" c="dimmed">
                          {s.doneByName ?? "Someone"} on {formatDateTime(s.doneAt)}
                          {s.revokedAt ? ` · revoked ${formatDateTime(s.revokedAt)}` : ""}
                          {s.note ? ` · ${s.note}` : ""}
                          <ProofLinks evidenceId={s.evidenceId} evidenceUrl={s.evidenceUrl} />
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={s.assigneeName ? undefined : "dimmed"}>
                        {s.assigneeName ?? (s.assignee === "manager" ? "No manager set" : "No account")}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {ASSIGNEE_LABELS[s.assignee]}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {s.revocation
                          ? formatDateTime(s.dueAt)
                          : day(new Date(new Date(s.dueAt).getTime() - 1).toISOString())}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        <Badge variant="light" color={STEP_STATE[s.state].color}>
                          {STEP_STATE[s.state].label}
                        </Badge>
                        {s.deviation && (
                          <Badge color="red" variant="filled" data-testid="deviation">
                            Deviation: {s.deviation}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td align="right">
                      {s.state !== "done" && (
                        <Tooltip label={problem} disabled={!problem}>
                          <Button
                            size="xs"
                            variant="light"
                            disabled={!!problem}
                            onClick={() => setCompleting(s)}
                            aria-label={`Complete ${s.title}`}
                          >
                            Complete
                          </Button>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CompleteStepModal step={completing} onClose={() => setCompleting(null)} />
    </Card>
  );
}

function OtherTasks({ routines }: { routines: PersonRoutines }) {
  const tasks = routines.tasks.filter((t) => t.module !== "people");
  if (!tasks.length) return null;
  return (
    <Card withBorder component="section" aria-label="Other tasks">
      <Title order={2} fz="lg" mb="sm">
        Policies, training and devices
      </Title>
      <Stack gap="xs">
        {tasks.map((t) => (
          <Group key={`${t.module}:${t.id}`} justify="space-between">
            <Text size="sm">{t.title}</Text>
            <Badge variant="light" color={STEP_STATE[t.state].color}>
              {STEP_STATE[t.state].label}
            </Badge>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

function BackgroundChecks({ routines }: { routines: PersonRoutines }) {
  const can = useCan();
  const [recording, setRecording] = useState(false);
  const checks = routines.backgroundChecks;
  return (
    <Card withBorder component="section" aria-label="Background checks">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={2} fz="lg">
            Background checks
          </Title>
          <Text size="sm" c="dimmed">
            {routines.backgroundCheckRequired
              ? "Required for this person. Only the date, provider and outcome are kept."
              : routines.person.status === "left"
                ? "No longer required: this person has left."
                : "Not required for this person under the organization's settings."}
          </Text>
        </div>
        {can("people.manage") && (
          <Button variant="default" onClick={() => setRecording(true)}>
            Record a check
          </Button>
        )}
      </Group>
      {!checks.length ? (
        <Text size="sm" c="dimmed">
          No background check recorded.
        </Text>
      ) : (
        <Table aria-label="Background checks" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Provider</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Next check</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {checks.map((b) => (
              <Table.Tr key={b.id}>
                <Table.Td>{day(b.checkedOn)}</Table.Td>
                <Table.Td>
                  {b.provider}
                  <ProofLinks evidenceId={b.evidenceId} evidenceUrl={b.evidenceUrl} />
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={b.outcome === "consider" ? "yellow" : "teal"}>
                    {OUTCOME_LABELS[b.outcome]}
                  </Badge>
                </Table.Td>
                <Table.Td>{day(b.nextDue)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <RecordCheckModal opened={recording} personId={routines.person.id} onClose={() => setRecording(false)} />
    </Card>
  );
}

function RecordCheckModal({ opened, personId, onClose }: { opened: boolean; personId: string; onClose: () => void }) {
  const [checkedOn, setCheckedOn] = useState(dayjs().format("YYYY-MM-DD"));
  const [provider, setProvider] = useState("");
  const [outcome, setOutcome] = useState<"clear" | "consider" | "not_required">("clear");
  const [evidenceUrl, setEvidenceUrl] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const uploadProof = useProofUpload();
  const save = useMutation({
    mutationFn: async () =>
      api.POST("/api/v1/people/{id}/background-checks", {
        params: { path: { id: personId } },
        body: {
          checkedOn,
          provider,
          outcome,
          evidenceUrl: evidenceUrl || null,
          evidenceId: await uploadProof(file, `Background check by ${provider} on ${checkedOn}`),
        },
      }),
    onSuccess: () => {
      notifySuccess("The background check was recorded.");
      save.reset();
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Record a background check">
      <form onSubmit={submit}>
        <Stack>
          <Alert variant="light" color="blue">
            Record only the outcome. Keep the screening report itself with your provider or HR system: no sensitive
            detail belongs here.
          </Alert>
          <ErrorAlert error={save.error} />
          <TextInput
            label="Date of the check"
            type="date"
            required
            value={checkedOn}
            onChange={(e) => setCheckedOn(e.currentTarget.value)}
            error={fieldError(save.error, "checkedOn")}
          />
          <TextInput
            label="Provider"
            required
            data-autofocus
            value={provider}
            onChange={(e) => setProvider(e.currentTarget.value)}
            error={fieldError(save.error, "provider")}
          />
          <Select
            label="Outcome"
            allowDeselect={false}
            data={Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }))}
            value={outcome}
            onChange={(v) => v && setOutcome(v as typeof outcome)}
          />
          <TextInput
            label="Link to the evidence (optional)"
            placeholder="https://…"
            value={evidenceUrl}
            onChange={(e) => setEvidenceUrl(e.currentTarget.value)}
            error={fieldError(save.error, "evidenceUrl")}
          />
          <ProofFileInput value={file} onChange={setFile} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Record
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
