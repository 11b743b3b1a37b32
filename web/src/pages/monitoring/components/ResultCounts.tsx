import { Badge, Group, Tooltip } from "@mantine/core";
import type { StatusCounts, TestSummary } from "../../../api/models/monitoring.ts";
import { TEST_STATUS } from "../labels.ts";

/** Where a test stands now, for summary tiles and the status filter. */
export type TestState = "failing" | "excepted" | "passing" | "not_applicable" | "no_results" | "disabled";

export function testState(t: Pick<TestSummary, "enabled" | "counts">): TestState {
  const c = t.counts;
  if (!t.enabled) return "disabled";
  if (c.fail + c.error > 0) return "failing";
  if (c.excepted > 0) return "excepted";
  if (c.pass > 0) return "passing";
  if (c.not_applicable > 0) return "not_applicable";
  return "no_results";
}

const ORDER: (keyof StatusCounts)[] = ["fail", "error", "excepted", "pass", "not_applicable"];

/** "1 failing · 2 passing …": only the non-zero counts, each in its status colour. */
export function ResultCounts({ counts }: { counts: StatusCounts }) {
  const shown = ORDER.filter((k) => counts[k] > 0);
  if (shown.length === 0)
    return (
      <Badge variant="outline" color="gray" size="sm">
        No results
      </Badge>
    );
  return (
    <Group gap={4}>
      {shown.map((k) => (
        <Tooltip
          key={k}
          label={`${counts[k]} resource${counts[k] === 1 ? "" : "s"} ${TEST_STATUS[k].label.toLowerCase()}`}
          openDelay={300}
        >
          <Badge variant="light" color={TEST_STATUS[k].color} size="sm" data-count={k}>
            {counts[k]} {TEST_STATUS[k].label.toLowerCase()}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
