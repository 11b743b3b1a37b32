import { Button, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconArrowBackUp, IconCheck, IconPlayerPlay, IconShieldCheck } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { type ItemMove, rules } from "../../../../../src/modules/remediation/policy.ts";
import { api } from "../../../api/client.ts";
import type { RemediationItem } from "../../../api/models/remediation.ts";
import { notifyError, notifySuccess } from "../../../lib/notify.ts";
import { useMembers } from "../../../program/queries.ts";
import { useCan, useSubject } from "../../../session.tsx";
import { TransitionModal } from "./TransitionModal.tsx";

const BUTTONS: Record<ItemMove, { label: string; icon: typeof IconCheck; variant: string; color?: string }> = {
  start: { label: "Start", icon: IconPlayerPlay, variant: "light" },
  done: { label: "Mark done", icon: IconCheck, variant: "light" },
  verify: { label: "Verify", icon: IconShieldCheck, variant: "light", color: "teal" },
  reopen: { label: "Reopen", icon: IconArrowBackUp, variant: "subtle", color: "gray" },
};

/** The moves an item's status allows next. */
const MOVES_FROM: Record<RemediationItem["status"], ItemMove[]> = {
  open: ["start"],
  in_progress: ["done"],
  done: ["verify", "reopen"],
  verified: ["reopen"],
};

/**
 * The next moves an item allows, as buttons (the board's keyboard-friendly alternative to dragging). A move the
 * person's role allows but this item does not (someone else's item, verifying one's own fix) shows disabled, with
 * the reason the server would give: the same record rule (policy.ts `rules.moveProblem`). `explain`: say the
 * reason in text under the buttons too (the drawer), not only in a tooltip (lists and cards).
 */
export function StatusActions({
  programId,
  item,
  size = "xs",
  explain = false,
}: {
  programId: string;
  item: RemediationItem;
  size?: "xs" | "sm";
  explain?: boolean;
}) {
  const can = useCan();
  const subject = useSubject();
  const members = useMembers();
  const reasonId = useId();
  const [move, setMove] = useState<ItemMove | null>(null);
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
  // Unknown member count: assume others could verify, as the server does in any team.
  const memberCount = members.data?.total ?? 2;
  const record = { ownerUserId: item.owner?.id ?? null, ref: item.ref };
  const buttons = MOVES_FROM[item.status]
    // A role that can never make the move sees no button for it.
    .filter((m) => can(m === "verify" ? "remediation.verify" : "remediation.update_own"))
    .map((m) => ({ move: m, ...BUTTONS[m], problem: rules.moveProblem(subject, record, m, memberCount) }));
  if (buttons.length === 0) return null;
  const problems = [...new Set(buttons.map((b) => b.problem).filter((p): p is string => !!p))];
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="nowrap">
        {buttons.map((b) => {
          const button = (
            <Button
              key={b.move}
              size={size}
              variant={b.variant}
              color={b.color}
              leftSection={<b.icon size={14} />}
              onClick={() => (b.move === "start" ? start.mutate() : setMove(b.move))}
              loading={b.move === "start" && start.isPending}
              disabled={!!b.problem}
              aria-label={`${b.label} ${item.ref}`}
              aria-describedby={b.problem && explain ? reasonId : undefined}
            >
              {b.label}
            </Button>
          );
          return b.problem ? (
            <Tooltip key={b.move} label={b.problem} multiline w={300} withArrow>
              {/* A disabled button gets no pointer events: the wrapper shows the tooltip. */}
              <span>{button}</span>
            </Tooltip>
          ) : (
            button
          );
        })}
      </Group>
      {explain && problems.length > 0 && (
        <Text id={reasonId} size="xs" c="dimmed" data-testid="move-unavailable">
          {problems.join(" ")}
        </Text>
      )}
      {move && move !== "start" && (
        <TransitionModal programId={programId} item={item} move={move} onClose={() => setMove(null)} />
      )}
    </Stack>
  );
}
