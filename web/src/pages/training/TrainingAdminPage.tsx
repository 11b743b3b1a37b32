import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import {
  IconCertificate,
  IconDots,
  IconFileTypeCsv,
  IconFileTypePdf,
  IconFilterOff,
  IconPaperclip,
  IconSchool,
} from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, apiUrl } from "../../api/client.ts";
import type { ExternalTraining, TrainingPerson, TrainingSettings } from "../../api/models/training.ts";
import {
  ClearFilters,
  DataTable,
  type DataTableProps,
  FilterSelect,
  SearchInput,
} from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LimitedTextarea } from "../../components/LimitedTextarea.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { notifySuccess } from "../../lib/notify.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { ExternalTrainingForm } from "./ExternalTrainingForm.tsx";
import {
  CHECK_COLORS,
  CHECK_LABELS,
  daysAgo,
  EXTERNAL_COLORS,
  TRAINING_STATUS_COLORS,
  TRAINING_STATUS_LABELS,
  today,
} from "./labels.ts";

const STATUSES = ["complete", "due", "overdue", "expired"] as const;

/** Security awareness training for compliance staff: who is done, who is not, reports, external training, settings. */
export function TrainingAdminPage() {
  const can = useCan();
  const manage = can("training.manage");
  const overview = useQuery({
    queryKey: ["training", "overview"],
    queryFn: () => api.GET("/api/v1/training/overview"),
  });
  const [recordFor, setRecordFor] = useState<TrainingPerson | null>(null);
  const [from, setFrom] = useState(daysAgo(365));
  const [to, setTo] = useState(today());
  const [attaching, setAttaching] = useState(false);
  const o = overview.data;

  return (
    <>
      <PageHeader
        title="Security awareness training"
        description="Everyone in the people directory takes the built-in course within their first days and again every year. Completions feed the HR-04 control of your programs."
      />
      <ErrorAlert error={overview.error} />
      {overview.isPending ? (
        <Skeleton h={160} mb="lg" />
      ) : (
        o && (
          <Stack gap="lg" mb="lg">
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
              <Stat label="Must be trained" value={o.counts.audience} />
              <Stat label="Complete" value={`${o.counts.complete} (${o.share}%)`} color="teal" />
              <Stat label="Due" value={o.counts.due} color="blue" />
              <Stat label="Overdue" value={o.counts.overdue} color="red" />
              <Stat label="Expired" value={o.counts.expired} color="orange" />
              <Stat label="External to review" value={o.counts.pendingExternal} color="yellow" />
            </SimpleGrid>
            {o.check ? (
              <Alert
                color={CHECK_COLORS[o.check.state]}
                variant="light"
                title={`HR-04 Security awareness training: ${CHECK_LABELS[o.check.state]} (${o.requiredShare}% required)`}
              >
                {o.check.reason}
              </Alert>
            ) : (
              <Alert color="gray" variant="light" title="Nobody to train yet">
                Add people to the people directory: everyone who has not left must take the training.
              </Alert>
            )}
            <Card withBorder padding="lg">
              <Group justify="space-between" align="flex-start">
                <Stack gap={4} style={{ flex: "1 1 320px" }}>
                  <Title order={2} fz="lg">
                    {o.course.title}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {o.course.summary}
                  </Text>
                </Stack>
                <Badge variant="light" leftSection={<IconSchool size={14} />}>
                  {o.course.modules.reduce((n, m) => n + m.minutes, 0)} minutes · {o.course.questions} questions
                </Badge>
              </Group>
              <Group gap="xs" mt="sm">
                {o.course.modules.map((m) => (
                  <Badge key={m.id} variant="outline" color="gray">
                    {m.title}
                  </Badge>
                ))}
              </Group>
            </Card>
          </Stack>
        )
      )}

      <CompletionTable departments={o?.departments ?? []} manage={manage} onRecord={setRecordFor} />

      <SectionCard
        title="Completion report"
        description="Who completed the training in a period, how, and until when it is valid, with today's standing of everyone. Share it with auditors or attach it to HR-04 as evidence."
      >
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput label="From" type="date" value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput label="To" type="date" value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} />
          {(
            [
              ["CSV", apiUrl("/api/v1/training/report.csv", { query: { from, to } }), IconFileTypeCsv],
              ["PDF", apiUrl("/api/v1/training/report.pdf", { query: { from, to } }), IconFileTypePdf],
            ] as const
          ).map(([label, href, Icon]) => (
            <Button key={label} component="a" href={href} download variant="default" leftSection={<Icon size={16} />}>
              {label}
            </Button>
          ))}
          {manage && (
            <Button leftSection={<IconPaperclip size={16} />} onClick={() => setAttaching(true)}>
              Attach to HR-04 as evidence
            </Button>
          )}
        </Group>
      </SectionCard>

      <Stack gap="lg" mt="lg">
        <ExternalReview manage={manage} />
        <SettingsCard manage={manage} />
      </Stack>

      <Modal
        opened={!!recordFor}
        onClose={() => setRecordFor(null)}
        title={recordFor ? `Record external training for ${recordFor.fullName}` : ""}
      >
        {recordFor && (
          <ExternalTrainingForm
            personId={recordFor.personId}
            onCancel={() => setRecordFor(null)}
            onDone={() => {
              notifySuccess("Recorded. Accept it below to count it as a completion.");
              setRecordFor(null);
            }}
          />
        )}
      </Modal>
      <AttachModal opened={attaching} from={from} to={to} onClose={() => setAttaching(false)} />
    </>
  );
}

