import { Anchor, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDay } from "../../components/Time.tsx";
import { useCan } from "../../session.tsx";
import { ASSET_KINDS, assetKeys, CLASSIFICATION_COLORS, CLASSIFICATION_LABELS, KIND_PLURALS } from "./labels.ts";

/**
 * The system description's inventory: the in-scope assets by kind, each with its owner and classification. Shown on
 * the scope's system step and on the asset inventory; read from the inventory, changed there.
 */
export function InScopeAssets({ note }: { note?: string }) {
  const can = useCan();
  const q = useQuery({
    queryKey: assetKeys.inScope,
    queryFn: () => api.GET("/api/v1/assets/in-scope"),
    enabled: can("assets.read"),
  });
  if (!can("assets.read")) return null;
  const s = q.data;
  return (
    <Card withBorder padding="lg" component="section" aria-label="In-scope assets">
      <Group justify="space-between" align="flex-start" mb="sm">
        <Stack gap={2}>
          <Title order={2} fz="md">
            In scope, from the asset inventory
          </Title>
          <Text size="sm" c="dimmed">
            {note ??
              "What the system description lists as its infrastructure, software and data. Mark assets in scope in the inventory."}
          </Text>
        </Stack>
        <Anchor component={Link} to="/assets?inScope=true" size="sm">
          Open the inventory
        </Anchor>
      </Group>
      <ErrorAlert error={q.error} />
      {!s ? (
        !q.error && <Skeleton h={80} />
      ) : s.total === 0 ? (
        <Text size="sm" c="dimmed">
          No asset is marked in scope yet.
        </Text>
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            <b>{s.total}</b> in scope
            {s.withoutOwner > 0 && (
              <Text span c="red" size="sm">
                {" "}
                · {s.withoutOwner} without owner
              </Text>
            )}
            {s.unclassified > 0 && (
              <Text span c="red" size="sm">
                {" "}
                · {s.unclassified} not classified
              </Text>
            )}
            {" · "}
            {s.lastReviewAt ? `inventory reviewed ${formatDay(s.lastReviewAt)}` : "inventory never reviewed"}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {ASSET_KINDS.filter((k) => s.byKind[k].length > 0).map((k) => (
              <Stack key={k} gap={4}>
                <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                  {KIND_PLURALS[k]} ({s.byKind[k].length})
                </Text>
                {s.byKind[k].slice(0, 8).map((a) => (
                  <Group key={a.id} gap={6} wrap="nowrap">
                    <Anchor component={Link} to={`/assets/${a.id}`} size="sm" truncate>
                      {a.name}
                    </Anchor>
                    {a.classification && (
                      <Badge size="xs" variant="light" color={CLASSIFICATION_COLORS[a.classification]}>
                        {CLASSIFICATION_LABELS[a.classification]}
                      </Badge>
                    )}
                    <Text size="xs" c="dimmed" truncate>
                      {a.ownerName ?? "no owner"}
                    </Text>
                  </Group>
                ))}
                {s.byKind[k].length > 8 && (
                  <Anchor component={Link} to={`/assets?inScope=true&kind=${k}`} size="xs">
                    and {s.byKind[k].length - 8} more
                  </Anchor>
                )}
              </Stack>
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Card>
  );
}
