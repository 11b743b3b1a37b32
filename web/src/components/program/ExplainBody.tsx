import {
  Anchor,
  Button,
  Group,
  List,
  Paper,
  Progress,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { Link } from "react-router";
import type { CriterionReadiness, ReadinessLevel } from "../../api/models/program.ts";
import { CATEGORY_LABELS, percent, scoreColor } from "../../program/labels.ts";
import { LEVEL_INFO, LEVELS } from "../../program/levels.ts";
import { useControls, useCriteria, useReadiness } from "../../program/queries.ts";
import { ErrorAlert } from "../ErrorAlert.tsx";
import type { ExplainTarget } from "./ReadinessExplainer.tsx";
import { ControlStatusBadge, CriterionStateBadge } from "./StatusBadges.tsx";

interface Props {
  programId: string;
  target: ExplainTarget;
  onOpen: (t: ExplainTarget) => void;
  onBack?: () => void;
  onClose: () => void;
}

function ScoreRow({
  label,
  score,
  detail,
  onClick,
}: {
  label: string;
  score: number | null;
  detail: string;
  onClick: () => void;
}) {
  return (
    <UnstyledButton className="assay-click-row" onClick={onClick} aria-label={`${label}: ${detail}. Explain`}>
      <Group justify="space-between" gap="xs" mb={4} wrap="nowrap">
        <Text size="sm" fw={500} truncate="end">
          {label}
        </Text>
        <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
          {detail}
        </Text>
      </Group>
      <Progress
        value={score === null ? 0 : Math.max(score * 100, 1)}
        color={score === null ? "gray" : scoreColor(score)}
        size="sm"
        aria-hidden
      />
    </UnstyledButton>
  );
}

/** A criterion's score at each level, strongest first, and the controls the headline level still waits on. */
function LevelLines({ r, headline }: { r: CriterionReadiness; headline: ReadinessLevel }) {
  const pending = r.levels[headline].pending;
  return (
    <Stack gap={2} mt={6} data-testid="criterion-levels">
      {[...LEVELS].reverse().map((l) => (
        <Text key={l} size="sm" fw={l === headline ? 600 : 400} c={l === headline ? undefined : "dimmed"}>
          {LEVEL_INFO[l].label}: {percent(r.levels[l].score)} — {r.levels[l].done} of {r.applicable}
        </Text>
      ))}
      {pending.length > 0 && (
        <Text size="xs" c="dimmed">
          Not yet {headline}: {pending.join(", ")}.
        </Text>
      )}
    </Stack>
  );
}

function CriterionExplain({
  programId,
  r,
  headline,
  onClose,
}: {
  programId: string;
  r: CriterionReadiness;
  headline: ReadinessLevel;
  onClose: () => void;
}) {
  const content = useCriteria();
  const criterion = content.data?.criteria.find((c) => c.id === r.id);
  const controls = useControls(programId, { criterion: r.id });
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Group gap="xs">
          <Title order={3} fz="lg">
            {r.id} · {criterion?.title ?? ""}
          </Title>
          <CriterionStateBadge state={r.levels[headline].state} />
        </Group>
        {criterion && (
          <Text size="sm" c="dimmed">
            {criterion.summary}
          </Text>
        )}
      </Stack>
      <Paper withBorder p="sm" bg="var(--assay-surface)">
        <Text size="sm" fw={600}>
          {r.state === "not_relevant"
            ? "Not counted"
            : `Scored at the ${headline} level (the headline), over ${r.applicable} applicable control(s)`}
        </Text>
        {r.state === "not_relevant" || r.applicable === 0 ? (
          <Text size="sm" mt={4}>
            {r.reason}
          </Text>
        ) : (
          <LevelLines r={r} headline={headline} />
        )}
        {r.notApplicable > 0 && (
          <Text size="xs" c="dimmed" mt={4}>
            {r.notApplicable} mapped control(s) are marked not applicable and do not count.
          </Text>
        )}
      </Paper>
      {r.state !== "not_relevant" && (
        <Stack gap="xs">
          <Text fw={600} size="sm">
            Mapped controls
          </Text>
          <ErrorAlert error={controls.error} />
          {controls.isPending ? (
            <Skeleton h={80} />
          ) : controls.data?.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No control in the program addresses {r.id} yet. Adopt one from the library or add a custom control.
            </Text>
          ) : (
            controls.data?.items.map((c) => (
              <Paper key={c.key} withBorder p="sm">
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Anchor
                    component={Link}
                    to={`/programs/${programId}/controls/${c.key}`}
                    onClick={onClose}
                    size="sm"
                    fw={600}
                  >
                    {c.key} · {c.name}
                  </Anchor>
                  <ControlStatusBadge status={c.status} />
                </Group>
                <Text size="xs" c="dimmed" mt={4}>
                  {c.statusReason}
                </Text>
              </Paper>
            ))
          )}
        </Stack>
      )}
      {criterion && (
        <Stack gap={4}>
          <Text fw={600} size="sm">
            Evidence auditors usually ask for
          </Text>
          <List size="sm" spacing={2}>
            {criterion.evidence.map((e) => (
              <List.Item key={e}>{e}</List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}

export function ExplainBody({ programId, target, onOpen, onBack, onClose }: Props) {
  const readiness = useReadiness(programId);
  const content = useCriteria();
  if (readiness.isError) return <ErrorAlert error={readiness.error} />;
  if (!readiness.data || !content.data) return <Skeleton h={200} />;
  const r = readiness.data;
  const title = (id: string) => content.data.criteria.find((c) => c.id === id)?.title ?? id;
  const backButton = onBack && (
    <Button variant="subtle" size="xs" leftSection={<IconArrowLeft size={14} />} onClick={onBack} w="fit-content">
      Back
    </Button>
  );

  if (target.kind === "criterion") {
    const row = r.criteria.find((c) => c.id === target.id);
    return (
      <Stack gap="sm">
        {backButton}
        {row ? (
          <CriterionExplain programId={programId} r={row} headline={r.headline} onClose={onClose} />
        ) : (
          <Text>Unknown criterion {target.id}.</Text>
        )}
      </Stack>
    );
  }
  if (target.kind === "category") {
    const cat = r.categories.find((c) => c.id === target.id);
    const rows = r.criteria.filter((c) => c.category === target.id);
    const info = content.data.categories.find((c) => c.id === target.id);
    return (
      <Stack gap="md">
        {backButton}
        <Title order={3} fz="lg">
          {CATEGORY_LABELS[target.id]}
        </Title>
        {info && (
          <Text size="sm" c="dimmed">
            {info.description}
          </Text>
        )}
        <Paper withBorder p="sm" bg="var(--assay-surface)">
          <Text size="sm">
            {cat?.inScope
              ? `${percent(cat.levels[r.headline].score)} ${r.headline} is the average of its ${cat.total} criteria; ${cat.levels[r.headline].ready} are fully ${r.headline} (declared: ${percent(cat.levels.declared.score)}).`
              : `${CATEGORY_LABELS[target.id]} is not among the categories selected for this report, so its criteria are not counted. Change it in the scope.`}
          </Text>
        </Paper>
        <Stack gap={2}>
          {rows.map((c) => (
            <ScoreRow
              key={c.id}
              label={`${c.id} · ${title(c.id)}`}
              score={c.state === "not_relevant" ? null : c.levels[r.headline].score}
              detail={
                c.state === "not_relevant"
                  ? "Not relevant"
                  : `${percent(c.levels[r.headline].score)} · ${c.levels[r.headline].done}/${c.applicable}`
              }
              onClick={() => onOpen({ kind: "criterion", id: c.id })}
            />
          ))}
        </Stack>
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      {backButton}
      <Title order={3} fz="lg">
        Overall readiness: {percent(r.overall.levels[r.headline].score)} {r.headline}
      </Title>
      <Text size="sm">
        Each criterion in scope scores the share of its applicable controls at a level of proof: declared (someone said
        it is implemented), evidenced (current evidence) or operating (current evidence and no failing test). A category
        scores the average of its criteria, and the overall score the average of all {r.overall.total} criteria in scope
        — so a criterion with no control at all weighs as much as one with ten.
      </Text>
      <Stack gap={2}>
        {[...LEVELS].reverse().map((l) => (
          <Text key={l} size="sm" fw={l === r.headline ? 600 : 400}>
            {LEVEL_INFO[l].label}: {percent(r.overall.levels[l].score)} · {r.overall.levels[l].ready} of{" "}
            {r.overall.total} criteria fully {l}
            {l === r.headline ? " (headline)" : ""}
          </Text>
        ))}
      </Stack>
      <Stack gap={2}>
        {r.categories.map((c) => (
          <ScoreRow
            key={c.id}
            label={CATEGORY_LABELS[c.id]}
            score={c.inScope ? c.levels[r.headline].score : null}
            detail={
              c.inScope
                ? `${percent(c.levels[r.headline].score)} · ${c.levels[r.headline].ready}/${c.total} ${r.headline}`
                : "Not in scope"
            }
            onClick={() => onOpen({ kind: "category", id: c.id })}
          />
        ))}
      </Stack>
    </Stack>
  );
}
