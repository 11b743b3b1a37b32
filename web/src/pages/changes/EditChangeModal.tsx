import { Button, Checkbox, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import type { ChangeRecord } from "../../api/models/changes.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { LimitedTextarea, TEXT_LIMITS } from "../../components/LimitedTextarea.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { STATUS_LABELS, STATUSES } from "./labels.tsx";

const local = (iso: string | null) => (iso ? dayjs(iso).format("YYYY-MM-DDTHH:mm") : "");

/**
 * What people add to any change, synced ones included: title, description, emergency, status, deployment, risk.
 * (What a sync reads — author, approvals, checks, merge — stays the source's.)
 */
export function EditChangeModal({ c, opened, onClose }: { c: ChangeRecord; opened: boolean; onClose: () => void }) {
  const initial = () => ({
    title: c.title,
    description: c.description ?? "",
    emergency: c.emergency,
    status: c.status,
    deployedAt: local(c.deployedAt),
    risk: c.risk ?? "",
  });
  const [v, setV] = useState(initial);
  const synced = c.source !== "manual";
  const save = useMutation({
    mutationFn: () =>
      api.PATCH("/api/v1/changes/{id}", {
        params: { path: { id: c.id } },
        body: {
          // A synced change's title and description come from its source with every sync.
          ...(synced ? {} : { title: v.title, description: v.description || null }),
          emergency: v.emergency,
          status: v.status,
          deployedAt: v.deployedAt ? new Date(v.deployedAt).toISOString() : null,
          risk: v.risk || null,
        },
      }),
    onSuccess: () => {
      notifySuccess("The change is saved.");
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal
      opened={opened}
      onClose={() => {
        save.reset();
        setV(initial());
        onClose();
      }}
      title="Edit the change"
      size="lg"
    >
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={save.error} />
          <TextInput
            label="Title"
            required
            disabled={synced}
            description={synced ? "From the source: the next sync sets it" : undefined}
            maxLength={TEXT_LIMITS.title}
            value={v.title}
            onChange={(e) => setV({ ...v, title: e.currentTarget.value })}
            error={fieldError(save.error, "title")}
            data-autofocus
          />
          <LimitedTextarea
            label="Description"
            disabled={synced}
            autosize
            minRows={2}
            value={v.description}
            onChange={(e) => setV({ ...v, description: e.currentTarget.value })}
          />
          <Group grow align="flex-start">
            <Select
              label="Status"
              required
              allowDeselect={false}
              data={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
              value={v.status}
              onChange={(s) => s && setV({ ...v, status: s as (typeof STATUSES)[number] })}
            />
            <TextInput
              label="Deployed at"
              type="datetime-local"
              value={v.deployedAt}
              onChange={(e) => setV({ ...v, deployedAt: e.currentTarget.value })}
              error={fieldError(save.error, "deployedAt")}
            />
          </Group>
          <Checkbox
            label="Emergency change"
            description="Unticking it drops an after-the-fact approval"
            checked={v.emergency}
            onChange={(e) => setV({ ...v, emergency: e.currentTarget.checked })}
          />
          <LimitedTextarea
            label="Risk and impact"
            autosize
            minRows={2}
            value={v.risk}
            onChange={(e) => setV({ ...v, risk: e.currentTarget.value })}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
