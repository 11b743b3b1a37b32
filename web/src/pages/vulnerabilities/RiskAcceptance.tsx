import { Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { Finding } from "../../api/models/vulnerabilities.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { formatDateTime, formatDay } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { vulnerabilityKeys } from "./labels.ts";

/**
 * Accepting a finding's risk for a time: the reason and the last day it holds. The finding stays open; it is not
 * late meanwhile, and counts again after that day.
 */
export function RiskAcceptance({ f, canAccept }: { f: Finding; canAccept: boolean }) {
  const qc = useQueryClient();
  const [until, setUntil] = useState<string | null>(dayjs().add(90, "day").format("YYYY-MM-DD"));
  const [reason, setReason] = useState("");
  const [open, setOpen] = useState(false);
  const path = { params: { path: { id: f.id } } };
  const done = (message: string) => (data: Finding) => {
    qc.setQueryData([...vulnerabilityKeys.all, f.id], data);
    notifySuccess(message);
    setOpen(false);
  };
  const accept = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/vulnerabilities/{id}/acceptance", { ...path, body: { until: until ?? "", reason } }),
    onSuccess: done("Risk accepted."),
  });
  const withdraw = useMutation({
    mutationFn: () => api.DELETE("/api/v1/vulnerabilities/{id}/acceptance", path),
    onSuccess: done("Acceptance withdrawn."),
  });
  if (f.status !== "open" && !f.acceptedUntil) return null;
  return (
    <SectionCard
      title="Risk acceptance"
      description="When a finding cannot be fixed in time, someone who runs the program may accept its risk for a while, with the reason. The auditor sees who, why and until when."
    >
      <ErrorAlert error={withdraw.error} />
      {f.accepted && f.acceptedUntil ? (
        <Stack gap="xs">
          <Text size="sm">
            Accepted until <b>{formatDay(f.acceptedUntil)}</b>
            {f.acceptedAt && <> (recorded {formatDateTime(f.acceptedAt)})</>}.
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {f.acceptanceReason}
          </Text>
          {canAccept && (
            <Group>
              <Button
                size="xs"
                variant="default"
                color="red"
                loading={withdraw.isPending}
                onClick={() => withdraw.mutate()}
              >
                Withdraw the acceptance
              </Button>
            </Group>
          )}
        </Stack>
      ) : open ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            accept.mutate();
          }}
        >
          <Stack gap="sm">
            <DatePickerInput
              label="Accepted until"
              description="At most a year ahead"
              value={until}
              onChange={(v) => setUntil(v ? dayjs(v).format("YYYY-MM-DD") : null)}
              minDate={dayjs().add(1, "day").toDate()}
              maxDate={dayjs().add(365, "day").toDate()}
              required
              error={fieldError(accept.error, "until")}
            />
            <Textarea
              label="Why"
              description="The compensating control, why it is not exploitable here, or when the fix will ship"
              autosize
              minRows={3}
              required
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldError(accept.error, "reason")}
            />
            <ErrorAlert error={accept.error} />
            <Group justify="flex-end">
              <Button variant="default" size="xs" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" size="xs" loading={accept.isPending}>
                Accept the risk
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {f.acceptedUntil ? `An earlier acceptance ended on ${formatDay(f.acceptedUntil)}.` : "No risk is accepted."}
          </Text>
          {canAccept && f.status === "open" && (
            <Button size="xs" variant="default" onClick={() => setOpen(true)}>
              Accept the risk…
            </Button>
          )}
        </Group>
      )}
    </SectionCard>
  );
}