function Stat({ label, value, color }: { label: string; value: number | string; color?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={24} fw={700} c={color}>
        {value}
      </Text>
    </Card>
  );
}

function CompletionTable({
  departments,
  manage,
  onRecord,
}: {
  departments: string[];
  manage: boolean;
  onRecord: (p: TrainingPerson) => void;
}) {
  const { filters, list } = useListQuery({
    filters: ["q", "status", "department"] as const,
    search: "q",
    query: (v, paging) => ({
      q: v.q,
      status: oneOf(STATUSES, v.status),
      department: v.department,
      ...paging,
    }),
    key: (query) => ["training", "people", query],
    fetch: (query) => api.GET("/api/v1/training/people", { params: { query } }),
  });
  const columns: DataTableProps<TrainingPerson>["columns"] = [
    {
      header: "Person",
      cell: (p) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {p.fullName}
          </Text>
          <Text size="xs" c="dimmed">
            {p.email}
          </Text>
        </Stack>
      ),
    },
    { header: "Department", cell: (p) => <Text size="sm">{p.department ?? "—"}</Text> },
    {
      header: "Status",
      cell: (p) => (
        <Badge variant="light" color={TRAINING_STATUS_COLORS[p.status]}>
          {TRAINING_STATUS_LABELS[p.status]}
        </Badge>
      ),
    },
    {
      header: "Due",
      cell: (p) => (
        <Text size="sm" c={p.status === "overdue" || p.status === "expired" ? "red" : undefined}>
          {p.status === "complete" ? `Next by ${p.dueDate}` : p.dueDate}
        </Text>
      ),
    },
    {
      header: "Completed",
      cell: (p) => (
        <Text size="sm" c={p.completedOn ? undefined : "dimmed"}>
          {p.completedOn
            ? `${p.completedOn}${p.source === "external" ? " (external)" : ""}`
            : p.attempts
              ? `Not yet (${p.attempts} attempt${p.attempts === 1 ? "" : "s"})`
              : "Never"}
        </Text>
      ),
    },
    {
      header: "External",
      cell: (p) =>
        p.pendingExternal ? (
          <Badge variant="light" color="yellow">
            {p.pendingExternal} to review
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    manage && {
      header: "Actions",
      hideHeader: true,
      align: "right",
      cell: (p) => (
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="subtle" size="compact-sm" aria-label={`Actions for ${p.fullName}`}>
              <IconDots size={16} />
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconCertificate size={14} />} onClick={() => onRecord(p)}>
              Record external training
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ),
    },
  ];
  return (
    <Stack gap="xs" mb="lg">
      <Title order={2} fz="lg">
        Completion by person
      </Title>
      <DataTable
        label="Training completion by person"
        query={list}
        columns={columns}
        rowKey={(p) => p.personId}
        minWidth={860}
        paging={filters}
        noun={["person", "people"]}
        toolbar={
          <Group gap="sm" wrap="wrap">
            <SearchInput
              filters={filters}
              aria-label="Search name or email"
              placeholder="Search name or email"
              w={240}
            />
            <SegmentedControl
              aria-label="Status"
              value={filters.values.status ?? "all"}
              onChange={(v) => filters.set({ status: v === "all" ? null : v })}
              data={[
                { value: "all", label: "All" },
                ...STATUSES.map((s) => ({ value: s, label: TRAINING_STATUS_LABELS[s] })),
              ]}
            />
            {departments.length > 0 && (
              <FilterSelect
                filters={filters}
                name="department"
                aria-label="Department"
                placeholder="Any department"
                w={200}
                data={departments}
              />
            )}
            <ClearFilters filters={filters} size="sm" leftSection={<IconFilterOff size={16} />} />
          </Group>
        }
        empty={
          filters.any
            ? { icon: <IconSchool size={26} />, title: "Nobody matches these filters" }
            : {
                icon: <IconSchool size={26} />,
                title: "Nobody to train yet",
                description: "People appear here once they are in the people directory.",
              }
        }
      />
    </Stack>
  );
}

