import { Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { SourceConnectionSelect, SyncActions, SyncOutcome } from "../../components/ConnectionSync.tsx";
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
          <SourceConnectionSelect
            items={sources.data?.items}
            value={chosen}
            onChange={setConnectionId}
            kinds="GitHub or git"
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
            <SyncOutcome
              summary={`${r.found} ${r.found === 1 ? "change" : "changes"} from ${r.from} to ${r.to}: ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged.`}
              notes={r.warnings}
            />
          )}
          <SyncActions done={!!r} disabled={!chosen} loading={sync.isPending} onClose={close} />
        </Stack>
      </form>
    </Modal>
  );
}
