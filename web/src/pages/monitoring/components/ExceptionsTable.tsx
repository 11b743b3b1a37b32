import { Button, Group, Modal, Stack, Text, Textarea, Tooltip } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { api } from "../../../api/client.ts";
import type { MonitoringException } from "../../../api/models/monitoring.ts";
import { DataTable, type DataTableProps, TitleLink } from "../../../components/DataTable.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { RelativeTime } from "../../../components/Time.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { useSession } from "../../../session.tsx";
import { useMonitoringCan } from "../permissions.ts";
import { ExceptionStateBadge } from "./Badges.tsx";

type Decision = "approve" | "reject" | "revoke";

const COPY: Record<
  Decision,
  { title: string; button: string; color: string; note: string; required: boolean; done: string }
> = {
  approve: {
    title: "Approve exception",
    button: "Approve",
    color: "teal",
    note: "Note (optional)",
    required: false,
    done: "approved: it is in effect now",
  },
  reject: {
    title: "Reject exception",
    button: "Reject",
    color: "red",
    note: "Why it is rejected",
    required: false,
    done: "rejected",
  },
  revoke: {
    title: "Revoke exception",
    button: "Revoke",
    color: "red",
    note: "Why it is revoked",
    required: true,
    done: "revoked: the failure counts again",
  },
};

function DecisionModal({
  exception: e,
  decision,
  onClose,
}: {
  exception: MonitoringException;
  decision: Decision;
  onClose: () => void;
}) {
  const [note, setNote] = useState("");
  const copy = COPY[decision];
  const run = useMutation({
    mutationFn: () => {
      const params = { path: { id: e.id } };
      return decision === "revoke"
        ? api.POST("/api/v1/monitoring/exceptions/{id}/revoke", { params, body: { reason: note.trim() } })
        : api.POST(`/api/v1/monitoring/exceptions/{id}/${decision}`, { params, body: { note: note.trim() } });
    },
    onSuccess: () => {
      notifySuccess(`The exception for ${e.testTitle} is ${copy.done}.`);
      onClose();
    },
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    run.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={copy.title}>
      <form onSubmit={submit} aria-label={copy.title}>
        <Stack gap="md">
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              {e.testTitle}
            </Text>
            <Text size="xs" c="dimmed">
              {e.resourceName ?? "Every resource"} · until {dayjs(e.expiresAt).format("D MMM YYYY")} · asked by{" "}
              {e.createdBy?.name ?? "someone"}
            </Text>
          </Stack>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            “{e.justification}”
          </Text>
          <ErrorAlert error={run.error} />
          <Textarea
            label={copy.note}
            required={copy.required}
            data-autofocus
            autosize
            minRows={2}
            value={note}
            onChange={(ev) => setNote(ev.currentTarget.value)}
            maxLength={2000}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={copy.color} loading={run.isPending} disabled={copy.required && !note.trim()}>
              {copy.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Exceptions with who asked, who approves, until when, and the actions the signed-in person may take; the rest of
 * the props go to the `DataTable` (rows, a query with its pager, the empty state…).
 */
export function ExceptionsTable({
  showTest = true,
  ...table
}: { showTest?: boolean } & Omit<DataTableProps<MonitoringException>, "label" | "columns" | "rowKey">) {
  const can = useMonitoringCan();
  const { user } = useSession();
  const [acting, setActing] = useState<{ e: MonitoringException; d: Decision } | null>(null);
  const columns: DataTableProps<MonitoringException>["columns"] = [
    showTest && {
      header: "Test",
      cell: (e) => (
        <TitleLink
          to={`/monitoring/tests/${e.testId}`}
          below={
            <Tooltip label={e.justification} multiline w={360} openDelay={300}>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {e.justification}
              </Text>
            </Tooltip>
          }
        >
          {e.testTitle}
        </TitleLink>
      ),
    },
    {
      header: "Covers",
      width: showTest ? 180 : undefined,
      cell: (e) => (
        <>
          <Text size="sm">{e.resourceName ?? "Every resource"}</Text>
          {!showTest && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {e.justification}
            </Text>
          )}
        </>
      ),
    },
    { header: "State", width: 120, cell: (e) => <ExceptionStateBadge state={e.state} /> },
    {
      header: "Approver",
      width: 200,
      cell: (e) => (
        <>
          <Text size="sm">{e.approver?.name ?? "—"}</Text>
          <Text size="xs" c="dimmed">
            {e.state === "pending"
              ? `asked by ${e.createdBy?.name ?? "someone"}`
              : e.decidedAt
                ? `${e.state === "rejected" ? "rejected" : "approved"} ${dayjs(e.decidedAt).format("D MMM YYYY")}`
                : ""}
          </Text>
          {e.decisionNote && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              “{e.decisionNote}”
            </Text>
          )}
        </>
      ),
    },
    {
      header: "Expires",
      width: 130,
      cell: (e) =>
        e.revokedAt ? (
          <Tooltip label={e.revokeReason ?? ""} disabled={!e.revokeReason}>
            <Text size="sm" c="dimmed">
              revoked {dayjs(e.revokedAt).format("D MMM")}
            </Text>
          </Tooltip>
        ) : (
          <RelativeTime value={e.expiresAt} />
        ),
    },
    {
      header: "Actions",
      hideHeader: true,
      width: 190,
      cell: (e) => {
        const mine = e.approver?.id === user.id;
        const mayDecide = e.state === "pending" && mine && can("monitoring.approve_exception");
        return (
          <Group gap={6} justify="flex-end" wrap="nowrap">
            {mayDecide && (
              <>
                <Button
                  size="compact-sm"
                  color="teal"
                  leftSection={<IconCheck size={14} />}
                  onClick={() => setActing({ e, d: "approve" })}
                  aria-label={`Approve exception for ${e.testTitle}`}
                >
                  Approve
                </Button>
                <Button
                  size="compact-sm"
                  variant="default"
                  leftSection={<IconX size={14} />}
                  onClick={() => setActing({ e, d: "reject" })}
                  aria-label={`Reject exception for ${e.testTitle}`}
                >
                  Reject
                </Button>
              </>
            )}
            {e.state === "pending" && !mine && (
              <Text size="xs" c="dimmed">
                Waiting for {e.approver?.name ?? "the approver"}
              </Text>
            )}
            {e.state === "active" && can("monitoring.revoke_exception") && (
              <Button size="compact-sm" variant="subtle" color="red" onClick={() => setActing({ e, d: "revoke" })}>
                Revoke
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
        label="Exceptions"
        columns={columns}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ "data-testid": `exception-${e.id}` })}
        minWidth={900}
        tableProps={{ highlightOnHover: false }}
        {...table}
      />
      {acting && <DecisionModal exception={acting.e} decision={acting.d} onClose={() => setActing(null)} />}
    </>
  );
}
