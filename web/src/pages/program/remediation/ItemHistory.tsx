import { Text, Timeline } from "@mantine/core";
import type { RemediationHistoryEntry } from "../../../api/models/remediation.ts";
import { formatDateTime, RelativeTime } from "../../../components/Time.tsx";

/** The item's ledger entries, oldest first, in the words the server gives them (field labels, people's names). */
export function ItemHistory({ history }: { history: RemediationHistoryEntry[] }) {
  return (
    <Timeline active={history.length - 1} bulletSize={14} lineWidth={2} aria-label="History">
      {history.map((h) => {
        return (
          <Timeline.Item key={h.seq} title={h.title}>
            {h.detail && (
              <Text size="sm" mt={2} style={{ whiteSpace: "pre-wrap" }}>
                {h.detail}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={2} title={formatDateTime(h.at)}>
              {h.actorLabel ?? "Assay"} · <RelativeTime value={h.at} size="xs" />
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
