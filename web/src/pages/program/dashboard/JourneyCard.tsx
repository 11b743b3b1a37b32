import { Badge, Button, Card, Group, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconCheck, IconClock, IconPoint } from "@tabler/icons-react";
import { Link } from "react-router";
import type { JourneyStage } from "../../../api/models/program.ts";

/** Where each available stage's work happens. */
const STAGE_LINKS: Record<string, { path: string; label: string }> = {
  scope: { path: "/scope", label: "Open the scoping wizard" },
  readiness: { path: "/readiness?tab=gaps", label: "See the gaps" },
  implement: { path: "/remediation", label: "Open the remediation plan" },
  monitor: { path: "/controls?status=needs_attention", label: "See the controls that need attention" },
};

/** The certification journey, stage by stage, with what is left; stages not built yet say "coming later". */
export function JourneyCard({ programId, stages }: { programId: string; stages: JourneyStage[] }) {
  const current = stages.find((s) => s.available && !s.done);
  return (
    <Card withBorder padding="lg" h="100%" component="section" aria-label="Certification journey">
      <Title order={2} fz="md" mb="md">
        Certification journey
      </Title>
      <Stack gap={10} component="ol" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {stages.map((s, i) => {
          const link = STAGE_LINKS[s.id];
          const isCurrent = s === current;
          return (
            <Group key={s.id} component="li" gap="sm" wrap="nowrap" align="flex-start" data-testid={`stage-${s.id}`}>
              <ThemeIcon
                size={26}
                radius="xl"
                variant={s.done ? "filled" : isCurrent ? "light" : "default"}
                color={s.done ? "teal" : isCurrent ? "brand" : "gray"}
                aria-hidden
              >
                {s.done ? <IconCheck size={14} /> : s.available ? <IconPoint size={14} /> : <IconClock size={13} />}
              </ThemeIcon>
              <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                <Group gap={6}>
                  <Text size="sm" fw={isCurrent ? 700 : 500} c={s.available || s.done ? undefined : "dimmed"}>
                    {i + 1}. {s.name}
                  </Text>
                  {s.done && (
                    <Badge size="xs" color="teal" variant="light">
                      Done
                    </Badge>
                  )}
                  {!s.available && !s.done && (
                    <Badge size="xs" color="gray" variant="outline">
                      Coming later
                    </Badge>
                  )}
                </Group>
                {!s.done && s.available && s.left && (
                  <Text size="xs" c="dimmed">
                    {s.left}
                  </Text>
                )}
                {isCurrent && link && (
                  <Button
                    component={Link}
                    to={`/programs/${programId}${link.path}`}
                    size="compact-xs"
                    variant="light"
                    w="fit-content"
                    mt={4}
                  >
                    {link.label}
                  </Button>
                )}
              </Stack>
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}
