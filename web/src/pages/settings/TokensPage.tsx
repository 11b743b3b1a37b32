import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Input,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconAlertTriangle, IconKey, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import type { ApiToken } from "../../api/models/account.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { DataTable, type DataTableProps } from "../../components/DataTable.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { useFormErrors } from "../../lib/form-errors.ts";
import { notifySuccess } from "../../lib/notify.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan, useSession } from "../../session.tsx";

const TOKENS_KEY = ["tokens"] as const;
const EXPIRY_OPTIONS = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "180", label: "180 days" },
  { value: "365", label: "1 year" },
];

export function TokensPage() {
  const can = useCan();
  const { organization, user } = useSession();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const { filters, list, query } = useListQuery({
    filters: ["whose"] as const,
    query: (v, paging) => ({ ...paging, all: v.whose === "all" ? ("true" as const) : undefined }),
    key: (query) => [...TOKENS_KEY, query],
    fetch: (query) => api.GET("/api/v1/tokens", { params: { query } }),
  });
  const everyone = !!query.all;
  const columns: DataTableProps<ApiToken>["columns"] = [
    {
      header: "Name",
      cell: (t) => (
        <>
          <Text size="sm" fw={500}>
            {t.name}
          </Text>
          <Text size="xs" c="dimmed" className="assay-mono">
            {t.prefix}…
          </Text>
        </>
      ),
    },
    everyone && {
      header: "Owner",
      cell: (t) => (
        <>
          <Text size="sm">{t.user.name}</Text>
          <Text size="xs" c="dimmed">
            {t.user.email}
          </Text>
        </>
      ),
    },
    {
      header: "Scope",
      cell: (t) => (
        <Badge variant="light" color={t.scope === "write" ? "orange" : "gray"}>
          {t.scope === "write" ? "Read and write" : "Read only"}
        </Badge>
      ),
    },
    { header: "Created", cell: (t) => <RelativeTime value={t.createdAt} /> },
    { header: "Last used", cell: (t) => <RelativeTime value={t.lastUsedAt} empty="Never" /> },
    {
      header: "Expires",
      cell: (t) =>
        t.revokedAt ? (
          <Badge color="gray" variant="light">
            Revoked
          </Badge>
        ) : t.expiresAt && dayjs(t.expiresAt).isBefore(dayjs()) ? (
          <Badge color="red" variant="light">
            Expired
          </Badge>
        ) : (
          <RelativeTime value={t.expiresAt} empty="Never" />
        ),
    },
    can("tokens.revoke") && {
      header: "Actions",
      hideHeader: true,
      width: 60,
      cell: (t) =>
        !t.revokedAt &&
        (t.user.id === user.id || can("tokens.manage_all")) && (
          <Tooltip label={`Revoke ${t.name}`}>
            <ActionIcon
              variant="subtle"
              color="red"
              onClick={() => setRevoking(t)}
              aria-label={`Revoke token ${t.name}`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="API tokens"
        description={`Personal tokens let scripts and the assay CLI act as you in ${organization?.name ?? "this organization"}, with your role. Use a read-only token wherever you can.`}
        actions={
          can("tokens.create") && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              Create token
            </Button>
          )
        }
      />
      <DataTable
        label="API tokens"
        query={list}
        columns={columns}
        rowKey={(t) => t.id}
        paging={filters}
        pagerOnlyWhenPaged
        noun={["token", "tokens"]}
        toolbar={
          can("tokens.manage_all") && (
            <Group>
              <SegmentedControl
                aria-label="Whose tokens"
                value={everyone ? "all" : "mine"}
                onChange={(v) => filters.set({ whose: v === "all" ? "all" : null })}
                data={[
                  { value: "mine", label: "My tokens" },
                  { value: "all", label: "Everyone's tokens" },
                ]}
              />
            </Group>
          )
        }
        empty={{
          icon: <IconKey size={26} />,
          title: everyone ? "Nobody has an API token" : "No API tokens",
          description: "Create one to use the assay CLI against this server or to call the API from a script.",
          action: can("tokens.create") && (
            <Button variant="default" onClick={() => setCreating(true)}>
              Create token
            </Button>
          ),
        }}
      />
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
      <RevokeTokenModal token={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}

function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const can = useCan();
  const mayWrite = can("tokens.write_scope");
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [days, setDays] = useState("90");
  const create = useMutation({
    mutationFn: () => api.POST("/api/v1/tokens", { body: { name: name.trim(), scope, expiresInDays: Number(days) } }),
  });
  const err = create.error;
  const errors = useFormErrors({ name, expiresInDays: days }, err, {
    name: (v) => (v.trim() ? undefined : "Name the token, so you recognise it later."),
  });
  const close = () => {
    create.reset();
    errors.reset();
    setName("");
    setScope("read");
    setDays("90");
    onClose();
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (errors.submit(e)) create.mutate();
  };
  const created = create.data;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? "Copy your new token" : "Create API token"}
      size="lg"
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Shown only once">
            Copy the token now and store it in a secret manager. Assay keeps only a hash of it and cannot show it again.
            Anyone with the token can act as you{created.scope === "read" ? " (read only)" : ""}.
          </Alert>
          <CopyField value={created.secret} label="Token" />
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              Sign the CLI in with it:
            </Text>
            {/* Focusable: on a narrow screen the command scrolls sideways, and keyboards must reach it. */}
            <Code block tabIndex={0}>{`assay login --url ${window.location.origin} --token <token>`}</Code>
          </Stack>
          <Group justify="flex-end">
            <Button
              onClick={() => {
                notifySuccess(`${created.name} is ready to use.`, "Token created");
                close();
              }}
            >
              I have copied it
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert error={err && !fieldError(err, "name") ? err : null} />
            <TextInput
              label="Name"
              description="What uses this token, so you recognise it later (e.g. CI evidence upload)."
              required
              data-autofocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.of("name")}
              maxLength={100}
            />
            <Stack gap={4}>
              <Input.Label id="token-scope-label">Scope</Input.Label>
              <SegmentedControl
                aria-labelledby="token-scope-label"
                value={scope}
                onChange={(v) => setScope(v as "read" | "write")}
                data={[
                  { value: "read", label: "Read only" },
                  { value: "write", label: "Read and write", disabled: !mayWrite },
                ]}
              />
              <Text size="xs" c="dimmed">
                {!mayWrite
                  ? "Your role gets read-only tokens."
                  : scope === "read"
                    ? "Can read what your role can read; cannot change anything."
                    : "Can do everything your role can do, including changes."}
              </Text>
            </Stack>
            <Select
              label="Expires after"
              data={EXPIRY_OPTIONS}
              value={days}
              onChange={(v) => v && setDays(v)}
              allowDeselect={false}
              error={errors.of("expiresInDays")}
              description={`On ${dayjs().add(Number(days), "day").format("D MMM YYYY")}.`}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function RevokeTokenModal({ token, onClose }: { token: ApiToken | null; onClose: () => void }) {
  const revoke = useMutation({
    mutationFn: (t: ApiToken) => api.DELETE("/api/v1/tokens/{id}", { params: { path: { id: t.id } } }),
    onSuccess: (_r, t) => {
      notifySuccess(`${t.name} no longer works.`, "Token revoked");
      onClose();
    },
  });
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <Modal opened={!!token} onClose={close} title="Revoke token?">
      {token && (
        <Stack>
          <Text size="sm">
            Anything using “{token.name}” stops working immediately. This cannot be undone; create a new token if you
            need one.
          </Text>
          <ErrorAlert error={revoke.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(token)}>
              Revoke token
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
