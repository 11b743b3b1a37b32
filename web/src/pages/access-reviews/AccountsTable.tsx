import { Badge, Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { IconCheck, IconUsers } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { rules } from "../../../../src/modules/access-reviews/policy.ts";
import { api } from "../../api/client.ts";
import type { AccessDecision, ReviewAccount } from "../../api/models/access-reviews.ts";
import { DataTable, type DataTableProps } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LimitedTextarea, TEXT_LIMITS } from "../../components/LimitedTextarea.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useMembers } from "../../program/queries.ts";
import { useCan, useSubject } from "../../session.tsx";
import { DECISION_BADGE, FLAG_BADGE, unfinished } from "./labels.ts";

type Pending = { decision: AccessDecision; accounts: ReviewAccount[] };

/**
 * The accounts of a review with what can be done to each: decide (keep, revoke, change role), keep several at
 * once, and mark a revocation or role change done. Who may act on which account comes from the module's rules.
 */
export function AccountsTable({
  campaignId,
  accounts,
  open,
  label,
  empty,
}: {
  campaignId: string;
  accounts: readonly ReviewAccount[];
  open: boolean;
  label: string;
  empty?: DataTableProps<ReviewAccount>["empty"];
}) {
  const subject = useSubject();
  const can = useCan();
  const problem = (a: ReviewAccount) =>
    rules.decideProblem(subject, { ...a, reviewerUserId: a.reviewer?.id ?? "" }, open);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<Pending | null>(null);
  const [completing, setCompleting] = useState<ReviewAccount | null>(null);
  const decidable = accounts.filter((a) => !problem(a));
  const keepSelected = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/access-reviews/{id}/decisions", {
        params: { path: { id: campaignId } },
        body: { accountIds: [...selected], decision: "keep", comment: "" },
      }),
    onSuccess: (r) => {
      setSelected(new Set());
      notifySuccess(`Kept ${r.decided} ${r.decided === 1 ? "account" : "accounts"}.`);
    },
  });
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = decidable.length > 0 && decidable.every((a) => selected.has(a.id));

  const columns: DataTableProps<ReviewAccount>["columns"] = [
    open && {
      header: "Select",
      hideHeader: true,
      width: 40,
      cell: (a) => (
        <Checkbox
          aria-label={`Select ${a.account}`}
          checked={selected.has(a.id)}
          disabled={!!problem(a)}
          onChange={() => toggle(a.id)}
        />
      ),
    },
    {
      header: "Account",
      cell: (a) => (
        <Stack gap={2}>
          <Group gap={6}>
            <Text size="sm" fw={500}>
              {a.account}
            </Text>
            {a.flag && (
              <Tooltip label={FLAG_BADGE[a.flag].hint} multiline w={260}>
                <Badge size="sm" color={FLAG_BADGE[a.flag].color} variant="filled">
                  {FLAG_BADGE[a.flag].label}
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {[
              a.email && !a.account.includes(a.email) ? a.email : null,
              a.person
                ? `${a.person.name}${a.person.status === "left" ? " (left)" : ""}`
                : "No person in the directory",
              a.accountStatus,
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        </Stack>
      ),
    },
    {
      header: "Roles",
      cell: (a) => (
        <Text size="sm" c={a.roles.length ? undefined : "dimmed"}>
          {a.roles.join(", ") || "—"}
        </Text>
      ),
    },
    {
      header: "Reviewer",
      cell: (a) =>
        open && can("access_reviews.manage") && !a.decision ? (
          <ReviewerSelect campaignId={campaignId} account={a} />
        ) : (
          <Text size="sm">{a.reviewer?.name ?? "—"}</Text>
        ),
    },
    {
      header: "Decision",
      cell: (a) =>
        a.decision ? (
          <Stack gap={2}>
            <Badge variant="light" color={DECISION_BADGE[a.decision].color}>
              {a.decision === "change_role" ? `Role → ${a.newRole}` : DECISION_BADGE[a.decision].label}
            </Badge>
            {a.comment && (
              <Text size="xs" c="dimmed" lineClamp={2}>
                {a.comment}
              </Text>
            )}
          </Stack>
        ) : a.suggestion ? (
          <Text size="xs" c="red" fw={500}>
            Suggested: revoke
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Pending
          </Text>
        ),
    },
    {
      header: "Carried out",
      cell: (a) =>
        a.confirmedAt ? (
          <Text size="xs" c="teal" fw={500}>
            Confirmed by sync <RelativeTime value={a.confirmedAt} size="xs" />
          </Text>
        ) : a.completedAt ? (
          <Text size="xs">
            Done <RelativeTime value={a.completedAt} size="xs" />
            {a.completionNote ? ` — ${a.completionNote}` : ""}
          </Text>
        ) : unfinished(a) ? (
          <Text size="xs" c="orange" fw={500}>
            Not done yet
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            —
          </Text>
        ),
    },
    open && {
      header: "Actions",
      hideHeader: true,
      align: "right",
      cell: (a) => {
        const why = problem(a);
        if (why)
          return (
            <Text size="xs" c="dimmed" maw={220}>
              {why}
            </Text>
          );
        return (
          <Group gap={4} justify="flex-end" wrap="nowrap">
            <Button
              size="compact-xs"
              variant="light"
              color="teal"
              onClick={() => setPending({ decision: "keep", accounts: [a] })}
            >
              Keep
            </Button>
            <Button
              size="compact-xs"
              variant="light"
              color="red"
              onClick={() => setPending({ decision: "revoke", accounts: [a] })}
            >
              Revoke
            </Button>
            <Button
              size="compact-xs"
              variant="light"
              color="orange"
              onClick={() => setPending({ decision: "change_role", accounts: [a] })}
            >
              Change role
            </Button>
            {unfinished(a) && (
              <Button size="compact-xs" variant="default" onClick={() => setCompleting(a)}>
                Mark done
              </Button>
            )}
          </Group>
        );
      },
    },
  ];

  return (
    <>
      <DataTable
        label={label}
        rows={accounts}
        rowKey={(a) => a.id}
        columns={columns}
        minWidth={900}
        rowProps={(a) => ({ "data-testid": `account-${a.account}` })}
        empty={empty ?? { icon: <IconUsers size={22} />, title: "No accounts match" }}
        toolbar={
          open && decidable.length > 0 ? (
            <Group gap="sm">
              <Checkbox
                label="Select all I can decide"
                checked={allSelected}
                indeterminate={!allSelected && selected.size > 0}
                onChange={() => setSelected(allSelected ? new Set() : new Set(decidable.map((a) => a.id)))}
              />
              <Button
                size="xs"
                leftSection={<IconCheck size={16} />}
                disabled={!selected.size}
                loading={keepSelected.isPending}
                onClick={() => keepSelected.mutate()}
              >
                Keep selected ({selected.size})
              </Button>
              {keepSelected.error && <ErrorAlert error={keepSelected.error} />}
            </Group>
          ) : undefined
        }
      />
      {pending && <DecisionModal campaignId={campaignId} pending={pending} onClose={() => setPending(null)} />}
      {completing && <CompleteModal campaignId={campaignId} account={completing} onClose={() => setCompleting(null)} />}
    </>
  );
}

function DecisionModal({
  campaignId,
  pending,
  onClose,
}: {
  campaignId: string;
  pending: Pending;
  onClose: () => void;
}) {
  const [comment, setComment] = useState("");
  const [newRole, setNewRole] = useState("");
  const [tried, setTried] = useState(false);
  const { decision, accounts } = pending;
  const needsComment = decision !== "keep";
  const save = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/access-reviews/{id}/decisions", {
        params: { path: { id: campaignId } },
        body: {
          accountIds: accounts.map((a) => a.id),
          decision,
          comment: comment.trim(),
          ...(decision === "change_role" ? { newRole: newRole.trim() } : {}),
        },
      }),
    onSuccess: () => {
      notifySuccess(`${DECISION_BADGE[decision].label}: ${accounts.map((a) => a.account).join(", ")}`);
      onClose();
    },
  });
  const commentError =
    tried && needsComment && !comment.trim() ? "Say why: a revocation or role change needs a comment." : undefined;
  const roleError =
    tried && decision === "change_role" && !newRole.trim()
      ? "Say which role the account should have instead."
      : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if ((needsComment && !comment.trim()) || (decision === "change_role" && !newRole.trim())) return;
    save.mutate();
  };
  const title = `${DECISION_BADGE[decision].label}: ${accounts.length === 1 ? accounts[0]!.account : `${accounts.length} accounts`}`;
  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {accounts.length === 1 && accounts[0]!.roles.length > 0 && (
            <Text size="sm" c="dimmed">
              Holds: {accounts[0]!.roles.join(", ")}
            </Text>
          )}
          {decision === "change_role" && (
            <TextInput
              label="New role"
              required
              data-autofocus
              value={newRole}
              onChange={(e) => setNewRole(e.currentTarget.value)}
              error={roleError}
              maxLength={TEXT_LIMITS.name}
            />
          )}
          <LimitedTextarea
            label="Comment"
            description={needsComment ? "Required: why the access goes or changes." : "Optional."}
            required={needsComment}
            data-autofocus={decision !== "change_role" ? true : undefined}
            autosize
            minRows={3}
            limit={TEXT_LIMITS.paragraph}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={commentError}
          />
          {save.error && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={DECISION_BADGE[decision].color} loading={save.isPending}>
              {DECISION_BADGE[decision].label}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CompleteModal({
  campaignId,
  account,
  onClose,
}: {
  campaignId: string;
  account: ReviewAccount;
  onClose: () => void;
}) {
  const [note, setNote] = useState("");
  const [tried, setTried] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/access-reviews/{id}/accounts/{accountId}/complete", {
        params: { path: { id: campaignId, accountId: account.id } },
        body: { note: note.trim() },
      }),
    onSuccess: () => {
      notifySuccess(`Marked done: ${account.account}`);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Mark done: ${account.account}`}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (note.trim()) save.mutate();
        }}
      >
        <Stack>
          <Text size="sm">
            {account.decision === "change_role"
              ? `The role was changed to ${account.newRole}.`
              : "The account was removed or disabled."}{" "}
            Where a connection sees this system, the next sync confirms it too.
          </Text>
          <LimitedTextarea
            label="What was done"
            description="E.g. “Removed in the admin console, ticket OPS-12”."
            required
            data-autofocus
            autosize
            minRows={2}
            limit={TEXT_LIMITS.paragraph}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={tried && !note.trim() ? "Say what was done." : undefined}
          />
          {save.error && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Mark done
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Gives an account another reviewer: any member but the one who holds it. */
function ReviewerSelect({ campaignId, account }: { campaignId: string; account: ReviewAccount }) {
  const members = useMembers();
  const reassign = useMutation({
    mutationFn: (reviewerUserId: string) =>
      api.PUT("/api/v1/access-reviews/{id}/accounts/{accountId}/reviewer", {
        params: { path: { id: campaignId, accountId: account.id } },
        body: { reviewerUserId },
      }),
    onSuccess: (a) => notifySuccess(`${a.reviewer?.name ?? "Someone else"} now reviews ${a.account}.`),
  });
  const options = (members.data?.items ?? [])
    .filter((m) => !rules.reviewerProblem(m.userId, account))
    .map((m) => ({ value: m.userId, label: m.name }));
  if (account.reviewer && !options.some((o) => o.value === account.reviewer!.id))
    options.unshift({ value: account.reviewer.id, label: account.reviewer.name });
  return (
    <Select
      size="xs"
      w={170}
      searchable
      allowDeselect={false}
      aria-label={`Reviewer of ${account.account}`}
      value={account.reviewer?.id ?? null}
      data={options}
      onChange={(v) => v && v !== account.reviewer?.id && reassign.mutate(v)}
      error={reassign.error ? "Could not reassign: try again." : undefined}
      disabled={reassign.isPending}
    />
  );
}
