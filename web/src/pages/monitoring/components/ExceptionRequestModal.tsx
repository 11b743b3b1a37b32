import { Button, Chip, Group, Modal, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconCalendarEvent } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { api } from "../../../api/client.ts";
import type { FailingResource } from "../../../api/models/monitoring.ts";
import { ErrorAlert, fieldError } from "../../../components/ErrorAlert.tsx";
import { LimitedTextarea } from "../../../components/LimitedTextarea.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { ROLE_LABELS } from "../../../roles.ts";
import { useSession } from "../../../session.tsx";
import { useApprovers } from "../queries.ts";

const PRESETS = [
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 180, label: "6 months" },
  { days: 364, label: "1 year" },
];

/**
 * Ask for an exception to a failing test: the whole test or one resource, why, until when (at most a year) and
 * who approves — another member who may approve, never yourself.
 */
export function ExceptionRequestModal({
  test,
  failing,
  resourceId: initialResource,
  onClose,
}: {
  test: { id: string; title: string };
  failing: FailingResource[];
  /** Preselect one resource (from its row); undefined: the whole test. */
  resourceId?: string;
  onClose: () => void;
}) {
  const { user } = useSession();
  const approvers = useApprovers();
  const [scope, setScope] = useState(initialResource ? "resource" : "test");
  const [resourceId, setResourceId] = useState<string | null>(initialResource ?? failing[0]?.resourceId ?? null);
  const [justification, setJustification] = useState("");
  const [approver, setApprover] = useState<string | null>(null);
  const [expiry, setExpiry] = useState<string | null>(dayjs().add(90, "day").format("YYYY-MM-DD"));
  const others = (approvers.data ?? []).filter((m) => m.userId !== user.id);
  const create = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/monitoring/exceptions", {
        body: {
          testId: test.id,
          resourceId: scope === "resource" ? resourceId : null,
          justification: justification.trim(),
          approverUserId: approver ?? "",
          // The end of the chosen day, where the requester is.
          expiresAt: dayjs(expiry).endOf("day").toISOString(),
        },
      }),
    onSuccess: (e) => {
      notifySuccess(`${e.approver?.name ?? "The approver"} has been asked to approve it.`, "Exception requested");
      onClose();
    },
  });
  const err = create.error;
  // Checked on submit and shown at each field, so the button never sits disabled without saying what is missing.
  const [missing, setMissing] = useState<Partial<Record<"justification" | "approver" | "expiry" | "resource", string>>>(
    {},
  );
  const problems = () => ({
    ...(justification.trim().length < 10
      ? { justification: "Explain why the failure is accepted (at least a sentence, 10 characters or more)." }
      : {}),
    ...(!approver
      ? {
          approver: others.length
            ? "Pick who approves the exception."
            : "Nobody else may approve exceptions: ask an owner or admin to give someone the compliance manager role.",
        }
      : {}),
    ...(!expiry ? { expiry: "Choose when the exception expires (at most a year from today)." } : {}),
    ...(scope === "resource" && !resourceId ? { resource: "Choose the resource the exception covers." } : {}),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = problems();
    setMissing(found);
    if (Object.keys(found).length === 0) create.mutate();
  };
  /** Clears a field's message once it is edited. */
  const edited = (field: keyof typeof missing) => setMissing((m) => ({ ...m, [field]: undefined }));
  return (
    <Modal opened onClose={onClose} title="Request an exception" size="lg">
      <form onSubmit={submit} aria-label="Request an exception" noValidate>
        <Stack gap="md">
          <Text size="sm">
            While an approved exception is in effect, the failure of <b>{test.title}</b> does not count against its
            controls. The results themselves are kept as they are.
          </Text>
          <ErrorAlert error={err && !fieldError(err, "justification") ? err : null} />
          {failing.length > 0 && (
            <Stack gap={6}>
              <SegmentedControl
                aria-label="Exception covers"
                value={scope}
                onChange={setScope}
                data={[
                  { value: "test", label: "Every resource of this test" },
                  { value: "resource", label: "One resource" },
                ]}
              />
              {scope === "resource" && (
                <Select
                  label="Resource"
                  data={failing.map((f) => ({ value: f.resourceId, label: f.name }))}
                  value={resourceId}
                  onChange={(v) => {
                    edited("resource");
                    setResourceId(v);
                  }}
                  error={missing.resource}
                  allowDeselect={false}
                  searchable
                />
              )}
            </Stack>
          )}
          <LimitedTextarea
            label="Justification"
            required
            data-autofocus
            description="Why the failure is accepted for now, and what reduces the risk meanwhile."
            placeholder="e.g. The database only listens on the private network; TLS is planned with the migration in Q3."
            autosize
            minRows={3}
            value={justification}
            onChange={(e) => {
              edited("justification");
              setJustification(e.currentTarget.value);
            }}
            error={missing.justification ?? fieldError(err, "justification")}
          />
          <Select
            label="Approver"
            required
            description="An owner, admin or compliance manager other than you; only they can approve it."
            placeholder={
              approvers.isPending ? "Loading members…" : others.length ? "Pick an approver" : "Nobody else may approve"
            }
            data={others.map((m) => ({ value: m.userId, label: `${m.name} (${ROLE_LABELS[m.role]})` }))}
            value={approver}
            onChange={(v) => {
              edited("approver");
              setApprover(v);
            }}
            searchable
            nothingFoundMessage="Nobody by that name"
            error={missing.approver ?? fieldError(err, "approverUserId")}
          />
          <Stack gap={6}>
            <DatePickerInput
              label="Expires on"
              required
              description="At most a year. Renew it then if it is still needed."
              leftSection={<IconCalendarEvent size={16} />}
              value={expiry}
              onChange={(v) => {
                edited("expiry");
                setExpiry(v);
              }}
              minDate={dayjs().add(1, "day").format("YYYY-MM-DD")}
              maxDate={dayjs().add(364, "day").format("YYYY-MM-DD")}
              valueFormat="D MMM YYYY"
              error={missing.expiry ?? fieldError(err, "expiresAt")}
            />
            <Group gap={6} aria-label="Quick expiry">
              {PRESETS.map((p) => {
                const date = dayjs().add(p.days, "day").format("YYYY-MM-DD");
                return (
                  <Chip
                    key={p.days}
                    size="xs"
                    checked={expiry === date}
                    onChange={() => {
                      edited("expiry");
                      setExpiry(date);
                    }}
                    variant="light"
                  >
                    {p.label}
                  </Chip>
                );
              })}
            </Group>
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Request exception
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
