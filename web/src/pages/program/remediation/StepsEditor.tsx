import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconArrowDown, IconArrowUp, IconPlus, IconX } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../../api/client.ts";
import type { RemediationItemDetail, StepInput, StepStatus } from "../../../api/models/remediation.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { MemberSelect } from "../../../components/program/Pickers.tsx";
import { WORKER_ROLES } from "../../../components/program/RemediationForm.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { useCan, useSession } from "../../../session.tsx";

const STATUSES: { value: StepStatus; label: string }[] = [
  { value: "todo", label: "To do" },
  { value: "in_progress", label: "In progress" },
  { value: "done", label: "Done" },
  { value: "skipped", label: "Skipped" },
];

let keyCounter = 0;
const newKey = () => `step-${keyCounter++}`;

const inputsOf = (item: RemediationItemDetail): StepInput[] =>
  item.steps.map((s) => ({
    id: s.id,
    title: s.title,
    ownerUserId: s.owner?.id ?? null,
    startDate: s.startDate,
    dueDate: s.dueDate,
    status: s.status,
  }));

/** The item's progress from its steps: done or skipped out of all. */
export function StepProgress({ item }: { item: Pick<RemediationItemDetail, "progress"> }) {
  const { finished, total, percent } = item.progress;
  if (!total) return null;
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress
        value={percent ?? 0}
        color={finished === total ? "teal" : "blue"}
        size="lg"
        style={{ flex: 1 }}
        aria-label={`Steps finished: ${finished} of ${total}`}
      />
      <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
        {finished} of {total} steps done ({percent}%)
      </Text>
    </Group>
  );
}

const STATUS_COLOR: Record<StepStatus, string> = { todo: "gray", in_progress: "blue", done: "teal", skipped: "gray" };

