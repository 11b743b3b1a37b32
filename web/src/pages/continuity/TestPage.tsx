import { Anchor, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text } from "@mantine/core";
import { IconArrowLeft, IconPencil, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Field } from "../../components/Field.tsx";
import { LinkedControls } from "../../components/LinkedControls.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDay } from "../../components/Time.tsx";
import { notifyError } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";
import { ProofLinks } from "../evidence/components/ProofFile.tsx";
import { OutcomeBadge } from "./ContinuityPage.tsx";
import { continuityKeys, formatMinutes, OUTCOME, RESULT_COLORS, RESULT_LABELS, TEST_KIND_LABELS } from "./labels.ts";
import { TestModal } from "./Modals.tsx";

/** One restore test or drill: what it achieved against each system's objectives. */
export function TestPage() {
  const { testId = "" } = useParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const can = useCan();
  const manage = can("continuity.manage");
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: continuityKeys.test(testId),
    queryFn: () => api.GET("/api/v1/continuity/tests/{id}", { params: { path: { id: testId } } }),
  });
  const remove = useMutation({
    mutationFn: () => api.DELETE("/api/v1/continuity/tests/{id}", { params: { path: { id: testId } } }),
    onSuccess: () => navigate({ pathname: "/continuity", search }),
    onError: (e) => notifyError(e),
  });
  const t = q.data;
  return (
    <>
      <Anchor component={Link} to={{ pathname: "/continuity", search }} size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Continuity
        </Group>
      </Anchor>
      <PageHeader
        title={t ? `${TEST_KIND_LABELS[t.kind]} of ${formatDay(t.performedOn)}` : "Test"}
        description={t?.scenario}
        actions={
          t &&
          manage && (
            <>
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() =>
                  window.confirm("Remove this test record? The ledger keeps that it existed.") && remove.mutate()
                }
              >
                Remove
              </Button>
            </>
          )
        }
      />
      {t && <TestModal opened={editing} onClose={() => setEditing(false)} test={t} />}
      <ErrorAlert error={q.error} />
      {!t ? (
        !q.error && <Skeleton h={240} />
      ) : (
        <Stack gap="lg">
          <Card withBorder padding="lg">
            <Stack gap="lg">
              <Group gap="sm">
                <Badge variant="dot" color={RESULT_COLORS[t.result]}>
                  {RESULT_LABELS[t.result]}
                </Badge>
                <OutcomeBadge outcome={t.outcome} />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
                <Field label="Recovery time achieved">{formatMinutes(t.recoveryMinutes)}</Field>
                <Field label="Data lost">{formatMinutes(t.dataLossMinutes)}</Field>
                <Field label="Plan">{t.planName ?? ""}</Field>
                <Field label="Evidence">
                  <Text size="sm">
                    {t.evidenceId ? "Attached" : "None"}
                    <ProofLinks evidenceId={t.evidenceId} evidenceUrl={null} />
                  </Text>
                </Field>
                {t.remediationItemId && <Field label="Follow-up">A remediation item is linked</Field>}
              </SimpleGrid>
              {t.findings && <Field label="Findings">{t.findings}</Field>}
              {t.systems.length > 0 && (
                <Table.ScrollContainer minWidth={560}>
                  <Table fz="sm" verticalSpacing="xs" aria-label="Systems covered">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>System</Table.Th>
                        <Table.Th>RTO then</Table.Th>
                        <Table.Th>RPO then</Table.Th>
                        <Table.Th>Against the objectives</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {t.systems.map((s) => (
                        <Table.Tr key={s.assetId}>
                          <Table.Td>
                            <Anchor component={Link} to={`/assets/${s.assetId}`} size="sm">
                              {s.name}
                            </Anchor>
                          </Table.Td>
                          <Table.Td c={s.rto === "missed" ? "red" : undefined}>
                            {formatMinutes(s.rtoMinutes)}
                            {s.rto === "missed" ? " (missed)" : ""}
                          </Table.Td>
                          <Table.Td c={s.rpo === "missed" ? "red" : undefined}>
                            {formatMinutes(s.rpoMinutes)}
                            {s.rpo === "missed" ? " (missed)" : ""}
                          </Table.Td>
                          <Table.Td>
                            <Badge variant="light" color={OUTCOME[s.outcome].color}>
                              {OUTCOME[s.outcome].label}
                            </Badge>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Stack>
          </Card>
          <LinkedControls path="/continuity/tests" recordId={t.id} canEdit={manage} />
        </Stack>
      )}
    </>
  );
}