function ExternalReview({ manage }: { manage: boolean }) {
  const [status, setStatus] = useState<"pending" | "accepted" | "rejected">("pending");
  const list = useQuery({
    queryKey: ["training", "external", status],
    queryFn: () => api.GET("/api/v1/training/external", { params: { query: { status, pageSize: 100 } } }),
  });
  const [rejecting, setRejecting] = useState<ExternalTraining | null>(null);
  const [note, setNote] = useState("");
  const decide = useMutation({
    mutationFn: (v: { id: string; decision: "accept" | "reject"; note?: string }) =>
      api.POST("/api/v1/training/external/{id}/decision", {
        params: { path: { id: v.id } },
        body: { decision: v.decision, note: v.note ?? "" },
      }),
    onSuccess: (r) => {
      notifySuccess(r.status === "accepted" ? `Accepted: ${r.personName} is complete.` : "Rejected.");
      setRejecting(null);
      setNote("");
    },
  });
  const items = list.data?.items ?? [];
  return (
    <SectionCard
      title="External training"
      description="Training people took elsewhere, with their certificates. Accepted training counts as a completion for twelve months from its date."
      aside={
        <SegmentedControl
          aria-label="External training status"
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          data={[
            { value: "pending", label: "To review" },
            { value: "accepted", label: "Accepted" },
            { value: "rejected", label: "Rejected" },
          ]}
        />
      }
    >
      <ErrorAlert error={list.error ?? decide.error} />
      {list.isPending ? (
        <Skeleton h={80} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {status === "pending" ? "Nothing waits for a decision." : `No ${status} external training.`}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" aria-label="External training records">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Person</Table.Th>
                <Table.Th>Training</Table.Th>
                <Table.Th>Completed</Table.Th>
                <Table.Th>Certificate</Table.Th>
                <Table.Th>Status</Table.Th>
                {manage && status === "pending" && (
                  <Table.Th>
                    <Text span className="sr-only">
                      Decision
                    </Text>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>{x.personName}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {x.courseTitle}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {x.provider}
                      {x.decisionNote ? ` · ${x.decisionNote}` : ""}
                    </Text>
                  </Table.Td>
                  <Table.Td>{x.completedOn}</Table.Td>
                  <Table.Td>
                    <Anchor
                      size="sm"
                      href={apiUrl("/api/v1/training/external/{id}/certificate", { path: { id: x.id } })}
                    >
                      {x.fileName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={EXTERNAL_COLORS[x.status]}>
                      {x.status}
                    </Badge>
                  </Table.Td>
                  {manage && status === "pending" && (
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          loading={decide.isPending && decide.variables?.id === x.id}
                          onClick={() => decide.mutate({ id: x.id, decision: "accept" })}
                        >
                          Accept
                        </Button>
                        <Button size="xs" variant="default" onClick={() => setRejecting(x)}>
                          Reject
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={!!rejecting} onClose={() => setRejecting(null)} title="Reject external training">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (rejecting) decide.mutate({ id: rejecting.id, decision: "reject", note });
          }}
        >
          <Stack>
            <LimitedTextarea
              label="Why is it rejected?"
              description="The person reads this note."
              required
              autosize
              minRows={3}
              limit={2000}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRejecting(null)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={decide.isPending} disabled={!note.trim()}>
                Reject
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </SectionCard>
  );
}

function SettingsCard({ manage }: { manage: boolean }) {
  const settings = useQuery({
    queryKey: ["training", "settings"],
    queryFn: () => api.GET("/api/v1/training/settings"),
  });
  return (
    <SectionCard
      title="Settings"
      description="Who must be trained, by when, and how much of the organization must be current for HR-04 to be met."
    >
      <ErrorAlert error={settings.error} />
      {settings.data ? (
        <SettingsForm key={JSON.stringify(settings.data)} initial={settings.data} manage={manage} />
      ) : (
        <Skeleton h={120} />
      )}
    </SectionCard>
  );
}

function SettingsForm({ initial, manage }: { initial: TrainingSettings; manage: boolean }) {
  const [passMark, setPassMark] = useState<number | string>(initial.passMark);
  const [newHireDays, setNewHireDays] = useState<number | string>(initial.newHireDays);
  const [requiredShare, setRequiredShare] = useState<number | string>(initial.requiredShare);
  const [includeContractors, setIncludeContractors] = useState(initial.includeContractors);
  const numbers = [
    {
      label: "Pass mark (%)",
      description: `The course's own is ${initial.coursePassMark}%`,
      min: 50,
      max: 100,
      value: passMark,
      set: setPassMark,
    },
    {
      label: "Days for new hires",
      description: "From their start date (or being added)",
      min: 1,
      max: 365,
      value: newHireDays,
      set: setNewHireDays,
    },
    {
      label: "Required share (%)",
      description: "Of people current for HR-04 to be met",
      min: 50,
      max: 100,
      value: requiredShare,
      set: setRequiredShare,
    },
  ];
  const save = useMutation({
    mutationFn: () =>
      api.PATCH("/api/v1/training/settings", {
        body: {
          passMark: Number(passMark) === initial.coursePassMark ? null : Number(passMark),
          newHireDays: Number(newHireDays),
          requiredShare: Number(requiredShare),
          includeContractors,
        },
      }),
    onSuccess: () => notifySuccess("Training settings saved."),
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
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {numbers.map((n) => (
            <NumberInput
              key={n.label}
              label={n.label}
              description={n.description}
              min={n.min}
              max={n.max}
              value={n.value}
              onChange={n.set}
              disabled={!manage}
            />
          ))}
        </SimpleGrid>
        <Switch
          label="Contractors take the training too"
          checked={includeContractors}
          onChange={(e) => setIncludeContractors(e.currentTarget.checked)}
          disabled={!manage}
        />
        {manage && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save settings
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function AttachModal({
  opened,
  from,
  to,
  onClose,
}: {
  opened: boolean;
  from: string;
  to: string;
  onClose: () => void;
}) {
  const programs = useQuery({
    queryKey: ["programs", "list"],
    queryFn: () => api.GET("/api/v1/programs"),
    enabled: opened,
  });
  const [programId, setProgramId] = useState<string | null>(null);
  const [format, setFormat] = useState<"pdf" | "csv">("pdf");
  const attach = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/training/report/evidence", { body: { programId: programId ?? "", from, to, format } }),
    onSuccess: (r) => {
      notifySuccess(`“${r.title}” is now evidence of ${r.control}.`);
      onClose();
    },
  });
  const list = programs.data?.items ?? [];
  return (
    <Modal opened={opened} onClose={onClose} title="Attach the report to HR-04">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          attach.mutate();
        }}
      >
        <Stack>
          <Text size="sm">
            The report for {from} to {to} becomes evidence of the control HR-04 (Security awareness training) in the
            program you choose.
          </Text>
          <ErrorAlert error={programs.error ?? attach.error} />
          <Select
            label="Program"
            required
            placeholder={programs.isPending ? "Loading programs…" : "Choose a program"}
            data={list.map((p) => ({ value: p.id, label: p.name }))}
            value={programId}
            onChange={setProgramId}
          />
          <SegmentedControl
            aria-label="Format"
            value={format}
            onChange={(v) => setFormat(v as "pdf" | "csv")}
            data={[
              { value: "pdf", label: "PDF" },
              { value: "csv", label: "CSV" },
            ]}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={attach.isPending} disabled={!programId}>
              Attach
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
