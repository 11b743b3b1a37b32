import { Anchor, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { IconArrowLeft, IconChecks, IconPencil, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Field } from "../../components/Field.tsx";
import { LinkedControls } from "../../components/LinkedControls.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDay } from "../../components/Time.tsx";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";
import { ProofLinks } from "../evidence/components/ProofFile.tsx";
import { continuityKeys, PLAN_KIND_LABELS } from "./labels.ts";
import { PlanModal } from "./Modals.tsx";

/** One continuity plan: its document, owner and reviews, and the controls it supports. */
export function PlanPage() {
  const { planId = "" } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const manage = can("continuity.manage");
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: continuityKeys.plan(planId),
    queryFn: () => api.GET("/api/v1/continuity/plans/{id}", { params: { path: { id: planId } } }),
  });
  const review = useMutation({
    mutationFn: () => api.POST("/api/v1/continuity/plans/{id}/review", { params: { path: { id: planId } }, body: {} }),
    onSuccess: () => notifySuccess("The review was recorded; the next one is due in 12 months."),
    onError: (e) => notifyError(e),
  });
  const remove = useMutation({
    mutationFn: () => api.DELETE("/api/v1/continuity/plans/{id}", { params: { path: { id: planId } } }),
    onSuccess: () => navigate("/continuity"),
    onError: (e) => notifyError(e, "The plan stays"),
  });
  const p = q.data;
  return (
    <>
      <Anchor component={Link} to="/continuity" size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Continuity
        </Group>
      </Anchor>
      <PageHeader
        title={p?.name ?? "Plan"}
        description={p ? PLAN_KIND_LABELS[p.kind] : undefined}
        actions={
          p &&
          manage && (
            <>
              <Button leftSection={<IconChecks size={16} />} loading={review.isPending} onClick={() => review.mutate()}>
                Record a review
              </Button>
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => window.confirm(`Remove “${p.name}”?`) && remove.mutate()}
              >
                Remove
              </Button>
            </>
          )
        }
      />
      <ErrorAlert error={q.error} />
      {!p ? (
        !q.error && <Skeleton h={200} />
      ) : (
        <Stack gap="lg">
          <Card withBorder padding="lg">
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
              <Field label="Owner">{p.ownerName ?? ""}</Field>
              <Field label="Last reviewed">{p.lastReviewedOn ? formatDay(p.lastReviewedOn) : "Never"}</Field>
              <Field label="Next review">
                <Text size="sm" c={p.reviewOverdue ? "red" : undefined}>
                  {p.nextReviewOn ? formatDay(p.nextReviewOn) : "—"}
                  {p.reviewOverdue ? " (overdue)" : ""}
                </Text>
              </Field>
              <Field label="Document">
                <Text size="sm">
                  {!p.documentUrl && !p.evidenceId ? "None yet" : "The plan"}
                  <ProofLinks evidenceId={p.evidenceId} evidenceUrl={p.documentUrl} />
                </Text>
              </Field>
            </SimpleGrid>
            {p.description && (
              <Stack mt="lg">
                <Field label="Description">{p.description}</Field>
              </Stack>
            )}
          </Card>
          <LinkedControls path="/continuity/plans" recordId={p.id} canEdit={manage} />
        </Stack>
      )}
      {p && <PlanModal opened={editing} onClose={() => setEditing(false)} plan={p} />}
    </>
  );
}
