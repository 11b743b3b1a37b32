import { Anchor, Badge, Group, SimpleGrid, Skeleton, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Field } from "../../components/Field.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { formatDay } from "../../components/Time.tsx";
import { continuityKeys, formatMinutes, OUTCOME, RESULT_COLORS, RESULT_LABELS } from "./labels.ts";

/** An asset's recovery objectives and its last restore test, on the asset's page. */
export function AssetRecovery({ assetId }: { assetId: string }) {
  const q = useQuery({
    queryKey: [...continuityKeys.all, "asset", assetId],
    queryFn: () => api.GET("/api/v1/assets/{id}/recovery", { params: { path: { id: assetId } } }),
  });
  const r = q.data;
  return (
    <SectionCard
      title="Recovery"
      description="Recovery objectives and the last restore test, from Continuity. AVL-03 asks for a passing restore test every quarter."
    >
      <ErrorAlert error={q.error} />
      {!r ? (
        !q.error && <Skeleton h={60} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
          <Field label="Recovery time objective (RTO)">
            {r.objective?.rtoMinutes != null ? formatMinutes(r.objective.rtoMinutes) : "Not set"}
          </Field>
          <Field label="Recovery point objective (RPO)">
            {r.objective?.rpoMinutes != null ? formatMinutes(r.objective.rpoMinutes) : "Not set"}
          </Field>
          <Field label="Last restore test">
            {r.lastRestoreTest ? (
              <Group gap="xs">
                <Anchor component={Link} to={`/continuity/tests/${r.lastRestoreTest.id}`} size="sm">
                  {formatDay(r.lastRestoreTest.performedOn)}
                </Anchor>
                <Badge variant="light" color={RESULT_COLORS[r.lastRestoreTest.result]}>
                  {RESULT_LABELS[r.lastRestoreTest.result]}
                </Badge>
                <Badge variant="outline" color={OUTCOME[r.lastRestoreTest.outcome].color}>
                  {OUTCOME[r.lastRestoreTest.outcome].label}
                </Badge>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                None recorded
              </Text>
            )}
          </Field>
        </SimpleGrid>
      )}
    </SectionCard>
  );
}
