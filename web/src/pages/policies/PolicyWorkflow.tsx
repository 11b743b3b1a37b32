import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Radio,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  Tooltip,
} from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { rules } from "../../../../src/modules/policies/policy.ts";
import { api } from "../../api/client.ts";
import type { OrgPolicyDetail, PolicyVersion } from "../../api/models/org-policies.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useMembers } from "../../program/queries.ts";
import { useCan, useSubject } from "../../session.tsx";
import { STATUS_COLORS, STATUS_LABELS } from "./labels.ts";

const APPROVER_ROLES = ["owner", "admin", "compliance_manager", "control_owner"];

function Submit({ policy, version }: { policy: OrgPolicyDetail; version: PolicyVersion }) {
  const members = useMembers();
  const [approvers, setApprovers] = useState<string[]>([]);
  const independent = policy.settings.independentApproval;
  const submit = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/policies/{id}/versions/{versionId}/submit", {
        params: { path: { id: policy.id, versionId: version.id } },
        body: { approverIds: approvers },
      }),
    onSuccess: () => notifySuccess(`Version ${version.number} was sent for review.`),
  });
  const options = (members.data?.items ?? [])
    .filter((m) => APPROVER_ROLES.includes(m.role))
    .map((m) => {
      const problem = rules.approverProblem(version.authorUserId, m.userId, independent);
      return { value: m.userId, label: `${m.name}${problem ? " (the author)" : ""}`, disabled: !!problem };
    });
  return (
    <Stack gap="sm">
      <MultiSelect
        label="Approvers"
        description={
          independent
            ? "Members who approve this version. The author cannot be one: the organization requires independent approval."
            : "Members who approve this version."
        }
        data={options}
        value={approvers}
        onChange={setApprovers}
        searchable
        data-testid="approvers"
      />
      <Group>
        <Button onClick={() => submit.mutate()} loading={submit.isPending} disabled={!approvers.length}>
          Submit for review
        </Button>
      </Group>
      <ErrorAlert error={submit.error} />
    </Stack>
  );
}

function Decide({ policy, version }: { policy: OrgPolicyDetail; version: PolicyVersion }) {
  const subject = useSubject();
  const [comment, setComment] = useState("");
  const path = { id: policy.id, versionId: version.id };
  const approve = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/policies/{id}/versions/{versionId}/approve", {
        params: { path },
        body: comment.trim() ? { comment } : {},
      }),
    onSuccess: () => notifySuccess("You approved this version."),
  });
  const back = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/policies/{id}/versions/{versionId}/request-changes", { params: { path }, body: { comment } }),
    onSuccess: () => notifySuccess("The version went back to draft with your comment."),
  });
  const problem = rules.decideProblem(
    subject,
    version,
    version.approvals.map((a) => a.userId),
    policy.settings.independentApproval,
  );
  const mine = version.approvals.find((a) => a.userId === subject.userId);
  if (mine?.decision === "approved") return <Text size="sm">You approved this version.</Text>;
  return (
    <Stack gap="sm">
      <Textarea
        label="Comment"
        description="Required to send the version back; optional when approving."
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        disabled={!!problem}
        autosize
        minRows={2}
      />
      <Group>
        <Tooltip label={problem} disabled={!problem} multiline w={320}>
          <span>
            <Button onClick={() => approve.mutate()} loading={approve.isPending} disabled={!!problem} color="teal">
              Approve
            </Button>
          </span>
        </Tooltip>
        <Tooltip
          label={problem ?? "Say what must change in the comment."}
          disabled={!problem && !!comment.trim()}
          multiline
          w={320}
        >
          <span>
            <Button
              variant="default"
              onClick={() => back.mutate()}
              loading={back.isPending}
              disabled={!!problem || !comment.trim()}
            >
              Request changes
            </Button>
          </span>
        </Tooltip>
      </Group>
      {problem && (
        <Text size="xs" c="dimmed">
          {problem}
        </Text>
      )}
      <ErrorAlert error={approve.error ?? back.error} />
    </Stack>
  );
}

type Audience = "all" | "employee" | "contractor" | "departments";

