import { Box, Group, Stack, Text, Tooltip, UnstyledButton } from "@mantine/core";
import type { CriteriaContent, CriterionReadiness, ReadinessLevel } from "../../api/models/program.ts";
import { CATEGORY_LABELS, percent, scoreColor } from "../../program/labels.ts";
import { LEVEL_INFO, LEVELS } from "../../program/levels.ts";

const LEGEND = [
  { label: "0%", color: "red", ready: false },
  { label: "1–49%", color: "orange", ready: false },
  { label: "50–74%", color: "yellow", ready: false },
  { label: "75–99%", color: "lime", ready: false },
  { label: "Ready", color: "teal", ready: true },
];

/** Not-ready cells are tinted (calm, readable in both themes); ready ones are solid so progress stands out. */
const cellStyle = (color: string, ready: boolean) =>
  ready
    ? { background: `var(--mantine-color-${color}-filled)`, color: "var(--mantine-color-white)" }
    : {
        background: `var(--mantine-color-${color}-light)`,
        color: `var(--mantine-color-${color}-light-color)`,
        boxShadow: `inset 0 0 0 1px var(--mantine-color-${color}-outline)`,
      };

/** What a criterion's cell says: its score at each level, and what the coloured level still waits on. */
function cellTip(c: CriterionReadiness, title: string, level: ReadinessLevel) {
  if (c.state === "not_relevant") return `${c.id} ${title} — not relevant: ${c.reason}`;
  const scores = LEVELS.map((l) => `${LEVEL_INFO[l].label.toLowerCase()} ${percent(c.levels[l].score)}`)
    .reverse()
    .join(", ");
  const at = c.levels[level];
  const why =
    c.applicable === 0
      ? c.reason
      : at.pending.length
        ? `not yet ${LEVEL_INFO[level].label.toLowerCase()}: ${at.pending.join(", ")}.`
        : `all ${c.applicable} applicable control(s) are ${LEVEL_INFO[level].label.toLowerCase()}.`;
  return `${c.id} ${title} — ${scores}; ${why}`;
}

function Cell({
  c,
  title,
  level,
  onSelect,
}: {
  c: CriterionReadiness;
  title: string;
  level: ReadinessLevel;
  onSelect: (id: string) => void;
}) {
  const relevant = c.state !== "not_relevant";
  const color = scoreColor(c.levels[level].score);
  const ready = c.levels[level].state === "ready";
  const tip = cellTip(c, title, level);
  return (
    <Tooltip label={tip} multiline w={300} openDelay={150}>
      <UnstyledButton
        className="assay-heat-cell"
        data-relevant={relevant}
        data-state={c.state}
        data-level-state={c.levels[level].state}
        style={relevant ? cellStyle(color, ready) : undefined}
        onClick={() => onSelect(c.id)}
        aria-label={`${tip}. Explain`}
        data-testid={`heat-${c.id}`}
      >
        {c.id}
      </UnstyledButton>
    </Tooltip>
  );
}

/**
 * The 61 criteria as a grid, one row per series, coloured by readiness at one level of proof. Criteria outside the
 * scope are grey, with the reason on hover. Every cell opens its explanation.
 */
export function CriteriaHeatmap({
  content,
  criteria,
  level,
  onSelect,
  compact,
}: {
  content: CriteriaContent;
  criteria: CriterionReadiness[];
  level: ReadinessLevel;
  onSelect: (id: string) => void;
  compact?: boolean;
}) {
  const byId = new Map(criteria.map((c) => [c.id, c]));
  const titles = new Map(content.criteria.map((c) => [c.id, c.title]));
  const cells = (series: string) =>
    content.criteria
      .filter((c) => c.series === series)
      .map((c) => {
        const r = byId.get(c.id);
        return r ? <Cell key={c.id} c={r} title={titles.get(c.id) ?? ""} level={level} onSelect={onSelect} /> : null;
      });
  return (
    <Stack gap="md" role="group" aria-label="Criteria heat map">
      {content.categories.map((cat) => {
        const series = content.series.filter((s) => s.category === cat.id);
        return (
          <Box key={cat.id}>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={6} style={{ letterSpacing: "0.05em" }}>
              {CATEGORY_LABELS[cat.id]}
            </Text>
            {compact ? (
              <Group gap="md" align="flex-start">
                {series.map((s) => (
                  <Stack key={s.id} gap={2}>
                    <Text size="xs" c="dimmed" fw={600} title={s.name}>
                      {s.id}
                    </Text>
                    <Group gap={4}>{cells(s.id)}</Group>
                  </Stack>
                ))}
              </Group>
            ) : (
              <Stack gap={6}>
                {series.map((s) => (
                  <Group key={s.id} gap="sm" wrap="nowrap" align="flex-start">
                    <Text size="xs" c="dimmed" w={240} pt={6} style={{ flexShrink: 0 }} truncate="end" title={s.name}>
                      <b>{s.id}</b> · {s.name}
                    </Text>
                    <Group gap={4} wrap="wrap">
                      {cells(s.id)}
                    </Group>
                  </Group>
                ))}
              </Stack>
            )}
          </Box>
        );
      })}
      <Group gap="md" mt={4} role="group" aria-label="Legend">
        <Text size="xs" fw={600} data-testid="heatmap-level">
          Share of controls {LEVEL_INFO[level].label.toLowerCase()}:
        </Text>
        {LEGEND.map((l) => (
          <Group key={l.label} gap={6}>
            <Box className="assay-heat-swatch" style={cellStyle(l.color, l.ready)} />
            <Text size="xs" c="dimmed">
              {l.label}
            </Text>
          </Group>
        ))}
        <Group gap={6}>
          <Box className="assay-heat-swatch" data-relevant="false" />
          <Text size="xs" c="dimmed">
            Not relevant
          </Text>
        </Group>
      </Group>
    </Stack>
  );
}
