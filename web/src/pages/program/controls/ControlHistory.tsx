import { Text, Timeline } from "@mantine/core";
import { IconClipboardCheck, IconUser } from "@tabler/icons-react";
import type { ControlHistoryEntry } from "../../../api/models/program.ts";
import { ControlStatusBadge } from "../../../components/program/StatusBadges.tsx";
import { formatDateTime, RelativeTime } from "../../../components/Time.tsx";

const SOURCE: Record<string, string> = { manual: "set by hand", self_assessment: "from the self-assessment" };

/** Every status change of a control, newest first, with who made it and why. */
export function ControlHistory({ history }: { history: ControlHistoryEntry[] }) {
  if (history.length === 0)
    return (
      <Text size="sm" c="dimmed">
        The status has not changed since the control was added.
      </Text>
    );
  return (
    <Timeline active={0} bulletSize={24} lineWidth={2} aria-label="Status history">
      {history.map((h) => (
        <Timeline.Item
          key={`${h.at}-${h.status}`}
          bullet={h.source === "self_assessment" ? <IconClipboardCheck size={13} /> : <IconUser size={13} />}
          title={<ControlStatusBadge status={h.status} />}
        >
          <Text size="sm" mt={4}>
            {h.reason}
          </Text>
          <Text size="xs" c="dimmed" mt={2} title={formatDateTime(h.at)}>
            {h.actor ?? "Assay"} · {SOURCE[h.source] ?? h.source} · <RelativeTime value={h.at} size="xs" />
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
