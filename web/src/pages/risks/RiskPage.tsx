import { Alert, Anchor, Button, Card, Group, Modal, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconArrowLeft, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { RiskBody } from "../../api/models/risks.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Field } from "../../components/Field.tsx";
import { LinkedControls } from "../../components/LinkedControls.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";
import { riskKeys, TREATMENT_LABELS, TYPE_LABELS } from "./labels.ts";
import { LevelBadge, RiskForm } from "./RiskForm.tsx";

/** One risk: its ratings and treatment, the edit form, and the controls that treat it. */
export function RiskPage() {
  const { riskId = "" } = useParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const can = useCan();
  const canEdit = can("risks.manage");
  const [deleting, setDeleting] = useState(false);
  const q = useQuery({
    queryKey: riskKeys.one(riskId),
    queryFn: () => api.GET("/api/v1/risks/{id}", { params: { path: { id: riskId } } }),
  });
  const settings = useQuery({ queryKey: riskKeys.settings, queryFn: () => api.GET("/api/v1/risks/settings") });
  const save = useMutation({
    mutationFn: (body: RiskBody) => api.PATCH("/api/v1/risks/{id}", { params: { path: { id: riskId } }, body }),
    onSuccess: () => notifySuccess("The risk is saved."),
  });
  const remove = useMutation({
    mutationFn: () => api.DELETE("/api/v1/risks/{id}", { params: { path: { id: riskId } } }),
    onSuccess: () => {
      notifySuccess("The risk is deleted.");
      navigate({ pathname: "/risks", search });
    },
  });
  const r = q.data;
  return (
    <>
      <Anchor component={Link} to={{ pathname: "/risks", search }} size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Risks
        </Group>
      </Anchor>
      <PageHeader
        title={r?.title ?? "Risk"}
        description={r ? [TYPE_LABELS[r.type], r.category].filter(Boolean).join(" · ") : undefined}
        actions={
          canEdit &&
          r && (
            <Button
              variant="default"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setDeleting(true)}
            >
              Delete
            </Button>
          )
        }
      />
      <ErrorAlert error={q.error} />
      {!r || !settings.data ? (
        !q.error && <Skeleton h={320} />
      ) : (
        <Stack gap="lg">
          <Card withBorder padding="lg">
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="lg">
              <Field label="Inherent">
                <LevelBadge score={r.score} level={r.level} />
              </Field>
              <Field label="Residual">
                <LevelBadge score={r.residualScore} level={r.residualLevel} />
              </Field>
              <Field label="Treatment">{r.treatment ? TREATMENT_LABELS[r.treatment] : "Not decided"}</Field>
              <Field label="Last changed">{formatDateTime(r.updatedAt)}</Field>
            </SimpleGrid>
          </Card>
          {r.treatmentState === "needs_controls" && (
            <Alert color="orange" icon={<IconAlertTriangle size={16} />} title="Mitigation without controls">
              This risk is to be mitigated but no control is linked yet, so it does not count as treated. Link the
              controls that reduce it below.
            </Alert>
          )}
          <Card withBorder padding="lg" component="section" aria-label="Details">
            {canEdit ? (
              <RiskForm
                key={r.updatedAt}
                risk={r}
                settings={settings.data}
                onSubmit={(body) => save.mutate(body)}
                pending={save.isPending}
                error={save.error}
                submitLabel="Save"
              />
            ) : (
              <Stack gap="sm">
                <Field label="Description">{r.description ?? "—"}</Field>
                <Field label="Owner">{r.ownerName ?? "No owner"}</Field>
                <Field label="Treatment plan">{r.treatmentPlan ?? "—"}</Field>
                <Field label="Next review">{r.reviewDate ?? "Not set"}</Field>
              </Stack>
            )}
          </Card>
          {(r.treatment === "mitigate" || r.controls.length > 0) && (
            <LinkedControls path="/risks" recordId={r.id} canEdit={canEdit} />
          )}
        </Stack>
      )}
      <Modal opened={deleting} onClose={() => setDeleting(false)} title="Delete this risk?">
        <Stack>
          <Text size="sm">
            “{r?.title}” leaves the register and its control links are removed. Completed assessments keep it in their
            snapshot.
          </Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete risk
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
