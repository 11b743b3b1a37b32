import { Badge, Stack, Text } from "@mantine/core";
import type { Evidence } from "../../../api/models/evidence.ts";
import { type Column, TitleLink } from "../../../components/DataTable.tsx";
import { RelativeTime } from "../../../components/Time.tsx";
import { pieceFreshness } from "../freshness.ts";
import { formatBytes, formatPeriod } from "../labels.ts";
import { FreshnessBadge, KindLabel, SourceBadge } from "./Badges.tsx";
import { ControlLinks } from "./ControlLinks.tsx";

/** One line under the title: the file, the address, or the start of the statement. */
function summaryOf(e: Evidence): string {
  if (e.file) return `${e.file.name} · ${formatBytes(e.file.size)}`;
  if (e.url) return e.url;
  return e.statement ?? e.description;
}

/** The evidence library's columns (components/DataTable.tsx). */
export const EVIDENCE_COLUMNS: Column<Evidence>[] = [
  {
    header: "Evidence",
    cell: (e) => (
      <TitleLink
        to={`/evidence/${e.id}`}
        lineClamp={2}
        below={
          <Text size="xs" c="dimmed" lineClamp={1} style={{ wordBreak: "break-all" }}>
            {summaryOf(e)}
          </Text>
        }
      >
        {e.title}
      </TitleLink>
    ),
  },
  {
    header: "Kind",
    width: 120,
    cell: (e) => (
      <Stack gap={4} align="flex-start">
        <KindLabel kind={e.kind} />
        <SourceBadge source={e.source} />
      </Stack>
    ),
  },
  {
    header: "Collected",
    width: 150,
    cell: (e) => (
      <Stack gap={0}>
        <Text size="sm" truncate="end" maw={140}>
          {e.collectedBy?.name ?? "Assay"}
        </Text>
        <RelativeTime value={e.collectedAt} size="xs" />
      </Stack>
    ),
  },
  {
    header: "Period covered",
    width: 150,
    cell: (e) => (
      <Text size="sm" c={e.effectiveFrom || e.effectiveTo ? undefined : "dimmed"}>
        {formatPeriod(e.effectiveFrom, e.effectiveTo) ?? "No period"}
      </Text>
    ),
  },
  {
    header: "Controls",
    width: 140,
    cell: (e) =>
      e.controls.length ? (
        <ControlLinks controls={e.controls} />
      ) : (
        <Text size="sm" c="dimmed">
          None
        </Text>
      ),
  },
  {
    header: "Freshness",
    width: 105,
    cell: (e) => {
      const fresh = pieceFreshness(e);
      return <FreshnessBadge state={fresh.state} staleAt={fresh.staleAt} />;
    },
  },
  {
    header: "Version",
    width: 75,
    cell: (e) => (
      <Badge variant={e.version > 1 ? "light" : "outline"} color="gray" size="sm">
        v{e.version}
      </Badge>
    ),
  },
];
