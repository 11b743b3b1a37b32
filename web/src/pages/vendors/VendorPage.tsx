import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { IconArrowLeft, IconCheck, IconFileUpload, IconMail, IconPencil, IconX } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { VendorDetail, VendorQuestionnaire, VendorReport } from "../../api/models/vendors.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Field } from "../../components/Field.tsx";
import { LinkedControls } from "../../components/LinkedControls.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDateTime, formatDay } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";
import { DATA_LABELS, OPINION_LABELS, REPORT_TYPE_LABELS, vendorKeys } from "./labels.ts";
import { QuestionnaireModal } from "./QuestionnaireModal.tsx";
import { BridgeLetterModal, ReportModal } from "./ReportModal.tsx";
import { VendorFormModal } from "./VendorForm.tsx";
import { CriticalityBadge, DueDiligenceBadge } from "./VendorsPage.tsx";

const evidenceHref = (id: string) => `/api/v1/evidence/${id}/content`;

function Report({ vendorId, r, canEdit }: { vendorId: string; r: VendorReport; canEdit: boolean }) {
  const [bridging, setBridging] = useState(false);
  const review = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/vendors/{id}/reports/{reportId}/review", {
        params: { path: { id: vendorId, reportId: r.id } },
        body: {},
      }),
    onSuccess: () => notifySuccess("Review recorded."),
  });
  const period = r.periodEnd
    ? `${r.periodStart ? formatDay(r.periodStart) : "?"} – ${formatDay(r.periodEnd)}`
    : r.asOfDate
      ? `As of ${formatDay(r.asOfDate)}`
      : "—";
  return (
    <Card withBorder padding="md" data-testid="vendor-report">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600}>{REPORT_TYPE_LABELS[r.reportType]}</Text>
              <Badge variant="light" color={r.opinion === "unqualified" ? "teal" : "red"}>
                {OPINION_LABELS[r.opinion]}
              </Badge>
            </Group>
            <Anchor href={evidenceHref(r.evidenceId)} size="sm" target="_blank" rel="noreferrer">
              {r.fileName}
            </Anchor>
          </Stack>
          <Group gap="xs">
            {canEdit && (
              <Button size="xs" variant="default" onClick={() => setBridging(true)}>
                Add bridge letter
              </Button>
            )}
            {canEdit && !r.reviewedAt && (
              <Button
                size="xs"
                leftSection={<IconCheck size={14} />}
                loading={review.isPending}
                onClick={() => review.mutate()}
              >
                Mark reviewed
              </Button>
            )}
          </Group>
        </Group>
        <ErrorAlert error={review.error} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label="Period">{period}</Field>
          <Field label="Current until">
            <Text size="sm">{r.expiresOn ? formatDay(r.expiresOn) : "—"}</Text>
            {r.extendedByBridgeLetter && (
              <Text size="xs" c="dimmed">
                Extended by a bridge letter
              </Text>
            )}
          </Field>
          <Field label="Reviewed">
            <Text size="sm" c={r.reviewedAt ? undefined : "red.9"}>
              {r.reviewedAt
                ? `${r.reviewedBy?.name ?? "Someone"}, ${formatDateTime(r.reviewedAt)}`
                : "Not reviewed yet"}
            </Text>
          </Field>
        </SimpleGrid>
        <Field label="Exceptions noted">
          {r.exceptions.length ? (
            <List size="sm">
              {r.exceptions.map((e) => (
                <List.Item key={e}>{e}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">None</Text>
          )}
        </Field>
        <Field label="Complementary user entity controls on us">
          {r.cuecs.length ? (
            <List size="sm">
              {r.cuecs.map((c) => (
                <List.Item key={c.text}>
                  {c.controlKey && (
                    <Badge size="xs" variant="outline" mr={6}>
                      {c.controlKey}
                    </Badge>
                  )}
                  {c.text}
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">None recorded</Text>
          )}
        </Field>
        {r.bridgeLetters.length > 0 && (
          <Field label="Bridge letters">
            <List size="sm">
              {r.bridgeLetters.map((b) => (
                <List.Item key={b.id}>
                  <Anchor href={evidenceHref(b.evidenceId)} size="sm" target="_blank" rel="noreferrer">
                    {b.fileName}
                  </Anchor>{" "}
                  covers until {formatDay(b.coveredUntil)}
                </List.Item>
              ))}
            </List>
          </Field>
        )}
      </Stack>
      {bridging && <BridgeLetterModal vendorId={vendorId} reportId={r.id} onClose={() => setBridging(false)} />}
    </Card>
  );
}

const STATE = {
  open: { label: "Waiting for answers", color: "blue" },
  expired: { label: "Link expired", color: "gray" },
  answered: { label: "Answered", color: "teal" },
} as const;

function Questionnaire({ vendorId, q, canEdit }: { vendorId: string; q: VendorQuestionnaire; canEdit: boolean }) {
  const review = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/vendors/{id}/questionnaires/{questionnaireId}/review", {
        params: { path: { id: vendorId, questionnaireId: q.id } },
      }),
    onSuccess: () => notifySuccess("Answers marked as reviewed."),
  });
  const answers = new Map(q.answers.map((a) => [a.questionId, a]));
  return (
    <Card withBorder padding="md" data-testid="vendor-questionnaire">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600}>{q.templateName}</Text>
              <Badge variant="light" color={STATE[q.state].color}>
                {STATE[q.state].label}
              </Badge>
              {q.score !== null && (
                <Badge
                  size="lg"
                  variant="light"
                  color={q.score >= 80 ? "teal" : q.score >= 50 ? "yellow" : "red"}
                  data-testid="questionnaire-score"
                >
                  Score {q.score}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              Sent to {q.contactName ? `${q.contactName} <${q.contactEmail}>` : q.contactEmail} on{" "}
              {formatDateTime(q.sentAt)}
              {q.state === "open" ? `, link valid until ${formatDateTime(q.expiresAt)}` : ""}
              {q.answeredAt
                ? `; answered by ${q.respondentName ?? "the contact"} on ${formatDateTime(q.answeredAt)}`
                : ""}
              {q.reviewedAt
                ? `; reviewed by ${q.reviewedBy?.name ?? "someone"} on ${formatDateTime(q.reviewedAt)}`
                : ""}
            </Text>
          </Stack>
          {canEdit && q.state === "answered" && !q.reviewedAt && (
            <Button
              size="xs"
              leftSection={<IconCheck size={14} />}
              loading={review.isPending}
              onClick={() => review.mutate()}
            >
              Mark reviewed
            </Button>
          )}
        </Group>
        <ErrorAlert error={review.error} />
        {q.answers.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={6} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>#</Table.Th>
                  <Table.Th>Question</Table.Th>
                  <Table.Th w={220}>Answer</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.questions.map((question, i) => {
                  const a = answers.get(question.id);
                  const scored = question.weight > 0;
                  return (
                    <Table.Tr key={question.id}>
                      <Table.Td>{i + 1}</Table.Td>
                      <Table.Td>{question.text}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap" align="flex-start">
                          {scored &&
                            (a?.favourable ? (
                              <IconCheck size={16} color="var(--mantine-color-teal-7)" aria-label="Favourable" />
                            ) : (
                              <IconX size={16} color="var(--mantine-color-red-7)" aria-label="Not favourable" />
                            ))}
                          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                            {a?.answer || "—"}
                          </Text>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

function Details({ v }: { v: VendorDetail }) {
  return (
    <Card withBorder padding="lg">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
        <Field label="Criticality">
          <CriticalityBadge value={v.criticality} />
        </Field>
        <Field label="Owner">{v.owner?.name ?? ""}</Field>
        <Field label="Status">{v.status === "active" ? "Active" : "Offboarded"}</Field>
        <Field label="Website">
          {v.website ? (
            <Anchor href={v.website} target="_blank" rel="noreferrer" size="sm">
              {v.website}
            </Anchor>
          ) : (
            "—"
          )}
        </Field>
        <Field label="Data shared">{v.dataShared.map((d) => DATA_LABELS[d]).join(", ")}</Field>
        <Field label="Contract">
          {v.contractStart || v.contractEnd
            ? `${v.contractStart ? formatDay(v.contractStart) : "?"} – ${v.contractEnd ? formatDay(v.contractEnd) : "open-ended"}`
            : ""}
        </Field>
        <Field label="Due diligence">
          <DueDiligenceBadge v={v} />
        </Field>
        <Field label="Next review">
          <Text size="sm" c={v.reviewOverdue ? "red.9" : undefined} fw={v.reviewOverdue ? 600 : undefined}>
            {v.nextReviewDate ? formatDay(v.nextReviewDate) : "Not set"}
            {v.lastReviewedAt
              ? ` (last: ${formatDay(v.lastReviewedAt)} by ${v.lastReviewedBy?.name ?? "someone"})`
              : ""}
          </Text>
        </Field>
        <Field label="Subprocessor">
          {v.isSubprocessor
            ? [v.subprocessorPurpose, v.subprocessorLocation].filter(Boolean).join(" · ") || "Yes"
            : "No"}
        </Field>
        <Field label="Subservice organization">
          {v.isSubserviceOrg ? "Yes: its controls are carved out of (or inherited in) the audit scope" : "No"}
        </Field>
      </SimpleGrid>
      {v.services && (
        <Stack mt="lg">
          <Field label="Services">{v.services}</Field>
        </Stack>
      )}
    </Card>
  );
}

/** One vendor: its details, due diligence (reports, bridge letters, questionnaires) and linked controls. */
export function VendorPage() {
  const { vendorId = "" } = useParams();
  const { search } = useLocation();
  const can = useCan();
  const canEdit = can("vendors.manage");
  const [editing, setEditing] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [asking, setAsking] = useState(false);
  const q = useQuery({
    queryKey: vendorKeys.one(vendorId),
    queryFn: () => api.GET("/api/v1/vendors/{id}", { params: { path: { id: vendorId } } }),
  });
  const reviewVendor = useMutation({
    mutationFn: () => api.POST("/api/v1/vendors/{id}/review", { params: { path: { id: vendorId } }, body: {} }),
    onSuccess: (v) => notifySuccess(`Review recorded; the next one is due ${formatDay(v.nextReviewDate ?? "")}.`),
  });
  const v = q.data;
  return (
    <>
      <Anchor component={Link} to={{ pathname: "/vendors", search }} size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Vendors
        </Group>
      </Anchor>
      <PageHeader
        title={v?.name ?? "Vendor"}
        description={v?.website ?? undefined}
        actions={
          v &&
          canEdit && (
            <>
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button variant="default" loading={reviewVendor.isPending} onClick={() => reviewVendor.mutate()}>
                Record review
              </Button>
            </>
          )
        }
      />
      <ErrorAlert error={q.error ?? reviewVendor.error} />
      {!v ? (
        !q.error && <Skeleton h={240} />
      ) : (
        <Stack gap="xl">
          <Details v={v} />
          <Stack gap="sm" component="section" aria-labelledby="reports-title">
            <Group justify="space-between">
              <Title order={2} fz="lg" id="reports-title">
                Assurance reports
              </Title>
              {canEdit && (
                <Button size="sm" leftSection={<IconFileUpload size={16} />} onClick={() => setUploading(true)}>
                  Upload a report
                </Button>
              )}
            </Group>
            {v.reports.length ? (
              v.reports.map((r) => <Report key={r.id} vendorId={v.id} r={r} canEdit={canEdit} />)
            ) : (
              <Text size="sm" c="dimmed">
                No report yet. Ask the vendor for its latest SOC 2 report (or ISO 27001 certificate) and upload it here.
              </Text>
            )}
          </Stack>
          <Stack gap="sm" component="section" aria-labelledby="questionnaires-title">
            <Group justify="space-between">
              <Title order={2} fz="lg" id="questionnaires-title">
                Security questionnaires
              </Title>
              {canEdit && v.status === "active" && (
                <Button
                  size="sm"
                  variant="default"
                  leftSection={<IconMail size={16} />}
                  onClick={() => setAsking(true)}
                >
                  Send a questionnaire
                </Button>
              )}
            </Group>
            {v.questionnaires.length ? (
              v.questionnaires.map((x) => <Questionnaire key={x.id} vendorId={v.id} q={x} canEdit={canEdit} />)
            ) : (
              <Text size="sm" c="dimmed">
                None sent. A vendor without an assurance report can answer a questionnaire instead: no account needed.
              </Text>
            )}
          </Stack>
          <LinkedControls path="/vendors" recordId={v.id} canEdit={canEdit} />
        </Stack>
      )}
      {editing && v && <VendorFormModal opened vendor={v} onClose={() => setEditing(false)} />}
      {uploading && <ReportModal vendorId={vendorId} opened onClose={() => setUploading(false)} />}
      {asking && <QuestionnaireModal vendorId={vendorId} onClose={() => setAsking(false)} />}
    </>
  );
}
