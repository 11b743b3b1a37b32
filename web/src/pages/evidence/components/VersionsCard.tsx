import { Anchor, Badge, Group, Text, Timeline } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { EvidenceDetail } from "../../../api/models/evidence.ts";
import { SectionCard } from "../../../components/SectionCard.tsx";
import { formatDateTime, RelativeTime } from "../../../components/Time.tsx";

/** The chain of corrections, newest first; the version on screen is highlighted. */
export function VersionsCard({ e, action }: { e: EvidenceDetail; action?: ReactNode }) {
  const versions = [...e.versions].sort((a, b) => b.version - a.version);
  return (
    <SectionCard
      title="Versions"
      description="Evidence is never edited: a correction is a new version, and every version stays here."
      aside={action}
    >
      <Timeline bulletSize={22} lineWidth={2} aria-label="Versions" active={0}>
        {versions.map((v) => (
          <Timeline.Item
            key={v.id}
            bullet={
              <Text size="xs" fw={700}>
                {v.version}
              </Text>
            }
            title={
              <Group gap="xs">
                {v.id === e.id ? (
                  <Text size="sm" fw={600}>
                    Version {v.version}
                  </Text>
                ) : (
                  <Anchor component={Link} to={`/evidence/${v.id}`} size="sm" fw={600}>
                    Version {v.version}
                  </Anchor>
                )}
                {v.current && (
                  <Badge size="xs" variant="light" color="teal">
                    Current
                  </Badge>
                )}
                {v.id === e.id && !v.current && (
                  <Badge size="xs" variant="light" color="gray">
                    Viewing
                  </Badge>
                )}
              </Group>
            }
          >
            <Text size="sm" mt={2}>
              {v.title}
            </Text>
            {v.correctionReason && (
              <Text size="sm" c="dimmed" mt={2}>
                Correction: {v.correctionReason}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={2} title={formatDateTime(v.createdAt)}>
              {v.collectedBy?.name ?? "Assay"} · <RelativeTime value={v.createdAt} size="xs" />
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </SectionCard>
  );
}
