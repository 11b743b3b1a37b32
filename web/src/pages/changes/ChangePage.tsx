import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconPencil, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { DEFAULT_EMERGENCY_APPROVAL_DAYS, emergencyApprovalRefusal } from "../../../../src/core/changes.ts";
import { api } from "../../api/client.ts";
import type { ChangeRecord } from "../../api/models/changes.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { Field } from "../../components/Field.tsx";
import { LimitedTextarea, TEXT_LIMITS } from "../../components/LimitedTextarea.tsx";
import { LinkedControls } from "../../components/LinkedControls.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan, useSession } from "../../session.tsx";
import { useChangeSettings } from "./ChangeSettingsModal.tsx";
import { EditChangeModal } from "./EditChangeModal.tsx";
import { ChangeFlagBadges, changeKeys, SOURCE_LABELS, STATUS_LABELS } from "./labels.tsx";

const plural = (days: number) => `${days} ${days === 1 ? "day" : "days"}`;
const when = (v: string | null) => (v ? formatDateTime(v) : "—");
const yesNo = (v: boolean | null) => (v === null ? "Not reported" : v ? "Passed" : "Did not pass");
const SIGNATURES: Record<string, string> = {
  G: "Signed, verified",
  U: "Signed, key not trusted",
  N: "Not signed",
  E: "Signed, not checked (no allowed signers)",
  B: "Bad signature",
  X: "Signed, signature expired",
  Y: "Signed, key expired",
  R: "Signed, key revoked",
};

