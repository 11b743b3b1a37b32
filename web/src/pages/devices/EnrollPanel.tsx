import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Tabs, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";

/** The Node agent's commands (a checkout of Assay on the machine), for those who prefer it on Linux servers. */
export function nodeAgentCommands(token: string) {
  return [
    `sudo assay agent enroll --url <this Assay's URL> --token ${token} --owner you@example.com`,
    "sudo assay agent report",
    "sudo assay agent install-timer --interval 1h",
    "sudo systemctl daemon-reload && sudo systemctl enable --now assay-agent.timer",
  ].join("\n");
}

export interface InstallCommands {
  linux: string;
  macos: string;
  windows: string;
}

/** The one-line installs per platform, each with a copy button. */
export function InstallOneLiners({ commands }: { commands: InstallCommands }) {
  return (
    <Tabs defaultValue={guessPlatform()} keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="linux">Linux</Tabs.Tab>
        <Tabs.Tab value="macos">macOS</Tabs.Tab>
        <Tabs.Tab value="windows">Windows</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="linux" pt="sm">
        <Stack gap="xs">
          <Text size="sm">In a terminal (it asks for your password to read the disk, firewall and SSH settings):</Text>
          <CopyField value={commands.linux} label="Linux command" />
          <Text size="xs" c="dimmed">
            Installs a systemd timer (cron without systemd) that reports every hour. Needs only sh and curl.
          </Text>
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="macos" pt="sm">
        <Stack gap="xs">
          <Text size="sm">In Terminal, as yourself (no sudo):</Text>
          <CopyField value={commands.macos} label="macOS command" />
          <Text size="xs" c="dimmed">
            Installs a launchd agent that reports every hour.
          </Text>
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="windows" pt="sm">
        <Stack gap="xs">
          <Text size="sm">In PowerShell, run as administrator:</Text>
          <CopyField value={commands.windows} label="Windows command" />
          <Text size="xs" c="dimmed">
            Registers the scheduled task “Assay collector” (hourly, as SYSTEM).
          </Text>
        </Stack>
      </Tabs.Panel>
    </Tabs>
  );
}

function guessPlatform(): keyof InstallCommands {
  const ua = typeof navigator === "undefined" ? "" : navigator.userAgent;
  if (/Windows/i.test(ua)) return "windows";
  if (/Mac OS X|Macintosh/i.test(ua)) return "macos";
  return "linux";
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
            On each computer, run the command for its system. It downloads a small script from this Assay, enrols the
            computer and reports every hour.
          </Text>
          <InstallOneLiners commands={created.commands} />
          <Text size="xs" c="dimmed">
            Employees can also enrol their own computer from My devices: the device is then recorded as theirs.
          </Text>
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

/** The empty state's body: what the collectors are and how to enrol. */
export function HowToEnroll({ admin }: { admin: boolean }) {
  return (
    <Stack gap="xs" maw={760} mx="auto" ta="left">
      <Text size="sm">
        A small script runs on each Linux, macOS or Windows computer every hour and reports disk encryption, firewall,
        automatic updates, screen lock, OS support (and SSH on Linux, Gatekeeper on macOS, Defender on Windows).{" "}
        {admin
          ? "Create an enrollment token to get a one-line install command for each system,"
          : "Ask an admin for an enrollment token,"}{" "}
        or let each employee enrol their own computer from My devices.
      </Text>
      <Text size="xs" c="dimmed">
        Linux servers can also run the Node agent: {nodeAgentCommands("<token>").split("\n")[0]}. See docs/agent.md.
      </Text>
    </Stack>
  );
}
