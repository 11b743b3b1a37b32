import { Badge, Button, Card, Checkbox, Group, List, SimpleGrid, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import type { CategoryId } from "../../../api/models/program.ts";
import { CATEGORY_LABELS, COMPONENT_KINDS, COMPONENT_LABELS } from "../../../program/labels.ts";
import { periodLabel } from "../period.ts";
import type { Draft } from "./draft.ts";
import { PeriodAdvice } from "./PeriodStep.tsx";

function Section({
  title,
  step,
  onEdit,
  children,
}: {
  title: string;
  step: number;
  onEdit: (s: number) => void;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Button
          variant="subtle"
          size="compact-xs"
          onClick={() => onEdit(step)}
          aria-label={`Edit ${title.toLowerCase()}`}
        >
          Edit
        </Button>
      </Group>
      {children}
    </Card>
  );
}

const Items = ({ items, empty = "None" }: { items: string[]; empty?: string }) =>
  items.length ? (
    <List size="sm" spacing={2}>
      {items.map((i) => (
        <List.Item key={i}>{i}</List.Item>
      ))}
    </List>
  ) : (
    <Text size="sm" c="dimmed">
      {empty}
    </Text>
  );

/** Library controls of the categories added in this wizard, adopted with "Finish scoping" when checked. */
export interface AdoptOffer {
  categories: CategoryId[];
  count: number;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** Everything the wizard collected, each part with a way back to its step. */
export function ReviewStep({
  draft,
  onEdit,
  adopt,
}: {
  draft: Draft;
  onEdit: (step: number) => void;
  adopt?: AdoptOffer | null;
}) {
  const s = draft.scope;
  const components = COMPONENT_KINDS.filter((k) => s.components[k].length > 0);
  return (
    <Stack gap="md">
      <PeriodAdvice draft={draft} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section title="Report and period" step={1} onEdit={onEdit}>
          <Text size="sm">{periodLabel(draft)}</Text>
        </Section>
        <Section title="Categories" step={2} onEdit={onEdit}>
          <Group gap={6}>
            {["security" as const, ...draft.categories.filter((c) => c !== "security")].map((c) => (
              <Badge key={c} variant="light">
                {CATEGORY_LABELS[c]}
              </Badge>
            ))}
          </Group>
          {adopt && (
            <Checkbox
              mt="sm"
              checked={adopt.checked}
              onChange={(e) => adopt.onChange(e.currentTarget.checked)}
              label={`Adopt the ${adopt.count} library controls for the added categories`}
              description={`${adopt.categories.map((c) => CATEGORY_LABELS[c]).join(", ")}: adopted when you finish scoping, not started and unassigned.`}
            />
          )}
        </Section>
        <Section title="System" step={3} onEdit={onEdit}>
          <Stack gap="xs">
            <Text size="sm" c={s.services ? undefined : "dimmed"}>
              {s.services || "Services not described yet."}
            </Text>
            <Text size="xs" c="dimmed">
              {s.commitments.length} commitment(s), {s.systemRequirements.length} system requirement(s)
              {components.length > 0 &&
                ` · components: ${components.map((k) => `${COMPONENT_LABELS[k].label} (${s.components[k].length})`).join(", ")}`}
            </Text>
            {s.boundaries && <Text size="xs">Boundaries: {s.boundaries}</Text>}
          </Stack>
        </Section>
        <Section title="Subservice organizations" step={4} onEdit={onEdit}>
          <Items
            items={s.subserviceOrganizations
              .filter((o) => o.name.trim())
              .map(
                (o) =>
                  `${o.name} — ${o.method === "carve_out" ? "carve-out" : "inclusive"}${o.expectedControls.length ? `, ${o.expectedControls.length} expected control(s)` : ""}`,
              )}
          />
        </Section>
        <Section title="Customer responsibilities" step={5} onEdit={onEdit}>
          <Items items={s.userEntityControls.filter((u) => u.description.trim()).map((u) => u.description)} />
        </Section>
      </SimpleGrid>
    </Stack>
  );
}