function Publish({ policy, version }: { policy: OrgPolicyDetail; version: PolicyVersion }) {
  const [audience, setAudience] = useState<Audience>(
    policy.audience.departments?.length ? "departments" : (policy.audience.kinds?.[0] ?? "all"),
  );
  const [departments, setDepartments] = useState<string[]>(policy.audience.departments ?? []);
  const [confirm, setConfirm] = useState(false);
  const publish = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/policies/{id}/versions/{versionId}/publish", {
        params: { path: { id: policy.id, versionId: version.id } },
        body: {
          audience: audience === "all" ? {} : audience === "departments" ? { departments } : { kinds: [audience] },
        },
      }),
    onSuccess: (p) =>
      notifySuccess(`Version ${version.number} is published; ${p.requested} people are asked to accept it.`),
  });
  const major = version.significance === "major" || !policy.currentNumber;
  return (
    <Stack gap="sm">
      <Radio.Group label="Who must accept it" value={audience} onChange={(v) => setAudience(v as Audience)}>
        <Group mt={6}>
          <Radio value="all" label="All staff" />
          <Radio value="employee" label="Employees" />
          <Radio value="contractor" label="Contractors" />
          <Radio value="departments" label="Departments" />
        </Group>
      </Radio.Group>
      {audience === "departments" && (
        <TagsInput
          label="Departments"
          description="As written in the people directory; press Enter after each."
          value={departments}
          onChange={setDepartments}
        />
      )}
      <Text size="sm" c="dimmed">
        {major
          ? "A major version: everyone in the audience is asked to accept it (new people are asked when they join)."
          : "A minor version: acceptances of the previous version still count; nobody is asked again."}
      </Text>
      <Checkbox
        label={`Publish version ${version.number}: it replaces the current version for everyone`}
        checked={confirm}
        onChange={(e) => setConfirm(e.currentTarget.checked)}
      />
      <Group>
        <Button
          onClick={() => publish.mutate()}
          loading={publish.isPending}
          disabled={!confirm || (audience === "departments" && !departments.length)}
        >
          Publish
        </Button>
      </Group>
      <ErrorAlert error={publish.error} />
    </Stack>
  );
}

/** The latest version's way through review: submit, approvals, publication. */
export function PolicyWorkflow({ policy, version }: { policy: OrgPolicyDetail; version: PolicyVersion }) {
  const can = useCan();
  return (
    <Stack gap="lg">
      <Group gap="xs">
        <Text fw={600}>Version {version.number}</Text>
        <Badge color={STATUS_COLORS[version.status]} variant="light" data-testid="version-status">
          {STATUS_LABELS[version.status]}
        </Badge>
        <Badge variant="outline" color="gray">
          {version.significance}
        </Badge>
        {version.changeSummary && (
          <Text size="sm" c="dimmed">
            {version.changeSummary}
          </Text>
        )}
      </Group>
      {version.approvals.length > 0 && (
        <Table aria-label="Approvals" fz="sm" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Approver</Table.Th>
              <Table.Th>Decision</Table.Th>
              <Table.Th>Comment</Table.Th>
              <Table.Th>When</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {version.approvals.map((a) => (
              <Table.Tr key={a.userId}>
                <Table.Td>{a.name}</Table.Td>
                <Table.Td>{a.decision.replace("_", " ")}</Table.Td>
                <Table.Td>{a.comment ?? ""}</Table.Td>
                <Table.Td>{a.decidedAt ? formatDateTime(a.decidedAt) : ""}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {version.status === "draft" &&
        (can("policies.manage") ? (
          <Submit policy={policy} version={version} />
        ) : (
          <Text size="sm">This version is a draft.</Text>
        ))}
      {version.status === "in_review" && <Decide policy={policy} version={version} />}
      {version.status === "approved" &&
        (can("policies.manage") ? (
          <Publish policy={policy} version={version} />
        ) : (
          <Text size="sm">Approved: a compliance manager publishes it.</Text>
        ))}
      {version.status === "published" && (
        <Alert color="green" variant="light">
          Version {version.number} is the current version. Edit the policy to start the next one.
        </Alert>
      )}
    </Stack>
  );
}
