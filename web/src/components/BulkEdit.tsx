import {
  Affix,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Transition,
} from "@mantine/core";
import { IconArrowLeft, IconChecks, IconEye, IconX } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import type { BulkOutcome } from "../../../src/core/bulk.ts";
import { notifySuccess } from "../lib/notify.ts";
import type { Column } from "./DataTable.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";

/**
 * Bulk edits of a list's records: pick rows with checkboxes, choose the change, see what it does to each record
 * ("ACC-03: owner Sam → Dana", "unchanged", or refused with the reason) and only then apply it. The server decides
 * every line with the same rules as a single edit; this component only shows them.
 */

export interface BulkSelection {
  ids: ReadonlySet<string>;
  toggle: (id: string, on: boolean) => void;
  setAll: (ids: readonly string[], on: boolean) => void;
  clear: () => void;
}

export function useBulkSelection(): BulkSelection {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  return {
    ids,
    toggle: (id, on) =>
      setIds((s) => {
        const next = new Set(s);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    setAll: (all, on) =>
      setIds((s) => {
        const next = new Set(s);
        for (const id of all)
          if (on) next.add(id);
          else next.delete(id);
        return next;
      }),
    clear: () => setIds(new Set()),
  };
}

/** A first column of checkboxes; `label` names the row for screen readers ("Select ACC-03"). */
export function selectColumn<T>(
  selection: BulkSelection,
  id: (row: T) => string,
  label: (row: T) => string,
): Column<T> {
  return {
    header: "Select",
    hideHeader: true,
    width: 40,
    cell: (row) => (
      <Checkbox
        aria-label={`Select ${label(row)}`}
        checked={selection.ids.has(id(row))}
        onChange={(e) => selection.toggle(id(row), e.currentTarget.checked)}
        // The row may open a drawer on click: ticking the box must not.
        onClick={(e) => e.stopPropagation()}
      />
    ),
  };
}

/** The bar that appears while rows are selected: how many, select the page, edit, clear. */
export function BulkBar({
  selection,
  pageIds,
  noun,
  onEdit,
}: {
  selection: BulkSelection;
  /** The ids of the rows on screen, for "Select all on this page". */
  pageIds: readonly string[];
  noun: [string, string];
  onEdit: () => void;
}) {
  const n = selection.ids.size;
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selection.ids.has(id));
  return (
    <Affix position={{ bottom: 20, left: "50%" }} style={{ transform: "translateX(-50%)" }} zIndex={150}>
      <Transition mounted={n > 0} transition="slide-up">
        {(style) => (
          <Paper shadow="md" withBorder p="sm" radius="md" style={style} data-testid="bulk-bar">
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" fw={600}>
                {n} {n === 1 ? noun[0] : noun[1]} selected
              </Text>
              {!allOnPage && (
                <Button variant="subtle" size="xs" onClick={() => selection.setAll(pageIds, true)}>
                  Select all on this page
                </Button>
              )}
              <Button size="xs" leftSection={<IconChecks size={14} />} onClick={onEdit}>
                Edit selected…
              </Button>
              <Button variant="default" size="xs" leftSection={<IconX size={14} />} onClick={selection.clear}>
                Clear
              </Button>
            </Group>
          </Paper>
        )}
      </Transition>
    </Affix>
  );
}

const OUTCOME = {
  change: { label: "Changes", color: "blue" },
  unchanged: { label: "Unchanged", color: "gray" },
  refused: { label: "Refused", color: "red" },
} as const;

/** What the edit does (or did) to each record, one line per record. */
export function BulkPreview({ outcome }: { outcome: BulkOutcome }) {
  const { counts } = outcome;
  return (
    <Stack gap="xs" data-testid="bulk-preview">
      <Group gap="xs">
        {(["change", "unchanged", "refused"] as const).map((k) => (
          <Badge key={k} variant="light" color={OUTCOME[k].color}>
            {OUTCOME[k].label}: {counts[k]}
          </Badge>
        ))}
      </Group>
      <ScrollArea.Autosize mah={320} type="auto" viewportProps={{ tabIndex: 0, "aria-label": "Changes to apply" }}>
        <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {outcome.records.map((r) => (
            <Text
              key={r.ref}
              component="li"
              size="sm"
              c={r.outcome === "refused" ? "red" : r.outcome === "unchanged" ? "dimmed" : undefined}
              data-outcome={r.outcome}
            >
              {r.summary}
            </Text>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      {counts.refused > 0 && (
        <Text size="xs" c="dimmed">
          Refused records are left as they are; the others change together, or not at all.
        </Text>
      )}
    </Stack>
  );
}

/**
 * The modal: the change (`fields`, the page's inputs), then its preview, then apply. `request` builds the body from
 * the page's field state; null means nothing is chosen yet (`missing` says what to choose).
 */
export function BulkEditModal<Body>({
  opened,
  onClose,
  title,
  count,
  noun,
  fields,
  request,
  missing,
  preview,
  apply,
  onApplied,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  count: number;
  noun: [string, string];
  fields: ReactNode;
  request: () => Body | null;
  missing: string;
  preview: (body: Body) => Promise<BulkOutcome>;
  apply: (body: Body) => Promise<BulkOutcome>;
  onApplied: (outcome: BulkOutcome) => void;
}) {
  const [shown, setShown] = useState<{ body: Body; outcome: BulkOutcome } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: async (body: Body) => ({ body, outcome: await preview(body) }),
    onSuccess: setShown,
  });
  const run = useMutation({
    mutationFn: (body: Body) => apply(body),
    onSuccess: (outcome) => {
      const { change, refused } = outcome.counts;
      notifySuccess(
        `${change} ${change === 1 ? noun[0] : noun[1]} changed${refused ? `, ${refused} refused and left as they were` : ""}.`,
        "Bulk edit applied",
      );
      onApplied(outcome);
      close();
    },
  });
  function close() {
    setShown(null);
    setProblem(null);
    check.reset();
    run.reset();
    onClose();
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = request();
    setProblem(body ? null : missing);
    if (body) check.mutate(body);
  };
  return (
    <Modal opened={opened} onClose={close} title={title} size="lg">
      {shown ? (
        <Stack gap="md">
          <Text size="sm">
            What applying does to the {count} selected {count === 1 ? noun[0] : noun[1]}. Each change is recorded in the
            ledger as if made one by one.
          </Text>
          <BulkPreview outcome={shown.outcome} />
          <ErrorAlert error={run.error} />
          <Group justify="space-between">
            <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => setShown(null)}>
              Back
            </Button>
            <Button
              onClick={() => run.mutate(shown.body)}
              loading={run.isPending}
              disabled={shown.outcome.counts.change === 0}
            >
              {shown.outcome.counts.change === 0
                ? "Nothing to apply"
                : `Apply ${shown.outcome.counts.change} ${shown.outcome.counts.change === 1 ? "change" : "changes"}`}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} aria-label={title}>
          <Stack gap="md">
            <Text size="sm">
              Choose what to change on the {count} selected {count === 1 ? noun[0] : noun[1]}; fields left empty stay as
              they are. You will see what changes on each before anything is saved.
            </Text>
            {fields}
            {problem && (
              <Text size="sm" c="red" role="alert">
                {problem}
              </Text>
            )}
            <ErrorAlert error={check.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={check.isPending} leftSection={<IconEye size={16} />}>
                Preview changes
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
