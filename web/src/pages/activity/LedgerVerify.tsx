import { Alert, Button, Code, Group, Stack, Text } from "@mantine/core";
import { IconAlertOctagon, IconShieldCheck } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { LedgerProblemKind, LedgerVerification } from "../../api/models/activity.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/Time.tsx";

const PROBLEM_LABELS: Record<LedgerProblemKind, string> = {
  edited: "entry edited",
  deleted: "entry deleted",
  inserted: "entry inserted",
  reordered: "entries reordered",
  truncated: "chain truncated",
  bad_signature: "checkpoint signature invalid",
  checkpoint_mismatch: "checkpoint does not match the chain",
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

/** "Verify ledger": recomputes the whole chain and the checkpoint signatures on the server. */
export function LedgerVerifyButton({ compact = false }: { compact?: boolean }) {
  const qc = useQueryClient();
  const last = useLastVerification();
  const verify = useMutation({
    mutationFn: () => api.POST("/api/v1/ledger/verify", { body: {} }),
    onSuccess: (r) => qc.setQueryData<StoredVerification>(VERIFICATION_KEY, r),
  });
  return (
    <Stack gap="sm">
      <Group>
        <Button
          onClick={() => verify.mutate()}
          loading={verify.isPending}
          variant={compact ? "default" : "filled"}
          leftSection={<IconShieldCheck size={16} />}
        >
          Verify ledger
        </Button>
      </Group>
      <ErrorAlert error={verify.error} />
      {last.data && <VerificationResult result={last.data} />}
    </Stack>
  );
}
