import { Group, Progress, Stack, Text, UnstyledButton } from "@mantine/core";
import type { CategoryId, CategoryReadiness, ReadinessLevel } from "../../api/models/program.ts";
import { CATEGORY_LABELS, percent, scoreColor } from "../../program/labels.ts";
import { LEVEL_INFO } from "../../program/levels.ts";

/**
 * Readiness per Trust Services Category at one level of proof, declared beside it as context; each bar opens its
 * explanation. Categories out of scope stay grey.
 */
export function CategoryBars({
  categories,
  level,
  onExplain,
}: {
  categories: CategoryReadiness[];
  level: ReadinessLevel;
  onExplain: (id: CategoryId) => void;
}) {
  const name = LEVEL_INFO[level].label.toLowerCase();
  return (
    <Stack gap="xs">
      {categories
        .map((all) => ({ ...all, ...all.levels[level], declared: all.levels.declared.score }))
        .map((c) => (
          <UnstyledButton key={c.id} onClick={() => onExplain(c.id)} className="assay-click-row">
            {/* Named by what it shows (WCAG 2.5.3), plus what a click does. */}
            <Group justify="space-between" mb={4} gap="xs">
              <Text size="sm" fw={500} c={c.inScope ? undefined : "dimmed"}>
                {CATEGORY_LABELS[c.id]}
              </Text>
              <Text size="sm" c="dimmed">
                {c.inScope
                  ? `${percent(c.score)} ${name} · ${c.ready}/${c.total} ready · ${percent(c.declared)} declared`
                  : "Not in scope"}
              </Text>
            </Group>
            <Progress
              value={c.inScope ? Math.max(c.score * 100, 1) : 0}
              color={scoreColor(c.score)}
              size="md"
              radius="xl"
              aria-hidden
            />
            <span className="sr-only">Explain</span>
          </UnstyledButton>
        ))}
    </Stack>
  );
}
