import { Alert, Button, Divider, Group, Modal, Select, Stack, Switch, Text, TextInput } from "@mantine/core";
import { IconCircleCheck, IconLock, IconPlugConnected, IconPlugConnectedX } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { ApiError } from "../../api/errors.ts";
import type { Connection, Connector, TestConnectionResult } from "../../api/models/monitoring.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import {
  type FieldValues,
  SchemaFields,
  schemaFields,
  schemaProblems,
  schemaValues,
} from "./components/SchemaFields.tsx";
import { INTERVAL_OPTIONS } from "./labels.ts";

/** Per-field message of a validation problem at `config.host` / `secrets.password` / `name`. */
function problemAt(err: unknown, path: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  return err.errors.find(
    (e) => e.path === path || e.path === `body.${path}` || e.path.endsWith(`/${path.replace(".", "/")}`),
  )?.message;
}

export function TestResultAlert({ result }: { result: TestConnectionResult }) {
  return result.ok ? (
    <Alert
      color="teal"
      variant="light"
      icon={<IconCircleCheck size={18} />}
      title="Connection works"
      data-testid="test-result"
    >
      {result.message ?? "Reachable, and the credentials were accepted."}
    </Alert>
  ) : (
    <Alert
      color="red"
      variant="light"
      icon={<IconPlugConnectedX size={18} />}
      title={result.error ?? "The connection failed"}
      data-testid="test-result"
      role="alert"
    >
      {result.guidance ?? "Check the settings and try again."}
    </Alert>
  );
}

/**
 * Connect (or edit) one connection: settings and secrets generated from the connector's JSON Schemas, a test
 * before saving, and save. Secrets are never shown; on edit they are replaced only when something is typed.
 */
export function ConnectionForm({
  connector,
  connection,
  onClose,
}: {
  connector: Connector;
  connection?: Connection;
  onClose: () => void;
}) {
  const editing = !!connection;
  const [name, setName] = useState(connection?.name ?? connector.title);
  const [config, setConfig] = useState<FieldValues>(connection?.config ?? {});
  const [secrets, setSecrets] = useState<FieldValues>({});
  const [interval, setInterval] = useState(String(connection?.intervalSeconds ?? 3600));
  const [enabled, setEnabled] = useState(connection?.enabled ?? true);
  const typedSecrets = schemaValues(connector.secretSchema, secrets);
  const secretsTyped = Object.keys(typedSecrets).length > 0;
  const hasSecrets = schemaFields(connector.secretSchema).length > 0;
  const configBody = () => schemaValues(connector.configSchema, config);

  const test = useMutation({
    mutationFn: () =>
      // An unchanged saved connection is tested with its stored secrets; anything edited is tested as typed.
      editing &&
      !secretsTyped &&
      JSON.stringify(configBody()) === JSON.stringify(schemaValues(connector.configSchema, connection.config))
        ? api.POST("/api/v1/monitoring/connections/{id}/test", { params: { path: { id: connection.id } }, body: {} })
        : api.POST("/api/v1/monitoring/test-connection", {
            body: { type: connector.type, config: configBody(), secrets: typedSecrets },
          }),
  });
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        config: configBody(),
        intervalSeconds: Number(interval),
        enabled,
        ...(secretsTyped || !editing ? { secrets: typedSecrets } : {}),
      };
      return editing
        ? api.PATCH("/api/v1/monitoring/connections/{id}", { params: { path: { id: connection.id } }, body })
        : api.POST("/api/v1/monitoring/connections", { body: { type: connector.type, ...body } });
    },
    onSuccess: (c) => {
      notifySuccess(
        editing
          ? `${c.name} saved.`
          : connector.push
            ? `${c.name} is connected. Enroll machines from the Devices page; they report on their own.`
            : `${c.name} is connected. Its first sync starts shortly.`,
        editing ? undefined : "Connected",
      );
      onClose();
    },
  });
  const err = save.error ?? test.error;
  // Checked here too, so an out-of-range number is named as typed before anything is sent.
  const [local, setLocal] = useState<Record<string, string>>({});
  const fieldErr = (prefix: "config" | "secrets") => (key: string) =>
    (prefix === "config" ? local[key] : undefined) ?? problemAt(err, `${prefix}.${key}`);
  const generalError = err && !(err instanceof ApiError && err.errors.length > 0) ? err : null;
  const checkLocally = () => {
    const problems = schemaProblems(connector.configSchema, config);
    setLocal(problems);
    return Object.keys(problems).length === 0;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (checkLocally()) save.mutate();
  };
  const touch = () => {
    test.reset();
    setLocal({});
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        <Group gap="xs" component="span">
          <IconPlugConnected size={20} aria-hidden />
          <Text span fw={600} fz="lg">
            {editing ? `Edit ${connection.name}` : `Connect ${connector.title}`}
          </Text>
        </Group>
      }
    >
      <form onSubmit={submit} aria-label={editing ? "Edit connection" : "Connect"}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {connector.description}
          </Text>
          <ErrorAlert error={generalError} />
          {err instanceof ApiError && err.errors.length > 0 && (
            <ErrorAlert error={err} title="Check the highlighted fields" />
          )}
          <TextInput
            label="Name"
            description="How this connection appears in lists, e.g. “Production database”."
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={problemAt(err, "name")}
            maxLength={200}
          />
          <Divider label="Settings" labelPosition="left" />
          <SchemaFields
            idPrefix="config"
            schema={connector.configSchema}
            values={config}
            onChange={(k, v) => {
              touch();
              setConfig((c) => ({ ...c, [k]: v }));
            }}
            errorFor={fieldErr("config")}
          />
          {hasSecrets && (
            <>
              <Divider
                label={
                  <Group gap={4}>
                    <IconLock size={12} />
                    Secrets
                  </Group>
                }
                labelPosition="left"
              />
              <Text size="xs" c="dimmed" mt={-8}>
                Stored encrypted and never shown again.
                {editing && connection.secretFields.length > 0
                  ? " Leave them empty to keep the stored ones; typing any secret replaces all of them, so fill in each one you want to keep."
                  : ""}
              </Text>
              <SchemaFields
                idPrefix="secret"
                schema={connector.secretSchema}
                values={secrets}
                onChange={(k, v) => {
                  touch();
                  setSecrets((s) => ({ ...s, [k]: v }));
                }}
                errorFor={fieldErr("secrets")}
                secret
                setFields={connection?.secretFields}
              />
            </>
          )}
          {/* Push connectors (the Linux agent) have no schedule: their devices report themselves. */}
          {!connector.push && (
            <>
              <Divider label="Schedule" labelPosition="left" />
              <Group grow align="flex-start">
                <Select
                  label="Sync"
                  data={
                    INTERVAL_OPTIONS.some((o) => o.value === interval)
                      ? INTERVAL_OPTIONS
                      : [...INTERVAL_OPTIONS, { value: interval, label: `Every ${interval} s` }]
                  }
                  value={interval}
                  onChange={(v) => v && setInterval(v)}
                  allowDeselect={false}
                  error={problemAt(err, "intervalSeconds")}
                />
                <Switch
                  mt={30}
                  label="Sync on schedule"
                  checked={enabled}
                  onChange={(e) => setEnabled(e.currentTarget.checked)}
                />
              </Group>
            </>
          )}
          {test.data && <TestResultAlert result={test.data} />}
          <Group justify="space-between">
            <Button
              variant="default"
              onClick={() => checkLocally() && test.mutate()}
              loading={test.isPending}
              leftSection={<IconPlugConnected size={16} />}
            >
              Test connection
            </Button>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                {editing ? "Save changes" : "Save connection"}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
