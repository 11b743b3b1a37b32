import { Button, Group, Modal, NumberInput, Stack, Switch, Text } from "@mantine/core";
import { IconSettings } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import type { OrgPolicyList } from "../../api/models/org-policies.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";

type Settings = OrgPolicyList["settings"];

const NUMBERS = [
  {
    key: "requiredAcceptancePercent",
    label: "Required acceptance (%)",
    description: "Share of a policy's audience that must accept it for its controls to count it as met.",
    max: 100,
  },
  {
    key: "acceptanceDueDays",
    label: "Days to accept",
    description: "When a published version's acceptance requests are due.",
    max: 365,
  },
  {
    key: "reminderIntervalDays",
    label: "Days between reminder emails",
    description: "A person with outstanding acceptances is reminded at most this often.",
    max: 90,
  },
] as const;

function SettingsForm({ settings, onDone }: { settings: Settings; onDone: () => void }) {
  const [value, setValue] = useState(settings);
  const save = useMutation({
    mutationFn: () => api.PATCH("/api/v1/policies/settings", { body: value }),
    onSuccess: () => {
      notifySuccess("Policy settings saved.");
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const number = (key: keyof Omit<Settings, "independentApproval">) => (v: number | string) =>
    setValue({ ...value, [key]: Number(v) || 0 });
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Switch
          label="Authors may not approve their own change"
          description="The author of a version cannot be named as one of its approvers."
          checked={value.independentApproval}
          onChange={(e) => setValue({ ...value, independentApproval: e.currentTarget.checked })}
        />
        {NUMBERS.map((n) => (
          <NumberInput
            key={n.key}
            label={n.label}
            description={n.description}
            min={1}
            max={n.max}
            value={value[n.key]}
            onChange={number(n.key)}
            error={fieldError(save.error, n.key)}
          />
        ))}
        <ErrorAlert error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The organization's policy settings, in a modal. */
export function PolicySettingsButton({ settings }: { settings: Settings | undefined }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconSettings size={16} />}
        onClick={() => setOpen(true)}
        disabled={!settings}
      >
        Settings
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Policy settings">
        {settings && (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              These apply to every policy of the organization.
            </Text>
            <SettingsForm settings={settings} onDone={() => setOpen(false)} />
          </Stack>
        )}
      </Modal>
    </>
  );
}
