import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconPencil, IconPlus, IconSend, IconTrash, IconWebhook } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { ApiError } from "../../api/errors.ts";
import type { Webhook, WebhookKind, WebhookList } from "../../api/models/alerts.ts";
import { DataTable, type DataTableProps } from "../../components/DataTable.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";

type KindChoice = WebhookList["kinds"][number];

const KEY = ["alerts", "webhooks"] as const;

/** Administrators: Slack-compatible incoming webhooks that receive the alert kinds they subscribe to. */
export function WebhooksPage() {
  const can = useCan();
  const list = useQuery({ queryKey: KEY, queryFn: () => api.GET("/api/v1/alerts/webhooks") });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [removing, setRemoving] = useState<Webhook | null>(null);
  const manage = can("alerts.manage_webhooks");
  const kinds = list.data?.kinds ?? [];
  const labelOf = (k: string) => kinds.find((x) => x.kind === k)?.label ?? k;

  const test = useMutation({
    mutationFn: (w: Webhook) =>
      api.POST("/api/v1/alerts/webhooks/{id}/test", { params: { path: { id: w.id } }, body: {} }),
    onSuccess: (r, w) => {
      if (r.ok) notifySuccess(`${w.name} answered HTTP ${r.status}. Check the channel for the message.`, "Test sent");
      else notifyError(new Error(r.error ?? "The receiver did not accept the message."), "Test failed");
    },
    onError: (err) => notifyError(err, "Test failed"),
  });

  const columns: DataTableProps<Webhook>["columns"] = [
    {
      header: "Name",
      cell: (w) => (
        <>
          <Group gap="xs">
            <Text size="sm" fw={500}>
              {w.name}
            </Text>
            {!w.enabled && (
              <Badge size="xs" color="gray" variant="light">
                Off
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" className="assay-mono">
            {w.host}
          </Text>
        </>
      ),
    },
    {
      header: "Alerts",
      cell: (w) => (
        <Group gap={4}>
          {w.kinds.map((k) => (
            <Badge key={k} size="sm" variant="light">
              {labelOf(k)}
            </Badge>
          ))}
        </Group>
      ),
    },
    {
      header: "Last delivery",
      cell: (w) => (
        <>
          <RelativeTime value={w.lastDeliveryAt} empty="Never" />
          {w.lastError && (
            <Text size="xs" c="red" maw={320}>
              {w.lastError}
            </Text>
          )}
        </>
      ),
    },
    manage && {
      header: "Actions",
      hideHeader: true,
      width: 130,
      cell: (w) => (
        <Group gap={4} wrap="nowrap">
          <Tooltip label="Send a test message">
            <ActionIcon
              variant="subtle"
              onClick={() => test.mutate(w)}
              loading={test.isPending && test.variables?.id === w.id}
              aria-label={`Send a test message to ${w.name}`}
            >
              <IconSend size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" onClick={() => setEditing(w)} aria-label={`Edit ${w.name}`}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Remove">
            <ActionIcon variant="subtle" color="red" onClick={() => setRemoving(w)} aria-label={`Remove ${w.name}`}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Post alerts to a chat channel. Works with Slack incoming webhooks and Slack-compatible receivers (Mattermost, Rocket.Chat, …). The URL is kept encrypted and never shown again; only its host is."
        actions={
          manage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              Add webhook
            </Button>
          )
        }
      />
      <DataTable
        label="Webhooks"
        query={list}
        columns={columns}
        rowKey={(w) => w.id}
        tableProps={{ highlightOnHover: false }}
        minWidth={760}
        empty={{
          icon: <IconWebhook size={26} />,
          title: "No webhooks",
          description: "In Slack, create an app with an incoming webhook for the channel, then paste its URL here.",
          action: manage && (
            <Button variant="default" onClick={() => setAdding(true)}>
              Add webhook
            </Button>
          ),
        }}
      />
      <WebhookModal
        key={editing?.id ?? (adding ? "new" : "closed")}
        opened={adding || !!editing}
        webhook={editing}
        kinds={kinds}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
        onTest={(w) => test.mutate(w)}
      />
      <RemoveWebhookModal webhook={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

/** Problems with the URL itself, shown under the URL field: its form, or a destination the server refuses. */
const URL_PROBLEMS = ["invalid_webhook_url", "webhook_destination_refused"];

function WebhookModal({
  opened,
  webhook,
  kinds,
  onClose,
  onTest,
}: {
  opened: boolean;
  webhook: Webhook | null;
  kinds: KindChoice[];
  onClose: () => void;
  onTest: (w: Webhook) => void;
}) {
  const [name, setName] = useState(webhook?.name ?? "");
  const [url, setUrl] = useState("");
  const [chosen, setChosen] = useState<WebhookKind[]>(
    (webhook?.kinds as WebhookKind[] | undefined) ?? ["test.failing", "sync.failed"],
  );
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const [sendTest, setSendTest] = useState(true);
  const save = useMutation({
    mutationFn: () =>
      webhook
        ? api.PATCH("/api/v1/alerts/webhooks/{id}", {
            params: { path: { id: webhook.id } },
            body: { name: name.trim(), kinds: chosen, enabled, ...(url.trim() ? { url: url.trim() } : {}) },
          })
        : api.POST("/api/v1/alerts/webhooks", { body: { name: name.trim(), url: url.trim(), kinds: chosen, enabled } }),
    onSuccess: (saved) => {
      notifySuccess(`${saved.name} posts to ${saved.host}.`, webhook ? "Webhook saved" : "Webhook added");
      if (!webhook && sendTest) onTest(saved);
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = save.error;
  const urlError =
    fieldError(err, "url") ?? (err instanceof ApiError && URL_PROBLEMS.includes(err.code) ? err.detail : undefined);
  return (
    <Modal opened={opened} onClose={onClose} title={webhook ? `Edit ${webhook.name}` : "Add webhook"} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={err && !urlError && !fieldError(err, "name") ? err : null} />
          <TextInput
            label="Name"
            description="Where the messages go, e.g. #compliance."
            required
            data-autofocus
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(err, "name")}
          />
          <TextInput
            label={webhook ? "New URL" : "Webhook URL"}
            description={
              webhook
                ? `Currently posts to ${webhook.host}. Leave empty to keep the stored URL.`
                : "The https://hooks.slack.com/services/… address of the incoming webhook. It is stored encrypted and never shown again."
            }
            required={!webhook}
            type="url"
            autoComplete="off"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={urlError}
          />
          <Checkbox.Group
            label="Alerts it receives"
            value={chosen}
            onChange={setChosen}
            error={fieldError(err, "kinds")}
          >
            <Stack gap="xs" mt="xs">
              {kinds.map((k) => (
                <Checkbox key={k.kind} value={k.kind} label={k.label} description={k.description} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Switch label="On" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          {!webhook && (
            <Checkbox
              label="Send a test message after saving"
              checked={sendTest}
              onChange={(e) => setSendTest(e.currentTarget.checked)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!name.trim() || !chosen.length || (!webhook && !url.trim())}
            >
              {webhook ? "Save" : "Add webhook"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RemoveWebhookModal({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  const remove = useMutation({
    mutationFn: (w: Webhook) => api.DELETE("/api/v1/alerts/webhooks/{id}", { params: { path: { id: w.id } } }),
    onSuccess: (_r, w) => {
      notifySuccess(`${w.name} no longer receives alerts.`, "Webhook removed");
      onClose();
    },
  });
  return (
    <Modal opened={!!webhook} onClose={onClose} title="Remove webhook?">
      {webhook && (
        <Stack>
          <Text size="sm">
            “{webhook.name}” ({webhook.host}) stops receiving alerts, and messages still waiting for it are not sent.
          </Text>
          <Alert variant="light" color="gray">
            To stop it only for a while, edit it and turn it off instead.
          </Alert>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(webhook)}>
              Remove webhook
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
