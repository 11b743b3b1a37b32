import { Alert, Button, Code, FileButton, Group, Stack, Text } from "@mantine/core";
import { IconAlertOctagon, IconFileCheck, IconShieldCheck } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { CheckpointRecord, LedgerProblemKind, LedgerVerification } from "../../api/models/activity.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/Time.tsx";

const PROBLEM_LABELS: Record<LedgerProblemKind, string> = {
  edited: "entry edited",
  deleted: "entry deleted",
  inserted: "entry inserted",
  reordered: "entries reordered",
  forged: "entry not signed by Assay",
  truncated: "chain truncated",
  bad_signature: "checkpoint signature invalid",
  checkpoint_mismatch: "checkpoint does not match the chain",
  checkpoint_missing: "stored checkpoints deleted",
};

export const VERIFICATION_KEY = ["ledger", "verification"] as const;

export type StoredVerification = LedgerVerification;

/** The last verification result in this browser tab (the activity page highlights its first bad entry). */
export const useLastVerification = () =>
  useQuery<StoredVerification | null>({
    queryKey: VERIFICATION_KEY,
    queryFn: () => null,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });

export function VerificationResult({ result }: { result: StoredVerification }) {
  if (result.ok)
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconShieldCheck size={18} />}
        title="Ledger intact"
        role="status"
        data-testid="ledger-verified"
      >
        <Stack gap={4}>
          <Text size="sm">
            {result.entries.toLocaleString()} {result.entries === 1 ? "entry" : "entries"} and{" "}
            {result.checkpoints.toLocaleString()} signed {result.checkpoints === 1 ? "checkpoint" : "checkpoints"}{" "}
            checked {formatDateTime(result.verifiedAt)}. Every hash and signature matches.
          </Text>
          {result.headHash && (
            <Text size="xs" c="dimmed">
              Head hash <Code className="assay-mono">{result.headHash}</Code>
            </Text>
          )}
        </Stack>
      </Alert>
    );
  const p = result.firstProblem;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertOctagon size={18} />}
      title="Ledger verification failed"
      role="alert"
      data-testid="ledger-broken"
    >
      <Stack gap={4}>
        <Text size="sm">
          {p
            ? `The chain breaks at entry #${p.seq} (${PROBLEM_LABELS[p.kind] ?? p.kind}). ${p.detail}`
            : "The chain does not verify."}
        </Text>
        <Text size="xs">
          Entries from that point on cannot be trusted. Keep the database as it is and tell your administrator;
          restoring a backup or investigating direct database access is the next step.
        </Text>
      </Stack>
    </Alert>
  );
}

/** Checkpoint records from an exported or witnessed JSON Lines file (docs/ledger.md). */
async function checkpointsFromFile(file: File): Promise<CheckpointRecord[]> {
  const lines = (await file.text()).split(/\r?\n/).filter((l) => l.trim());
  try {
    return lines.map((l) => JSON.parse(l) as CheckpointRecord);
  } catch {
    throw new Error(`${file.name} is not a checkpoints file: export one with "Signed checkpoints (JSON Lines)".`);
  }
}

/**
 * "Verify ledger": recomputes the whole chain, every entry's signature and the checkpoint signatures on the server;
 * "Verify against saved checkpoints" also checks the chain still has the heads a file kept outside says it had.
 */
export function LedgerVerifyButton({ compact = false }: { compact?: boolean }) {
  const qc = useQueryClient();
  const last = useLastVerification();
  const verify = useMutation({
    mutationFn: async (file?: File) =>
      api.POST("/api/v1/ledger/verify", { body: file ? { checkpoints: await checkpointsFromFile(file) } : {} }),
    onSuccess: (r) => qc.setQueryData<StoredVerification>(VERIFICATION_KEY, r),
  });
  return (
    <Stack gap="sm">
      <Group>
        <Button
          onClick={() => verify.mutate(undefined)}
          loading={verify.isPending}
          variant={compact ? "default" : "filled"}
          leftSection={<IconShieldCheck size={16} />}
        >
          Verify ledger
        </Button>
        {!compact && (
          <FileButton onChange={(file) => file && verify.mutate(file)} accept=".jsonl,.json,application/jsonl">
            {(props) => (
              <Button
                {...props}
                variant="default"
                disabled={verify.isPending}
                leftSection={<IconFileCheck size={16} />}
              >
                Verify against saved checkpoints…
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      <ErrorAlert error={verify.error} />
      {last.data && <VerificationResult result={last.data} />}
    </Stack>
  );
}
