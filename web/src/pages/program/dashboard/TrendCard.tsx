import { LineChart } from "@mantine/charts";
import { Card, Stack, Text, Title } from "@mantine/core";
import dayjs from "dayjs";
import type { ScoreSummary, TrendPoint } from "../../../api/models/program.ts";

/** Daily readiness snapshots, with today's live score as the last point. */
export function TrendCard({ trend, today }: { trend: TrendPoint[]; today: ScoreSummary }) {
  const day = dayjs().format("YYYY-MM-DD");
  const points = [
    ...trend.filter((p) => p.day !== day).map((p) => ({ day: p.day, score: Math.round(p.overall * 100) })),
    { day, score: Math.round(today.score * 100) },
  ].map((p) => ({ ...p, label: dayjs(p.day).format("D MMM") }));
  return (
    <Card withBorder padding="lg" h="100%" component="section" aria-label="Readiness trend">
      <Title order={2} fz="md" mb={4}>
        Readiness over time
      </Title>
      <Text size="xs" c="dimmed" mb="md">
        {points.length > 1
          ? `Daily snapshots over the last ${points.length} days.`
          : "Assay records a snapshot every day; the line appears from the second day."}
      </Text>
      {points.length < 2 ? (
        <Stack align="center" justify="center" h={200} gap={4}>
          <Text fz={36} fw={700} lh={1}>
            {points[0]?.score ?? 0}%
          </Text>
          <Text size="sm" c="dimmed">
            ready today
          </Text>
        </Stack>
      ) : (
        <LineChart
          h={200}
          data={points}
          dataKey="label"
          series={[{ name: "score", label: "Readiness", color: "brand.6" }]}
          yAxisProps={{ domain: [0, 100], width: 40 }}
          valueFormatter={(v) => `${v}%`}
          curveType="monotone"
          withDots={points.length < 20}
          gridAxis="y"
          aria-label={`Readiness trend, now ${points[points.length - 1]?.score ?? 0}%`}
        />
      )}
    </Card>
  );
}
