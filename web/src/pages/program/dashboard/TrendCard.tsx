import { LineChart } from "@mantine/charts";
import { Card, Stack, Text, Title } from "@mantine/core";
import dayjs from "dayjs";
import type { ReadinessLevel, ScoreSummary, TrendPoint } from "../../../api/models/program.ts";
import { LEVEL_INFO, LEVELS } from "../../../program/levels.ts";

const pct = (score: number | undefined) => (score === undefined ? null : Math.round(score * 100));

/**
 * Daily readiness snapshots, one line per level of proof (the headline drawn solid, the others dashed), with
 * today's live scores as the last point. Days recorded before levels existed have no point.
 */
export function TrendCard({
  trend,
  today,
  headline,
}: {
  trend: TrendPoint[];
  today: ScoreSummary;
  headline: ReadinessLevel;
}) {
  const day = dayjs().format("YYYY-MM-DD");
  const points = [
    ...trend
      .filter((p) => p.day !== day)
      .map((p) => ({ day: p.day, ...Object.fromEntries(LEVELS.map((l) => [l, pct(p.levels?.[l].overall)])) })),
    { day, ...Object.fromEntries(LEVELS.map((l) => [l, pct(today.levels[l].score)])) },
  ].map((p) => ({ ...p, label: dayjs(p.day).format("D MMM") }));
  const name = LEVEL_INFO[headline].label.toLowerCase();
  const now = pct(today.levels[headline].score) ?? 0;
  return (
    <Card withBorder padding="lg" h="100%" component="section" aria-label="Readiness trend">
      <Title order={2} fz="md" mb={4}>
        Readiness over time
      </Title>
      <Text size="xs" c="dimmed" mb="md">
        {points.length > 1
          ? `Daily snapshots over the last ${points.length} days; the solid line is the ${name} headline.`
          : "Assay records a snapshot every day; the lines appear from the second day."}
      </Text>
      {points.length < 2 ? (
        <Stack align="center" justify="center" h={200} gap={4}>
          <Text fz={36} fw={700} lh={1}>
            {now}%
          </Text>
          <Text size="sm" c="dimmed">
            {name} today · declared {pct(today.levels.declared.score)}%
          </Text>
        </Stack>
      ) : (
        <LineChart
          h={200}
          data={points}
          dataKey="label"
          series={LEVELS.map((l) => ({
            name: l,
            label: LEVEL_INFO[l].label,
            color: `${LEVEL_INFO[l].color}.6`,
            strokeDasharray: l === headline ? undefined : "5 4",
          }))}
          withLegend
          legendProps={{ verticalAlign: "bottom", height: 28 }}
          yAxisProps={{ domain: [0, 100], width: 40 }}
          valueFormatter={(v) => `${v}%`}
          curveType="monotone"
          connectNulls={false}
          withDots={points.length < 20}
          gridAxis="y"
          aria-label={`Readiness trend, ${name} now ${now}%, declared ${pct(today.levels.declared.score)}%`}
        />
      )}
    </Card>
  );
}
