import { Modal, Stack, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { SourceConnectionSelect, SyncActions, SyncOutcome } from "../../components/ConnectionSync.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { vulnerabilityKeys } from "./labels.ts";

const SOURCE_LABELS: Record<string, string> = {
  "github-code-scanning": "Code scanning",
  "github-dependabot": "Dependabot",
};

/** Reads a GitHub connection's open code scanning and Dependabot alerts into the register, like a report. */
export function SyncGithubModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const sources = useQuery({
    queryKey: vulnerabilityKeys.sources,
    queryFn: () => api.GET("/api/v1/vulnerabilities/sources"),
    enabled: opened,
  });
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const sync = useMutation({
    mutationFn: (id: string) => api.POST("/api/v1/vulnerabilities/sync", { body: { connectionId: id } }),
  });
  const items = sources.data?.items;
  const chosen = connectionId ?? items?.[0]?.id ?? null;
  const close = () => {
    sync.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen) sync.mutate(chosen);
  };
  const r = sync.data;
  return (
    <Modal opened={opened} onClose={close} title="Sync from GitHub" size="lg">
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            Reads the organization's open code scanning and Dependabot alerts. New alerts are added with a fix-by date
            from their severity; findings whose alert is no longer open on GitHub (fixed or dismissed) are resolved; an
            alert opened again reopens its finding.
          </Text>
          <ErrorAlert error={sources.error ?? sync.error} />
          <SourceConnectionSelect items={items} value={chosen} onChange={setConnectionId} kinds="GitHub" />
          {r && (
            <SyncOutcome
              warn={r.unavailable.length > 0}
              summary={`${r.findings} open ${r.findings === 1 ? "alert" : "alerts"}: ${r.created} new, ${r.reseen} seen again, ${r.reopened} reopened, ${r.resolved} resolved.`}
              notes={r.unavailable.map((u) => (
                <>
                  <b>{SOURCE_LABELS[u.source] ?? u.source} skipped:</b> {u.reason}
                </>
              ))}
            />
          )}
          <SyncActions done={!!r} disabled={!chosen} loading={sync.isPending} onClose={close} />
        </Stack>
      </form>
    </Modal>
  );
}
