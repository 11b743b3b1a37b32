import { Anchor, Badge, Button, Card, Group, Progress, Stack, Text, Tooltip } from "@mantine/core";
import { IconArrowRight, IconPlus } from "@tabler/icons-react";
import { Link } from "react-router";
import type { ControlGap, CriterionGap } from "../../../api/models/program.ts";
import type { RemediationInput } from "../../../api/models/remediation.ts";
import { CriteriaChips } from "../../../components/program/CriteriaChips.tsx";
import { useOpenRemediationByGap } from "../../../components/program/OpenRemediationItems.ts";
import { useExplain } from "../../../components/program/ReadinessExplainer.tsx";
import { ControlStatusBadge } from "../../../components/program/StatusBadges.tsx";
import { CATEGORY_LABELS, percent, scoreColor } from "../../../program/labels.ts";

export const remediationFromCriterion = (g: CriterionGap): Partial<RemediationInput> => ({
  title: `${g.criterionId}: ${g.title}`,
  gap: g.why,
  action: g.todo,
  criteria: [g.criterionId],
  controls: g.pending,
  monitoring: `Readiness of ${g.criterionId} shows “ready”.`,
  source: "gap",
  sourceCriterion: g.criterionId,
});

export const remediationFromControl = (g: ControlGap): Partial<RemediationInput> => ({
  title: `${g.key}: ${g.name}`,
  gap: g.why,
  action: g.todo,
  criteria: g.criteria,
  controls: [g.key],
  monitoring: `${g.key} is implemented or operating, with its evidence recorded.`,
  source: "gap",
  sourceControl: g.key,
});

type Remediate = ((initial: Partial<RemediationInput>) => void) | undefined;

function RemediateButton({
  onRemediate,
  initial,
  what,
  programId,
}: {
  onRemediate: Remediate;
  initial: Partial<RemediationInput>;
  what: string;
  programId: string;
}) {
  const open = useOpenRemediationByGap(programId);
  // A gap that already has an open item links to it instead of offering a duplicate.
  const existing = initial.sourceControl
    ? open.byControl.get(initial.sourceControl)
    : initial.sourceCriterion
      ? open.byCriterion.get(initial.sourceCriterion)
      : undefined;
  if (existing)
    return (
      <Button
        size="xs"
        variant="subtle"
        component={Link}
        to={`/programs/${programId}/remediation/${existing.id}`}
        leftSection={<IconArrowRight size={14} />}
        aria-label={`Open ${existing.ref}, the remediation item for ${what}`}
        style={{ flexShrink: 0 }}
      >
        Open {existing.ref}
      </Button>
    );
  if (!onRemediate) return null;
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconPlus size={14} />}
      onClick={() => onRemediate(initial)}
      aria-label={`Create remediation item for ${what}`}
      style={{ flexShrink: 0 }}
    >
      Create remediation item
    </Button>
  );
}

const MAX_CHIPS = 10;

/** Controls a criterion waits on, as links; the rest behind "+n". */
function Pending({ programId, keys }: { programId: string; keys: string[] }) {
  return (
    <Group gap={4}>
      {keys.slice(0, MAX_CHIPS).map((k) => (
        <Badge
          key={k}
          component={Link}
          to={`/programs/${programId}/controls/${k}`}
          variant="light"
          color="gray"
          size="sm"
          className="assay-mono-badge"
          style={{ cursor: "pointer" }}
        >
          {k}
        </Badge>
      ))}
      {keys.length > MAX_CHIPS && (
        <Tooltip label={keys.slice(MAX_CHIPS).join(", ")} multiline w={260}>
          <Badge variant="transparent" color="gray" size="sm">
            +{keys.length - MAX_CHIPS} more
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

export function CriterionGapCard({
  programId,
  g,
  onRemediate,
}: {
  programId: string;
  g: CriterionGap;
  onRemediate: Remediate;
}) {
  const explain = useExplain();
  return (
    <Card withBorder padding="md" data-testid={`gap-${g.criterionId}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs">
            <Anchor
              component="button"
              type="button"
              fw={600}
              onClick={() => explain({ kind: "criterion", id: g.criterionId })}
            >
              {g.criterionId} · {g.title}
            </Anchor>
            <Badge size="xs" variant="light" color="gray">
              {CATEGORY_LABELS[g.category]}
            </Badge>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Progress value={Math.max(g.score * 100, 1)} color={scoreColor(g.score)} w={120} size="sm" aria-hidden />
            <Text size="xs" c="dimmed">
              {percent(g.score)} of its controls done
            </Text>
          </Group>
          {g.pending.length > 0 ? (
            <Stack gap={4}>
              <Text size="sm">Bring these controls to implemented or operating:</Text>
              <Pending programId={programId} keys={g.pending} />
            </Stack>
          ) : (
            <Text size="sm">
              <b>What to do:</b> {g.todo}
            </Text>
          )}
        </Stack>
        <RemediateButton
          onRemediate={onRemediate}
          initial={remediationFromCriterion(g)}
          what={g.criterionId}
          programId={programId}
        />
      </Group>
    </Card>
  );
}

export function ControlGapCard({
  programId,
  g,
  onRemediate,
}: {
  programId: string;
  g: ControlGap;
  onRemediate: Remediate;
}) {
  const explain = useExplain();
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs">
            <Anchor component={Link} to={`/programs/${programId}/controls/${g.key}`} fw={600}>
              {g.key} · {g.name}
            </Anchor>
            <ControlStatusBadge status={g.status} />
          </Group>
          <Text size="sm" c="dimmed">
            {g.why}
          </Text>
          <Text size="sm">
            <b>What to do:</b> {g.todo}
          </Text>
          <CriteriaChips ids={g.criteria} onSelect={(id) => explain({ kind: "criterion", id })} />
        </Stack>
        <RemediateButton
          onRemediate={onRemediate}
          initial={remediationFromControl(g)}
          what={g.key}
          programId={programId}
        />
      </Group>
    </Card>
  );
}
