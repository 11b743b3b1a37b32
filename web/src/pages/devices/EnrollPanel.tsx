import { Alert, Button, Code, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";

/** The exact commands to run on a machine, as root (the token shown, or a placeholder). */
export function enrollCommands(token = "<enrollment token>") {
  return [
    `sudo assay agent enroll --url ${window.location.origin} --token ${token} --owner you@example.com`,
    "sudo assay agent report",
    "sudo assay agent install-timer --interval 1h",
    "sudo systemctl daemon-reload && sudo systemctl enable --now assay-agent.timer",
  ].join("\n");
}

const EXPIRY = [
  { value: "1", label: "1 day" },
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
];

/** Creates an enrollment token (the server creates the Linux agent connection if needed) and shows it once. */
export function EnrollModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [name, setName] = useState("");
  const [days, setDays] = useState("7");
  const [maxUses, setMaxUses] = useState<number | string>("");
  const create = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/agent/enrollment-tokens", {
        body: { name: name.trim(), expiresInDays: Number(days), ...(typeof maxUses === "number" ? { maxUses } : {}) },
      }),
  });
  const close = () => {
    create.reset();
    setName("");
    setDays("7");
    setMaxUses("");
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const created = create.data;
  const err = create.error;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? "Enroll your machines" : "Create an enrollment token"}
      size="xl"
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Shown only once">
            Assay keeps only a hash of this token. Anyone who has it can enroll machines into {created.connection.name}
            {created.usesLeft ? ` (${created.usesLeft} machine(s))` : ""} until it expires. Each machine then gets its
            own device token.
          </Alert>
          <CopyField value={created.token} label="Enrollment token" />
          <Text size="sm" c="dimmed">
            On each Linux machine, with the assay CLI installed, run as root:
          </Text>
          <CopyField value={enrollCommands(created.token)} label="Commands" />
          <Group justify="flex-end">
            <Button onClick={close}>I have copied it</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <ErrorAlert error={err && !fieldError(err, "name") ? err : null} />
            <TextInput
              label="Name"
              description="Which machines it is for, so you recognise it later."
              placeholder="Engineering laptops"
              required
              data-autofocus
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError(err, "name")}
            />
            <Group grow>
              <Select
                label="Expires after"
                data={EXPIRY}
                value={days}
                onChange={(v) => v && setDays(v)}
                allowDeselect={false}
              />
              <NumberInput
                label="Machines it may enroll"
                description="Empty: no limit until it expires."
                min={1}
                max={10000}
                allowDecimal={false}
                value={maxUses}
                onChange={setMaxUses}
                error={fieldError(err, "maxUses")}
              />
            </Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** The empty state's body: what the agent is and the exact commands. */
export function HowToEnroll({ admin }: { admin: boolean }) {
  return (
    <Stack gap="xs" maw={760} mx="auto" ta="left">
      <Text size="sm">
        The Assay agent runs on each Linux machine and reports disk encryption, firewall, automatic updates, SSH
        settings, OS support and screen lock.{" "}
        {admin ? "Create an enrollment token, then" : "Ask an admin for an enrollment token, then"} run on each machine,
        as root:
      </Text>
      <Code block>{enrollCommands()}</Code>
      <Text size="xs" c="dimmed">
        `assay agent report --dry-run` shows what would be sent without sending it. See docs/agent.md.
      </Text>
    </Stack>
  );
}
