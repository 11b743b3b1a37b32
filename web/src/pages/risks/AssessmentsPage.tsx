import { Anchor, Badge, Button, Card, Group, Modal, Stack, Text, Textarea, TextInput } from "@mantine/core";
import {
  IconArrowLeft,
  IconCheck,
  IconFileTypePdf,
  IconPlus,
  IconReportAnalytics,
  IconSignature,
} from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { RiskAssessment } from "../../api/models/risks.ts";
import { DataTable, type DataTableProps } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDay } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan, useSession } from "../../session.tsx";
import { riskKeys } from "./labels.ts";

function StartModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const year = String(new Date().getUTCFullYear());
  const [name, setName] = useState(`Risk assessment ${year}`);
  const [period, setPeriod] = useState(year);
  const [notes, setNotes] = useState("");
  const start = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/risk-assessments", {
        body: { name: name.trim(), period: period.trim(), notes: notes || null },
      }),
    onSuccess: () => {
      notifySuccess("The assessment is started: review the register, then complete it.");
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Start a risk assessment">
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <TextInput
            label="Period"
            description="Usually the year"
            required
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
          />
          <Textarea
            label="Notes"
            description="Who took part, what was considered"
            autosize
            minRows={2}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
          />
          <ErrorAlert error={start.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={start.isPending}>
              Start
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The annual risk assessments: start one, complete it (freezing the register), have a second person sign it off, download its report. */
export function AssessmentsPage() {
  const can = useCan();
  const [starting, setStarting] = useState(false);
  const [completing, setCompleting] = useState<RiskAssessment | null>(null);
  const q = useQuery({ queryKey: riskKeys.assessments, queryFn: () => api.GET("/api/v1/risk-assessments") });
  const complete = useMutation({
    mutationFn: (id: string) => api.POST("/api/v1/risk-assessments/{id}/complete", { params: { path: { id } } }),
    onSuccess: (a) => {
      notifySuccess(
        `${a.riskCount} risks frozen in the snapshot.${a.evidenceIds.length ? " The report is attached as evidence to RSK-02." : ""}`,
        "Assessment completed",
      );
      setCompleting(null);
    },
  });
  const me = useSession().user.id;
  const [signing, setSigning] = useState<RiskAssessment | null>(null);
  const signOff = useMutation({
    mutationFn: (id: string) =>
      api.POST("/api/v1/risk-assessments/{id}/sign-off", { params: { path: { id } }, quiet: true }),
    onSuccess: () => {
      notifySuccess("The signed-off report is attached as evidence to RSK-02.", "Assessment signed off");
      setSigning(null);
    },
  });
  const inProgress = q.data?.items.some((a) => a.status === "in_progress");
  const columns: DataTableProps<RiskAssessment>["columns"] = [
    {
      header: "Assessment",
      cell: (a) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {a.name}
          </Text>
          <Text size="xs" c="dimmed">
            Period {a.period} · started {formatDay(a.startedAt)}
            {a.startedByName ? ` by ${a.startedByName}` : ""}
          </Text>
        </Stack>
      ),
    },
    {
      header: "Status",
      width: 260,
      cell: (a) =>
        a.status === "completed" ? (
          <Stack gap={4} align="flex-start">
            <Badge color="teal" variant="light" tt="none">
              Completed {a.completedAt ? formatDay(a.completedAt) : ""}
              {a.completedByName ? ` by ${a.completedByName}` : ""}
            </Badge>
            {a.signedOffAt ? (
              <Badge color="teal" variant="outline" tt="none">
                Signed off {formatDay(a.signedOffAt)}
                {a.signedOffByName ? ` by ${a.signedOffByName}` : ""}
              </Badge>
            ) : (
              <Badge color="orange" variant="light" tt="none">
                Awaiting sign-off
              </Badge>
            )}
          </Stack>
        ) : (
          <Badge color="blue" variant="light" tt="none">
            In progress
          </Badge>
        ),
    },
    { header: "Risks", width: 80, cell: (a) => (a.riskCount ?? "—").toString() },
    {
      header: "Actions",
      hideHeader: true,
      width: 300,
      align: "right",
      cell: (a) =>
        a.status === "completed" ? (
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            {!a.signedOffAt && can("risks.assess") && a.completedBy !== me && (
              <Button size="xs" leftSection={<IconSignature size={14} />} onClick={() => setSigning(a)}>
                Sign off
              </Button>
            )}
            {!a.signedOffAt && a.completedBy === me && (
              <Text size="xs" c="dimmed" maw={140}>
                Someone else signs off
              </Text>
            )}
            <Button
              component="a"
              href={`/api/v1/risk-assessments/${a.id}/report.pdf`}
              download
              size="xs"
              variant="default"
              leftSection={<IconFileTypePdf size={14} />}
              aria-label={`Download the report of ${a.name} (PDF)`}
            >
              Report
            </Button>
          </Group>
        ) : (
          can("risks.assess") && (
            <Button size="xs" leftSection={<IconCheck size={14} />} onClick={() => setCompleting(a)}>
              Complete
            </Button>
          )
        ),
    },
  ];
  return (
    <>
      <Anchor component={Link} to="/risks" size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Risks
        </Group>
      </Anchor>
      <PageHeader
        title="Risk assessments"
        description="Once a year, review every risk with the people who know them, then complete the assessment: the register is frozen as it stands and a PDF report goes to RSK-02 as evidence. A second person (owner, admin or compliance manager) then signs it off; RSK-02 counts it from then."
        actions={
          can("risks.assess") &&
          !inProgress && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setStarting(true)}>
              Start an assessment
            </Button>
          )
        }
      />
      <DataTable
        label="Risk assessments"
        query={q}
        columns={columns}
        rowKey={(a) => a.id}
        empty={{
          icon: <IconReportAnalytics size={28} />,
          title: "No assessment yet",
          description: "Start this year's risk assessment when the register is ready to be reviewed.",
        }}
      />
      <StartModal opened={starting} onClose={() => setStarting(false)} />
      <Modal opened={!!signing} onClose={() => setSigning(null)} title="Sign off the assessment?">
        <Stack>
          <Text size="sm">
            You confirm, as a second person, that “{signing?.name}” was carried out and its snapshot reflects the
            register{signing?.completedByName ? ` completed by ${signing.completedByName}` : ""}. Your name and the date
            go on the report, and RSK-02 counts the assessment from now on.
          </Text>
          <ErrorAlert error={signOff.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setSigning(null)}>
              Cancel
            </Button>
            <Button loading={signOff.isPending} onClick={() => signing && signOff.mutate(signing.id)}>
              Sign off
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={!!completing} onClose={() => setCompleting(null)} title="Complete the assessment?">
        <Card p={0}>
          <Stack>
            <Text size="sm">
              Every risk in the register is frozen into “{completing?.name}” as it stands now, with the scales used. The
              assessment cannot change afterwards; its PDF report is attached as evidence to RSK-02.
            </Text>
            <ErrorAlert error={complete.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCompleting(null)}>
                Cancel
              </Button>
              <Button loading={complete.isPending} onClick={() => completing && complete.mutate(completing.id)}>
                Complete and freeze
              </Button>
            </Group>
          </Stack>
        </Card>
      </Modal>
    </>
  );
}