/** The after-the-fact approval of an emergency change: who may give it (never the author), with why. */
function EmergencyApproval({ c }: { c: ChangeRecord }) {
  const session = useSession();
  const can = useCan();
  const [justification, setJustification] = useState("");
  const days = useChangeSettings().data?.emergencyApprovalDays ?? DEFAULT_EMERGENCY_APPROVAL_DAYS;
  const approve = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/changes/{id}/emergency-approval", {
        params: { path: { id: c.id } },
        body: { justification },
      }),
    onSuccess: () => notifySuccess("The emergency change is approved after the fact.", "Approved"),
  });
  if (c.emergencyApprovedAt)
    return (
      <Alert color={c.emergencyState === "approved_late" ? "orange" : "teal"} icon={<IconCheck size={18} />}>
        <Text size="sm">
          Approved after the fact by <b>{c.emergencyApproverName}</b> on {formatDateTime(c.emergencyApprovedAt)}
          {c.emergencyState === "approved_late" ? `, later than ${plural(days)}` : ""}.
        </Text>
        {c.emergencyJustification && (
          <Text size="sm" mt={4} style={{ whiteSpace: "pre-wrap" }}>
            {c.emergencyJustification}
          </Text>
        )}
      </Alert>
    );
  const refusal = emergencyApprovalRefusal(
    {
      ...c,
      emergencyApprovedAt: c.emergencyApprovedAt ? new Date(c.emergencyApprovedAt) : null,
    },
    { userId: session.user.id, name: session.user.name, email: session.user.email },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    approve.mutate();
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="emergency-approval">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Group gap="xs">
            <IconAlertTriangle size={18} color="var(--mantine-color-orange-6)" />
            <Title order={2} fz="md" id="emergency-approval">
              Approve after the fact
            </Title>
          </Group>
          <Text size="sm" c={c.emergencyState === "overdue" ? "red" : "dimmed"}>
            {c.emergencyState === "overdue"
              ? `This emergency change is still not approved, more than ${plural(days)} after it landed.`
              : `An emergency change skips the usual review; someone other than its author approves it within ${plural(days)}.`}
          </Text>
          {!can("changes.approve") ? (
            <Text size="sm" c="dimmed">
              Your role cannot approve changes.
            </Text>
          ) : refusal ? (
            <Text size="sm" c="dimmed">
              {refusal}
            </Text>
          ) : (
            <>
              <ErrorAlert error={approve.error} />
              <LimitedTextarea
                label="Justification"
                description="Why the change was right, or what you checked"
                required
                autosize
                minRows={2}
                limit={TEXT_LIMITS.paragraph}
                value={justification}
                onChange={(e) => setJustification(e.currentTarget.value)}
                error={fieldError(approve.error, "justification")}
              />
              <Group justify="flex-end">
                <Button type="submit" loading={approve.isPending} disabled={!justification.trim()}>
                  Approve
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </form>
    </Card>
  );
}

/** One change: its review evidence, flags, the emergency approval and the controls it evidences. */
export function ChangePage() {
  const { changeId = "" } = useParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const can = useCan();
  const q = useQuery({
    queryKey: changeKeys.one(changeId),
    queryFn: () => api.GET("/api/v1/changes/{id}", { params: { path: { id: changeId } } }),
  });
  const remove = useMutation({
    mutationFn: () => api.DELETE("/api/v1/changes/{id}", { params: { path: { id: changeId } } }),
    onSuccess: () => {
      notifySuccess("The change is removed from the register.");
      navigate({ pathname: "/changes", search });
    },
  });
  const [editing, setEditing] = useState(false);
  const c = q.data;
  return (
    <>
      <Anchor component={Link} to={{ pathname: "/changes", search }} size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Changes
        </Group>
      </Anchor>
      <PageHeader
        title={c?.title ?? "Change"}
        description={c ? `${SOURCE_LABELS[c.source]}${c.repository ? ` · ${c.repository}` : ""}` : undefined}
        actions={
          c &&
          can("changes.manage") && (
            <>
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button
                variant="default"
                color="red"
                leftSection={<IconTrash size={16} />}
                loading={remove.isPending}
                onClick={() => {
                  if (window.confirm(`Remove “${c.title}” from the register?`)) remove.mutate();
                }}
              >
                Remove
              </Button>
            </>
          )
        }
      />
      <ErrorAlert error={q.error ?? remove.error} />
      {!c ? (
        !q.error && <Skeleton h={240} />
      ) : (
        <Stack gap="lg">
          <Card withBorder padding="lg">
            <Stack gap="lg">
              <Group gap="sm">
                <Badge variant="dot">{STATUS_LABELS[c.status]}</Badge>
                <ChangeFlagBadges c={c} />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
                <Field label="Author">{c.author ?? "—"}</Field>
                <Field label="Independent approvals">
                  {c.independentApprovals.length
                    ? c.independentApprovals.map((a) => `${a.by}${a.at ? ` (${formatDateTime(a.at)})` : ""}`).join(", ")
                    : c.approvals.length
                      ? "Only the author approved"
                      : "None"}
                </Field>
                {c.source === "git" && <Field label="Committer">{c.committer ?? "—"}</Field>}
                {c.mergedBy && <Field label="Merged by">{c.mergedBy}</Field>}
                <Field label="Checks">{yesNo(c.checksPassed)}</Field>
                {c.source === "git" && (
                  <Field label="Signature">{c.signature ? (SIGNATURES[c.signature] ?? c.signature) : "—"}</Field>
                )}
                <Field label="Merged">{when(c.mergedAt)}</Field>
                <Field label="Deployed">{when(c.deployedAt)}</Field>
                <Field label="Reference">
                  {c.url ? (
                    <Anchor href={c.url} target="_blank" rel="noreferrer" size="sm" underline="always">
                      {c.source === "github" ? `#${c.externalRef}` : (c.externalRef ?? c.url)}
                    </Anchor>
                  ) : (
                    <span className="assay-mono">{c.externalRef ?? "—"}</span>
                  )}
                </Field>
              </SimpleGrid>
              {c.flags.unreviewed && (
                <Alert color="red" variant="light" title="No independent review">
                  {c.source === "git"
                    ? "Nobody but the author approved or committed this change. Review it after the fact, or explain it in the risk."
                    : "Nobody but the author approved this change before it landed. Review it after the fact, or explain it in the risk."}
                </Alert>
              )}
              {c.description && (
                <Field label="Description">
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {c.description}
                  </Text>
                </Field>
              )}
              {c.risk && (
                <Field label="Risk and impact">
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {c.risk}
                  </Text>
                </Field>
              )}
            </Stack>
          </Card>
          {c.emergency && <EmergencyApproval c={c} />}
          <LinkedControls path="/changes" recordId={c.id} canEdit={can("changes.manage")} />
          <EditChangeModal key={c.updatedAt} c={c} opened={editing} onClose={() => setEditing(false)} />
        </Stack>
      )}
    </>
  );
}
