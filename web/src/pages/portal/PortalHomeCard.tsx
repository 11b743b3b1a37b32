import { Badge, Button, Card, Group, Stack, Text } from "@mantine/core";
import { IconChecklist } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { portalKeys } from "./queries.ts";

/** Home's "your tasks" card: shown to anyone the people directory lists, with their status and the way in. */
export function PortalHomeCard() {
  const query = useQuery({ queryKey: portalKeys.me, queryFn: () => api.GET("/api/v1/portal") });
  const c = query.data?.compliance;
  if (!query.data?.person || !c) return null;
  const color = c.state === "compliant" ? "teal" : c.state === "overdue" ? "red" : "blue";
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" gap="md">
        <Group gap="md" wrap="nowrap" style={{ flex: "1 1 320px" }}>
          <IconChecklist size={28} stroke={1.6} aria-hidden />
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600}>Your tasks</Text>
              <Badge color={color} variant="light">
                {c.state === "compliant" ? "All done" : `${c.open + c.overdue} to do`}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {c.reason}
            </Text>
          </Stack>
        </Group>
        <Button component={Link} to="/portal" variant={c.state === "compliant" ? "default" : "filled"}>
          Open my tasks
        </Button>
      </Group>
    </Card>
  );
}
