import { Badge, Checkbox, Group, Paper, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import type { CategoryId } from "../../../api/models/program.ts";
import { CATEGORY_LABELS } from "../../../program/labels.ts";
import { useCriteria } from "../../../program/queries.ts";
import type { Draft, SetDraft } from "./draft.ts";

export function CategoriesStep({ draft, set, controlCount }: { draft: Draft; set: SetDraft; controlCount: number }) {
  const content = useCriteria();
  if (!content.data) return <Skeleton h={300} />;
  const chosen = new Set<CategoryId>(["security", ...draft.categories]);
  const toggle = (id: CategoryId, on: boolean) =>
    set({ categories: on ? [...draft.categories, id] : draft.categories.filter((c) => c !== id) });
  const dropped = content.data.criteria.filter((c) => !chosen.has(c.category));
  const counted = content.data.criteria.length - dropped.length;
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Security (the common criteria) is in every SOC 2 report. Add another category only when you make commitments
        about it to customers — each adds criteria the auditor will test.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {content.data.categories.map((cat) => {
          const n = content.data.criteria.filter((c) => c.category === cat.id).length;
          return (
            <Paper key={cat.id} withBorder p="md" data-checked={chosen.has(cat.id)}>
              <Checkbox
                checked={chosen.has(cat.id)}
                disabled={cat.required}
                onChange={(e) => toggle(cat.id, e.currentTarget.checked)}
                label={
                  <Group gap="xs">
                    <Text fw={600} size="sm">
                      {CATEGORY_LABELS[cat.id]}
                    </Text>
                    <Badge size="xs" variant="light" color="gray">
                      {n} criteria
                    </Badge>
                    {cat.required && (
                      <Badge size="xs" variant="light">
                        Always included
                      </Badge>
                    )}
                  </Group>
                }
                description={cat.description}
              />
            </Paper>
          );
        })}
      </SimpleGrid>
      <Paper withBorder p="md" bg="var(--assay-surface)" aria-live="polite">
        <Text size="sm" fw={600}>
          {counted} criteria in scope
          {dropped.length > 0 && `, ${dropped.length} not relevant`}
        </Text>
        {dropped.length > 0 && (
          <>
            <Text size="xs" c="dimmed" mt={4} mb={6}>
              These criteria drop out as “not relevant” and do not count towards readiness:
            </Text>
            <Group gap={4} data-testid="dropped-criteria">
              {dropped.map((c) => (
                <Badge key={c.id} variant="outline" color="gray" size="sm" className="assay-mono-badge" title={c.title}>
                  {c.id}
                </Badge>
              ))}
            </Group>
          </>
        )}
        {controlCount > 0 && (
          <Text size="xs" c="dimmed" mt="sm">
            Adding a category later? Adopt its library controls from Controls → Adopt library controls.
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
