import { Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { SyncPreview } from "../../api/models/people.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { countsLine, PreviewResult } from "./ImportModal.tsx";

/** Sync the directory from the accounts a Google Workspace or Okta connection collected: preview, then apply. */
export function SyncModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [preview, setPreview] = useState<SyncPreview | null>(null);
  const sources = useQuery({
    queryKey: ["people", "sync-sources"],
    queryFn: () => api.GET("/api/v1/people/sync"),
    enabled: opened,
  });
  const check = useMutation({
    mutationFn: (id: string) =>
      api.POST("/api/v1/people/sync/{connectionId}/preview", { params: { path: { connectionId: id } } }),
    onSuccess: setPreview,
  });
  const run = useMutation({
    mutationFn: (id: string) =>
      api.POST("/api/v1/people/sync/{connectionId}/apply", { params: { path: { connectionId: id } } }),
    onSuccess: (r) => {
      notifySuccess(`${countsLine(r.counts, true)}.`, `Directory synced from ${r.connection.name}`);
      close();
    },
  });
  const close = () => {
    setPreview(null);
    setConnectionId(null);
    check.reset();
    run.reset();
    onClose();
  };
  const items = sources.data?.items ?? [];
  return (
    <Modal opened={opened} onClose={close} title="Sync the directory from a connection" size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          Adds the active accounts a Google Workspace or Okta connection found and marks suspended or deprovisioned ones
          as left. People entered by hand are never changed.
        </Text>
        <ErrorAlert error={sources.error ?? check.error ?? run.error} />
        {sources.isSuccess && !items.length ? (
          <Text size="sm">
            No Google Workspace or Okta connection yet.{" "}
            <Link to="/monitoring/integrations">Connect one under Integrations</Link>.
          </Text>
        ) : (
          <Select
            label="Connection"
            placeholder="Choose a connection"
            data={items.map((c) => ({ value: c.id, label: `${c.name} (${c.users} accounts)` }))}
            value={connectionId}
            onChange={(v) => {
              setConnectionId(v);
              setPreview(null);
              if (v) check.mutate(v);
            }}
          />
        )}
        {preview && <PreviewResult preview={preview} label="Sync preview" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            disabled={!preview || !connectionId}
            loading={run.isPending}
            onClick={() => connectionId && run.mutate(connectionId)}
          >
            Apply the sync
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
