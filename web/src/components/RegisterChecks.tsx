import { Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { RegisterCheck } from "../api/models/assets.ts";

const STATE = {
  met: { label: "Met", color: "teal" },
  not_met: { label: "Not met", color: "red" },
  lapsed: { label: "Lapsed", color: "orange" },
} as const;

/** What a register tells its controls now: one line per control, its state and the reason in words. */
export function RegisterChecks({ title, items }: { title: string; items: readonly RegisterCheck[] }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      <Title order={2} fz="md" mb="sm">
        {title}
      </Title>
      <Stack gap="sm">
        {items.map((c) => (
          <Group key={c.key} gap="sm" wrap="nowrap" align="flex-start" data-testid={`check-${c.key}`}>
            <Badge variant="light" color={STATE[c.state].color} w={80} style={{ flex: "none" }}>
              {STATE[c.state].label}
            </Badge>
            <Stack gap={0}>
              <Text size="sm" fw={600}>
                <span className="assay-mono">{c.key}</span> {c.label}
              </Text>
              <Text size="sm" c="dimmed">
                {c.reason}
              </Text>
            </Stack>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
