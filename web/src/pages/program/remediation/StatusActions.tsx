import { Button, Group } from "@mantine/core";
import { IconArrowBackUp, IconCheck, IconPlayerPlay, IconShieldCheck } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../../api/client.ts";
import type { RemediationItem } from "../../../api/models/remediation.ts";
import { notifyError, notifySuccess } from "../../../lib/notify.ts";
import { useCan, useSession } from "../../../session.tsx";
import { type Move, TransitionModal } from "./TransitionModal.tsx";

/** The next moves an item allows, as buttons (the board's keyboard-friendly alternative to dragging). */
export function StatusActions({
  programId,
  item,
  size = "xs",
}: {
  programId: string;
  item: RemediationItem;
  size?: "xs" | "sm";
}) {
  const can = useCan();
  const { user } = useSession();
  const [move, setMove] = useState<Move | null>(null);
  // Starting needs no note: one click.
  const start = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/programs/{programId}/remediation/{id}/status", {
        params: { path: { programId, id: item.id } },
        body: { status: "in_progress" },
      }),
    onSuccess: () => notifySuccess(`${item.ref} started.`),
    onError: (err) => notifyError(err, `${item.ref} not started`),
  });
  const mayMove = can("remediation.manage") || (can("remediation.update_own") && item.owner?.id === user.id);
  const mayVerify = can("remediation.verify");
  const buttons: { move: Move; label: string; icon: typeof IconCheck; variant: string; color?: string }[] = [];
  if (mayMove && item.status === "open")
    buttons.push({ move: "start", label: "Start", icon: IconPlayerPlay, variant: "light" });
  if (mayMove && item.status === "in_progress")
    buttons.push({ move: "done", label: "Mark done", icon: IconCheck, variant: "light" });
  if (mayVerify && item.status === "done")
    buttons.push({ move: "verify", label: "Verify", icon: IconShieldCheck, variant: "light", color: "teal" });
  if (mayMove && (item.status === "done" || item.status === "verified"))
    buttons.push({ move: "reopen", label: "Reopen", icon: IconArrowBackUp, variant: "subtle", color: "gray" });
  if (buttons.length === 0) return null;
  return (
    <>
      <Group gap={6} wrap="nowrap">
        {buttons.map((b) => (
          <Button
            key={b.move}
            size={size}
            variant={b.variant}
            color={b.color}
            leftSection={<b.icon size={14} />}
            onClick={() => (b.move === "start" ? start.mutate() : setMove(b.move))}
            loading={b.move === "start" && start.isPending}
            aria-label={`${b.label} ${item.ref}`}
          >
            {b.label}
          </Button>
        ))}
      </Group>
      {move && <TransitionModal programId={programId} item={item} move={move} onClose={() => setMove(null)} />}
    </>
  );
}
