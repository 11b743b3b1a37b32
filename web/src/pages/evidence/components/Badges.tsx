import { Badge, Group, Text, Tooltip } from "@mantine/core";
import type { EvidenceKind, EvidenceSource } from "../../../api/models/evidence.ts";
import { FRESHNESS, type FreshnessState, formatDay, KIND, SOURCE } from "../labels.ts";

export function KindLabel({ kind }: { kind: EvidenceKind }) {
  const k = KIND[kind];
  return (
    <Group gap={6} wrap="nowrap">
      <k.icon size={16} stroke={1.7} />
      <Text size="sm">{k.label}</Text>
    </Group>
  );
}

export function SourceBadge({ source }: { source: EvidenceSource }) {
  const s = SOURCE[source];
  return (
    <Tooltip label={s.hint} openDelay={300}>
      <Badge variant="outline" color="gray" size="sm" tt="none">
        {s.label}
      </Badge>
    </Tooltip>
  );
}

/** Current / due soon / stale, with the day it goes (or went) stale in the tooltip. */
export function FreshnessBadge({
  state,
  staleAt,
  size = "sm",
}: {
  state: FreshnessState;
  staleAt?: string | null;
  size?: "sm" | "md";
}) {
  const f = FRESHNESS[state];
  const when =
    staleAt && (state === "current" || state === "due_soon")
      ? `Goes stale on ${formatDay(staleAt)}.`
      : staleAt && state === "stale"
        ? `Stale since ${formatDay(staleAt)}.`
        : "";
  return (
    <Tooltip label={`${f.hint}${when ? ` ${when}` : ""}`} openDelay={300} multiline maw={280}>
      <Badge color={f.color} variant="light" size={size} data-freshness={state}>
        {f.label}
      </Badge>
    </Tooltip>
  );
}
