import { Alert, Button, Group, List, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { changeKeys } from "./labels.tsx";

/** Reads a GitHub or git connection's merged changes of a date range into the register. */
export function SyncChangesModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const sources = useQuery({
    queryKey: changeKeys.sources,
    queryFn: () => api.GET("/api/v1/changes/sources"),
    enabled: opened,
  });
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [from, setFrom] = useState(() => dayjs().subtract(90, "day").format("YYYY-MM-DD"));
  const [to, setTo] = useState(() => dayjs().format("YYYY-MM-DD"));
  const sync = useMutation({
    mutationFn: (id: string) => api.POST("/api/v1/changes/sync", { body: { connectionId: id, from, to } }),
  });
  const close = () => {
    sync.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const id = connectionId ?? sources.data?.items[0]?.id;
    if (id) sync.mutate(id);
  };
  const items = sources.data?.items ?? [];
  const chosen = connectionId ?? items[0]?.id ?? null;
  const r = sync.data;
  return (
    <Modal opened={opened} onClose={close} title="Sync changes from a connection" size="lg">
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            Reads the pull requests merged in the period (GitHub: author, approving reviews, checks) or the commits of
            the main line (git: merges, author and committer, signatures). A sync again updates what it read before and
            keeps what people added (emergency, risk, deployment).
          </Text>
          <ErrorAlert error={sources.error ?? sync.error} />
          {sources.data && !items.length && (
            <Alert color="yellow">
              No GitHub or git connection yet.{" "}
              <Link to="/monitoring/integrations">Add one under Monitoring → Integrations</Link>, then sync it here.
            </Alert>
          )}
          <Select
            label="Connection"
            required
            data={items.map((s) => ({ value: s.id, label: `${s.name} (${s.type === "github" ? "GitHub" : "git"})` }))}
            value={chosen}
            onChange={setConnectionId}
            allowDeselect={false}
            data-autofocus
          />
          <Group grow>
            <TextInput
              label="From"
              type="date"
              required
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              error={fieldError(sync.error, "from")}
            />
            <TextInput
              label="To"
              type="date"
              required
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={fieldError(sync.error, "to")}
            />
          </Group>
          {r && (
            <Alert color="teal" title="Synced" role="status">
              <Text size="sm">
                {r.found} {r.found === 1 ? "change" : "changes"} from {r.from} to {r.to}: {r.created} new, {r.updated}{" "}
                updated, {r.unchanged} unchanged.
              </Text>
              {r.warnings.length > 0 && (
                <List size="sm" mt="xs">
                  {r.warnings.map((w) => (
                    <List.Item key={w}>{w}</List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {r ? "Done" : "Cancel"}
            </Button>
            <Button type="submit" disabled={!chosen} loading={sync.isPending}>
              Sync
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
