import { AreaChart } from "@mantine/charts";
import { Stack, Text } from "@mantine/core";
import dayjs from "dayjs";
import type { Interval, TestStatus } from "../../../api/models/monitoring.ts";

const MAX_POINTS = 60;
const STATUSES: TestStatus[] = ["fail", "error", "pass", "not_applicable"];
const SERIES: { name: TestStatus; label: string; color: string }[] = [
  { name: "fail", label: "Failing", color: "red.6" },
  { name: "error", label: "Error", color: "orange.6" },
  { name: "pass", label: "Passing", color: "teal.6" },
  { name: "not_applicable", label: "Not applicable", color: "gray.5" },
];

/** Counts of each status at each moment something changed (or at the end of each day, for long histories). */
export function countsOverTime(intervals: Interval[], now = Date.now()) {
  const spans = intervals.map((i) => ({
    status: i.status,
    start: Date.parse(i.startedAt),
    end: i.endedAt ? Date.parse(i.endedAt) : Number.POSITIVE_INFINITY,
  }));
  let times = [...new Set([...spans.flatMap((s) => [s.start, s.end]), now])]
    .filter((t) => Number.isFinite(t) && t <= now)
    .sort((a, b) => a - b);
  const long = times.length > MAX_POINTS;
  if (long && times.length > 0) {
    const days: number[] = [];
    for (let d = dayjs(times[0]).endOf("day"); d.valueOf() < now; d = d.add(1, "day")) days.push(d.valueOf());
    times = [...days.slice(-MAX_POINTS + 1), now];
  }
  const span = times.length ? (times[times.length - 1] ?? now) - (times[0] ?? now) : 0;
  const format = long || span > 2 * 86_400_000 ? "D MMM" : "D MMM HH:mm";
  return times.map((t) => {
    const point: Record<string, number | string> = { label: dayjs(t).format(format) };
    for (const s of STATUSES) point[s] = 0;
    for (const s of spans) if (s.start <= t && t < s.end) point[s.status] = (point[s.status] as number) + 1;
    return point;
  });
}

/** A test's results over time: how many resources failed, passed, … at each change. */
export function ResultsChart({ intervals, truncated }: { intervals: Interval[]; truncated: boolean }) {
  const data = countsOverTime(intervals);
  const last = data[data.length - 1];
  if (data.length < 2 || !last)
    return (
      <Stack h={220} align="center" justify="center">
        <Text size="sm" c="dimmed">
          No results recorded yet: the chart fills in after the first sync.
        </Text>
      </Stack>
    );
  return (
    <Stack gap={4}>
      <AreaChart
        h={220}
        data={data}
        dataKey="label"
        type="stacked"
        curveType="stepAfter"
        series={SERIES.filter((s) => data.some((p) => (p[s.name] as number) > 0))}
        withLegend
        legendProps={{ verticalAlign: "bottom", height: 40 }}
        withDots={data.length < 20}
        gridAxis="y"
        yAxisProps={{ allowDecimals: false, width: 32 }}
        fillOpacity={0.35}
        aria-label={`Results over time: now ${last.fail} failing and ${last.pass} passing`}
      />
      {truncated && (
        <Text size="xs" c="dimmed">
          Based on the latest 500 changes.
        </Text>
      )}
    </Stack>
  );
}
