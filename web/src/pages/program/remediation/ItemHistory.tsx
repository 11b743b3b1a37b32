import { Text, Timeline } from "@mantine/core";
import type { RemediationHistoryEntry, RemediationStatus } from "../../../api/models/remediation.ts";
import { formatDateTime, RelativeTime } from "../../../components/Time.tsx";
import { REMEDIATION_STATUS } from "../../../program/labels.ts";

const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

function describe(h: RemediationHistoryEntry): { title: string; detail?: string } {
  const after = obj(h.changes.after);
  const note = typeof after.note === "string" && after.note ? after.note : undefined;
  const status = REMEDIATION_STATUS[after.status as RemediationStatus]?.label;
  switch (h.action) {
    case "remediation.created":
      return { title: "Created" };
    case "remediation.status_changed":
      return { title: `Moved to ${status ?? after.status}`, detail: note };
    case "remediation.reopened":
      return { title: "Reopened", detail: note };
    case "remediation.verified":
      return { title: "Verified", detail: note };
    case "remediation.updated": {
      const fields = Object.keys(after).filter((k) => k !== "ref");
      return { title: "Edited", detail: fields.length ? `Changed ${fields.join(", ")}` : undefined };
    }
    default:
      return { title: h.action };
  }
}

/** The item's ledger entries, oldest first. */
export function ItemHistory({ history }: { history: RemediationHistoryEntry[] }) {
  return (
    <Timeline active={history.length - 1} bulletSize={14} lineWidth={2} aria-label="History">
      {history.map((h) => {
        const d = describe(h);
        return (
          <Timeline.Item key={h.seq} title={d.title}>
            {d.detail && (
              <Text size="sm" mt={2}>
                {d.detail}
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