/** The steps as text, for people who cannot change them now (other roles, or a verified item). */
function StepsList({ item }: { item: RemediationItemDetail }) {
  return (
    <Stack gap={6} role="group" aria-label="Corrective action steps">
      <StepProgress item={item} />
      {!item.steps.length && (
        <Text size="sm" c="dimmed">
          —
        </Text>
      )}
      {item.steps.map((s) => (
        <Group key={s.id} gap="xs" wrap="nowrap" align="baseline">
          <Text size="sm" fw={700} c="dimmed" w={22} ta="right">
            {s.position}.
          </Text>
          <Text size="sm" style={{ flex: 1 }}>
            {s.title}
            <Text span size="xs" c="dimmed">
              {" "}
              · {s.owner?.name ?? "no owner"}
              {(s.startDate || s.dueDate) && ` · ${s.startDate ?? "…"} – ${s.dueDate ?? "…"}`}
            </Text>
          </Text>
          <Badge size="sm" variant="light" color={STATUS_COLOR[s.status]}>
            {STATUSES.find((x) => x.value === s.status)?.label}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}

/**
 * The corrective action's steps, edited inline: managers add, reorder, re-plan and remove steps; the item's owner
 * moves their statuses. Saved together (one ledger entry for the whole list).
 */
export function StepsEditor({ programId, item }: { programId: string; item: RemediationItemDetail }) {
  const can = useCan();
  const { user } = useSession();
  const original = inputsOf(item);
  // Each row keeps a React key of its own, so inputs keep focus while typing and follow their step when reordered.
  const [rows, setRows] = useState(() => original.map((step) => ({ key: newKey(), step })));
  const steps = rows.map((r) => r.step);
  const manager = can("remediation.manage");
  const owner = can("remediation.update_own") && item.owner?.id === user.id;
  const locked = item.status === "verified" || (!manager && !owner);
  const planLocked = locked || !manager;
  const dirty = JSON.stringify(steps) !== JSON.stringify(original);
  const save = useMutation({
    mutationFn: () =>
      api.PUT("/api/v1/programs/{programId}/remediation/{id}/steps", {
        params: { path: { programId, id: item.id } },
        body: { steps: steps.map((s) => ({ ...s, title: s.title.trim() })) },
      }),
    onSuccess: () => notifySuccess(`${item.ref}: steps saved.`),
  });
  const set = (i: number, patch: Partial<StepInput>) =>
    setRows((xs) => xs.map((r, j) => (j === i ? { ...r, step: { ...r.step, ...patch } } : r)));
  const move = (i: number, by: -1 | 1) =>
    setRows((xs) => {
      const next = [...xs];
      [next[i], next[i + by]] = [next[i + by]!, next[i]!];
      return next;
    });
  if (locked) return <StepsList item={item} />;
  return (
    <Stack gap="xs" role="group" aria-label="Corrective action steps">
      <StepProgress item={item} />
      <ErrorAlert error={save.error} />
      {!steps.length && (
        <Text size="sm" c="dimmed">
          No steps yet. {manager ? "Break the corrective action into steps, each with an owner and dates." : ""}
        </Text>
      )}
      {steps.map((s, i) => (
        <Paper key={rows[i]!.key} withBorder p="xs" radius="sm">
          <Stack gap={6}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={700} c="dimmed" w={22} ta="right">
                {i + 1}.
              </Text>
              <TextInput
                aria-label={`Step ${i + 1} title`}
                placeholder="e.g. Enable MFA in the identity provider"
                value={s.title}
                onChange={(e) => set(i, { title: e.currentTarget.value })}
                disabled={planLocked}
                maxLength={500}
                style={{ flex: 1 }}
              />
              {!planLocked && (
                <Group gap={2} wrap="nowrap">
                  <Tooltip label="Move up">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Move step ${i + 1} up`}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      <IconArrowUp size={14} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Move down">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Move step ${i + 1} down`}
                      disabled={i === steps.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      <IconArrowDown size={14} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Remove">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Remove step ${i + 1}`}
                      onClick={() => setRows((xs) => xs.filter((_, j) => j !== i))}
                    >
                      <IconX size={14} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              )}
            </Group>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing={6} pl={28}>
              <MemberSelect
                aria-label={`Step ${i + 1} owner`}
                placeholder="Owner"
                size="xs"
                roles={WORKER_ROLES}
                value={s.ownerUserId ?? null}
                onChange={(v) => set(i, { ownerUserId: v })}
                disabled={planLocked}
              />
              <DatePickerInput
                aria-label={`Step ${i + 1} start date`}
                placeholder="Start"
                size="xs"
                valueFormat="D MMM YYYY"
                clearable
                value={s.startDate ?? null}
                onChange={(v) => set(i, { startDate: v })}
                disabled={planLocked}
              />
              <DatePickerInput
                aria-label={`Step ${i + 1} due date`}
                placeholder="Due"
                size="xs"
                valueFormat="D MMM YYYY"
                clearable
                value={s.dueDate ?? null}
                onChange={(v) => set(i, { dueDate: v })}
                disabled={planLocked}
              />
              <Select
                aria-label={`Step ${i + 1} status`}
                size="xs"
                data={STATUSES}
                allowDeselect={false}
                value={s.status ?? "todo"}
                onChange={(v) => v && set(i, { status: v as StepStatus })}
                disabled={locked}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
      ))}
      {!locked && (
        <Group justify="space-between">
          {manager ? (
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              disabled={steps.length >= 100}
              onClick={() =>
                setRows((xs) => [
                  ...xs,
                  {
                    key: newKey(),
                    step: { title: "", ownerUserId: null, startDate: null, dueDate: null, status: "todo" },
                  },
                ])
              }
            >
              Add step
            </Button>
          ) : (
            <span />
          )}
          {dirty && (
            <Group gap="xs">
              <Button
                variant="default"
                size="xs"
                onClick={() => setRows(original.map((step) => ({ key: newKey(), step })))}
              >
                Discard
              </Button>
              <Button
                size="xs"
                loading={save.isPending}
                disabled={steps.some((s) => !s.title.trim())}
                onClick={() => save.mutate()}
              >
                Save steps
              </Button>
            </Group>
          )}
        </Group>
      )}
    </Stack>
  );
}
