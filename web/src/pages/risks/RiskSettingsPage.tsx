import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  NumberInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconArrowLeft, IconMinus, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { MAX_SCALE, MIN_SCALE, scalesProblem } from "../../../../src/core/risks.ts";
import { api } from "../../api/client.ts";
import type { RiskSettings } from "../../api/models/risks.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";
import { riskKeys } from "./labels.ts";

function ScaleEditor({
  name,
  labels,
  onChange,
  disabled,
}: {
  name: string;
  labels: string[];
  onChange: (labels: string[]) => void;
  disabled: boolean;
}) {
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} fz="md">
          {name}
        </Title>
        {!disabled && (
          <Group gap={4}>
            <ActionIcon
              variant="default"
              aria-label={`One level fewer of ${name.toLowerCase()}`}
              disabled={labels.length <= MIN_SCALE}
              onClick={() => onChange(labels.slice(0, -1))}
            >
              <IconMinus size={14} />
            </ActionIcon>
            <ActionIcon
              variant="default"
              aria-label={`One level more of ${name.toLowerCase()}`}
              disabled={labels.length >= MAX_SCALE}
              onClick={() => onChange([...labels, ""])}
            >
              <IconPlus size={14} />
            </ActionIcon>
          </Group>
        )}
      </Group>
      {labels.map((l, i) => (
        <TextInput
          // biome-ignore lint/suspicious/noArrayIndexKey: the level's number is its identity
          key={i}
          label={`${name} ${i + 1}`}
          value={l}
          disabled={disabled}
          onChange={(e) => onChange(labels.map((x, j) => (j === i ? e.currentTarget.value : x)))}
        />
      ))}
    </Stack>
  );
}

function SettingsForm({ initial }: { initial: RiskSettings }) {
  const can = useCan();
  const disabled = !can("risks.assess");
  const [likelihood, setLikelihood] = useState(initial.likelihood);
  const [impact, setImpact] = useState(initial.impact);
  const [thresholds, setThresholds] = useState(initial.thresholds);
  const scales = { likelihood, impact, thresholds };
  const problem = scalesProblem(scales);
  const save = useMutation({
    mutationFn: () => api.PUT("/api/v1/risks/settings", { body: scales }),
    onSuccess: () => notifySuccess("The scales are saved."),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem) save.mutate();
  };
  const max = likelihood.length * impact.length;
  return (
    <form onSubmit={submit} aria-label="Risk scales">
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          <Card withBorder padding="lg">
            <ScaleEditor name="Likelihood" labels={likelihood} onChange={setLikelihood} disabled={disabled} />
          </Card>
          <Card withBorder padding="lg">
            <ScaleEditor name="Impact" labels={impact} onChange={setImpact} disabled={disabled} />
          </Card>
        </SimpleGrid>
        <Card withBorder padding="lg">
          <Title order={2} fz="md" mb={4}>
            Levels
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            A risk's score is likelihood × impact (1 to {max} on these scales). Below the medium threshold it is low.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {(["medium", "high", "critical"] as const).map((k) => (
              <NumberInput
                key={k}
                label={`${k.charAt(0).toUpperCase()}${k.slice(1)} from score`}
                min={2}
                max={max}
                value={thresholds[k]}
                disabled={disabled}
                onChange={(v) => setThresholds((t) => ({ ...t, [k]: Number(v) || 0 }))}
              />
            ))}
          </SimpleGrid>
        </Card>
        {problem && (
          <Alert color="red" role="status">
            {problem}
          </Alert>
        )}
        <ErrorAlert error={save.error} />
        {!disabled && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!!problem}>
              Save scales
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

/** The organization's likelihood and impact scales and level thresholds. */
export function RiskSettingsPage() {
  const q = useQuery({ queryKey: riskKeys.settings, queryFn: () => api.GET("/api/v1/risks/settings") });
  return (
    <>
      <Anchor component={Link} to="/risks" size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Risks
        </Group>
      </Anchor>
      <PageHeader
        title="Risk scales"
        description={`How risks are rated: ${MIN_SCALE} to ${MAX_SCALE} labelled levels of likelihood and of impact, and the scores where each level starts.${q.data?.isDefault ? " These are the defaults." : ""}`}
      />
      <ErrorAlert error={q.error} />
      {q.data ? <SettingsForm initial={q.data} /> : !q.error && <Skeleton h={300} />}
    </>
  );
}
