import { Group, Progress, Stack, Text, UnstyledButton } from "@mantine/core";
import type { CategoryId, CategoryReadiness } from "../../api/models/program.ts";
import { CATEGORY_LABELS, percent, scoreColor } from "../../program/labels.ts";

/** Readiness per Trust Services Category; each bar opens its explanation. Categories out of scope stay grey. */
export function CategoryBars({
  categories,
  onExplain,
}: {
  categories: CategoryReadiness[];
  onExplain: (id: CategoryId) => void;
}) {
  return (
    <Stack gap="xs">
      {categories.map((c) => (
        <UnstyledButton
          key={c.id}
          onClick={() => onExplain(c.id)}
          className="assay-click-row"
          aria-label={
            c.inScope
              ? `${CATEGORY_LABELS[c.id]}: ${percent(c.score)}, ${c.ready} of ${c.total} criteria ready. Explain`
              : `${CATEGORY_LABELS[c.id]}: not in scope. Explain`
          }
        >
          <Group justify="space-between" mb={4} gap="xs">
            <Text size="sm" fw={500} c={c.inScope ? undefined : "dimmed"}>
              {CATEGORY_LABELS[c.id]}
            </Text>
            <Text size="sm" c="dimmed">
              {c.inScope ? `${percent(c.score)} · ${c.ready}/${c.total} ready` : "Not in scope"}
            </Text>
          </Group>
          <Progress
            value={c.inScope ? Math.max(c.score * 100, 1) : 0}
            color={scoreColor(c.score)}
            size="md"
            radius="xl"
            aria-hidden
          />
        </UnstyledButton>
      ))}
    </Stack>
  );
}
