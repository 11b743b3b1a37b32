import { Badge, Group, Text } from "@mantine/core";
import type { ChangeRecord } from "../../api/models/changes.ts";

export const SOURCES = ["manual", "github", "git"] as const;
export const SOURCE_LABELS: Record<(typeof SOURCES)[number], string> = {
  manual: "By hand",
  github: "GitHub",
  git: "git",
};
export const STATUSES = ["proposed", "approved", "merged", "deployed", "rolled_back", "cancelled"] as const;
export const STATUS_LABELS: Record<(typeof STATUSES)[number], string> = {
  proposed: "Proposed",
  approved: "Approved",
  merged: "Merged",
  deployed: "Deployed",
  rolled_back: "Rolled back",
  cancelled: "Cancelled",
};

export const changeKeys = {
  all: ["changes"] as const,
  list: (query: unknown) => ["changes", "list", query] as const,
  one: (id: string) => ["changes", "one", id] as const,
  population: (from: string, to: string) => ["changes", "population", from, to] as const,
  sources: ["changes", "sources"] as const,
  settings: ["changes", "settings"] as const,
};

/** A change's flags as badges; "Reviewed" when it has none worth a word. */
export function ChangeFlagBadges({ c }: { c: Pick<ChangeRecord, "flags" | "emergency" | "emergencyState"> }) {
  const f = c.flags;
  const badges = [
    f.unreviewed && (
      <Badge key="u" color="red" variant="light">
        Unreviewed
      </Badge>
    ),
    c.emergency && (
      <Badge
        key="e"
        color={
          c.emergencyState === "overdue" || c.emergencyState === "approved_late"
            ? "red"
            : c.emergencyState === "approved"
              ? "teal"
              : "orange"
        }
        variant="light"
      >
        {c.emergencyState === "overdue"
          ? "Emergency: not approved"
          : c.emergencyState === "pending"
            ? "Emergency: awaiting approval"
            : c.emergencyState === "approved_late"
              ? "Emergency: approved late"
              : "Emergency: approved"}
      </Badge>
    ),
    f.unsigned && (
      <Badge key="s" color="gray" variant="light">
        Unsigned
      </Badge>
    ),
    f.checksFailed && (
      <Badge key="c" color="red" variant="outline">
        Checks failed
      </Badge>
    ),
  ].filter(Boolean);
  if (!badges.length)
    return (
      <Text size="xs" c="dimmed">
        No flags
      </Text>
    );
  return (
    <Group gap={4} wrap="wrap">
      {badges}
    </Group>
  );
}

/** "Ada Lovelace <ada@x.test>" → "Ada Lovelace". */
export const personName = (who: string) => who.replace(/\s*<[^<>]*>\s*$/, "") || who;

/** Who reviewed a change, in a few words: its independent approvers, a git committer other than the author, or nobody. */
export function reviewedBy(
  c: Pick<ChangeRecord, "independentApprovals" | "source" | "committer" | "flags" | "mergedAt" | "deployedAt">,
) {
  if (c.independentApprovals.length) return c.independentApprovals.map((a) => personName(a.by)).join(", ");
  if (c.source === "git" && c.committer && !c.flags.unreviewed) return `committed by ${personName(c.committer)}`;
  return c.mergedAt || c.deployedAt ? "Nobody else" : "Not yet";
}
