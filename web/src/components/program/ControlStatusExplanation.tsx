import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconFileCertificate, IconHourglass, IconShieldCheck, IconTestPipe, IconUsers } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { freshness } from "../../../../src/core/freshness.ts";
import { api } from "../../api/client.ts";
import { ApiError } from "../../api/errors.ts";
import type { ControlExplanation, ControlStatus, ProgramControl } from "../../api/models/program.ts";
import { AddEvidenceButton } from "../../pages/evidence/components/AddEvidenceModal.tsx";
import { FreshnessBadge } from "../../pages/evidence/components/Badges.tsx";
import { formatDay, formatPeriod, SOURCE } from "../../pages/evidence/labels.ts";
import { useEvidenceList } from "../../pages/evidence/queries.ts";
import { keys } from "../../program/queries.ts";
import { formatDateTime, RelativeTime } from "../Time.tsx";
import { ControlStatusBadge } from "./StatusBadges.tsx";

type EvidenceSummary = ControlExplanation["evidence"];
type TestState = ControlExplanation["tests"]["items"][number]["state"];

const TEST_STATE: Record<TestState, { label: string; color: string }> = {
  failing: { label: "Failing", color: "red" },
  passing: { label: "Passing", color: "teal" },
  excepted: { label: "Excepted", color: "yellow" },
  no_results: { label: "No results yet", color: "gray" },
};
const SEVERITY_COLOR: Record<string, string> = { critical: "red", high: "orange", medium: "yellow", low: "gray" };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Section({
  icon,
  title,
  aside,
  children,
}: {
  icon: ReactNode;
  title: string;
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Group justify="space-between" gap="xs">
        <Group gap={8}>
          <ThemeIcon variant="light" color="gray" size="md" radius="md">
            {icon}
          </ThemeIcon>
          <Title order={3} fz="md">
            {title}
          </Title>
        </Group>
        {aside}
      </Group>
      {children}
    </Stack>
  );
}

function EvidenceSection({ programId, controlKey, e }: { programId: string; controlKey: string; e: EvidenceSummary }) {
  const facts = [
    e.latestCollectedAt && `latest collected ${formatDay(e.latestCollectedAt)}`,
    e.staleAt && (e.state === "stale" ? `stale since ${formatDay(e.staleAt)}` : `stale on ${formatDay(e.staleAt)}`),
  ].filter(Boolean);
  return (
    <Section
      icon={<IconFileCertificate size={16} />}
      title="Evidence"
      aside={<AddEvidenceButton programId={programId} controls={[controlKey]} size="xs" variant="light" />}
    >
      <Group gap="xs">
        <FreshnessBadge state={e.state} staleAt={e.staleAt} />
        <Text size="sm" c="dimmed">
          {plural(e.count, "piece")}
          {facts.length ? ` · ${facts.join(" · ")}` : ""}
        </Text>
      </Group>
      <Text size="sm">{e.reason}</Text>
      {e.items.length > 0 && (
        <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Evidence of this control">
          {e.items.map((i) => (
            <Group key={i.id} component="li" justify="space-between" gap="xs" wrap="nowrap">
              <Anchor component={Link} to={`/evidence/${i.id}`} size="sm" truncate="end" title={i.title}>
                {i.title}
              </Anchor>
              <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                {formatPeriod(i.effectiveFrom, i.effectiveTo) ?? `collected ${formatDay(i.collectedAt)}`}
                {i.source !== "manual"
                  ? ` · ${(SOURCE as Partial<Record<string, { label: string }>>)[i.source]?.label ?? i.source}`
                  : ""}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      {e.count > e.items.length && (
        <Anchor component={Link} to={`/evidence?control=${encodeURIComponent(controlKey)}`} size="sm">
          See all {e.count} in the evidence library
        </Anchor>
      )}
    </Section>
  );
}

const CHECK_STATE: Record<ControlExplanation["checks"][number]["state"], { label: string; color: string }> = {
  met: { label: "Met", color: "teal" },
  not_met: { label: "Not met", color: "gray" },
  lapsed: { label: "Lapsed", color: "red" },
};

/** People routines that cover the control (policy accepted, training done): shown only when there are any. */
function ChecksSection({ checks }: { checks: ControlExplanation["checks"] }) {
  if (!checks.length) return null;
  return (
    <Section icon={<IconUsers size={16} />} title="People routines">
      <Stack gap="xs">
        {checks.map((k) => (
          <Paper key={`${k.source}:${k.label}`} withBorder p="sm" radius="md">
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text size="sm" fw={500}>
                  {k.label}
                </Text>
                <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {k.reason}
                </Text>
              </Stack>
              <Badge color={CHECK_STATE[k.state].color} variant="light" style={{ flexShrink: 0 }}>
                {CHECK_STATE[k.state].label}
              </Badge>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Section>
  );
}

function TestsSection({ x }: { x: ControlExplanation }) {
  const { tests, exceptions } = x;
  return (
    <Section icon={<IconTestPipe size={16} />} title="Tests">
      {tests.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No tests are mapped to this control — it is checked by evidence only.
        </Text>
      ) : (
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Tests of this control">
          {tests.items.map((t) => (
            <Paper key={t.testId} component="li" withBorder p="xs" radius="md">
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/monitoring/tests/${encodeURIComponent(t.testId)}`} size="sm" fw={500}>
                    {t.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t.state === "no_results"
                      ? "Not run yet: connect or sync the integration it reads."
                      : [
                          `${t.failingResources} failing`,
                          `${t.passingResources} passing`,
                          t.exceptedResources ? `${t.exceptedResources} excepted` : null,
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                    {t.since && t.state !== "no_results" && (
                      <>
                        {" · since "}
                        <RelativeTime value={t.since} size="xs" />
                      </>
                    )}
                  </Text>
                </Stack>
                <Group gap={4} wrap="nowrap">
                  <Badge size="xs" variant="outline" color={SEVERITY_COLOR[t.severity] ?? "gray"}>
                    {t.severity}
                  </Badge>
                  <Badge size="sm" variant="light" color={TEST_STATE[t.state].color}>
                    {TEST_STATE[t.state].label}
                  </Badge>
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {exceptions.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Exceptions in effect
          </Text>
          {exceptions.map((ex) => (
            <Group key={ex.id} gap={6} wrap="nowrap">
              <IconHourglass size={14} stroke={1.6} aria-hidden />
              <Text size="sm">
                {ex.resourceName ?? "All resources"} on{" "}
                <Anchor component={Link} to={`/monitoring/tests/${encodeURIComponent(ex.testId)}`} size="sm">
                  {tests.items.find((t) => t.testId === ex.testId)?.title ?? ex.testId}
                </Anchor>{" "}
                <Text span size="sm" c="dimmed" title={formatDateTime(ex.expiresAt)}>
                  — expires {formatDay(ex.expiresAt)}
                </Text>
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Section>
  );
}

/** The status and its reason in one sentence. */
function Verdict({ status, reason, since }: { status: ControlStatus; reason: string; since: string | null }) {
  return (
    <Paper withBorder p="md" bg="var(--assay-surface)" data-testid="status-explanation">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color="gray" radius="xl" aria-hidden>
          <IconShieldCheck size={18} />
        </ThemeIcon>
        <Stack gap={4}>
          <Group gap="xs">
            <ControlStatusBadge status={status} size="md" />
            {since && (
              <Text size="xs" c="dimmed">
                since <RelativeTime value={since} size="xs" />
              </Text>
            )}
          </Group>
          <Text size="sm">{reason}</Text>
        </Stack>
      </Group>
    </Paper>
  );
}

/**
 * Until the server explains statuses, the panel still shows what it can: the stored status and reason, and the
 * evidence linked to the control with its freshness under the same rule the server uses.
 */
function Fallback({ programId, control }: { programId: string; control: ProgramControl }) {
  const list = useEvidenceList({ control: control.key, program: programId, pageSize: 10 });
  const items = list.data?.items ?? [];
  const f = freshness(
    { frequency: control.frequency, overrideDays: control.freshnessOverride?.days },
    items.map((i) => ({ collectedAt: new Date(i.collectedAt), effectiveTo: i.effectiveTo, source: i.source })),
  );
  const summary: EvidenceSummary = {
    state: f.state,
    count: list.data?.total ?? 0,
    latestCollectedAt: f.latestCollectedAt?.toISOString() ?? null,
    staleAt: f.staleAt?.toISOString() ?? null,
    reason: f.reason,
    items,
  };
  return (
    <Stack gap="lg">
      <Verdict status={control.status} reason={control.statusReason} since={control.statusSince} />
      {list.isPending ? (
        <Skeleton h={80} />
      ) : list.isError ? (
        <Text size="sm" c="dimmed">
          The evidence of this control could not be loaded.
        </Text>
      ) : (
        <EvidenceSection programId={programId} controlKey={control.key} e={summary} />
      )}
      <Section icon={<IconTestPipe size={16} />} title="Tests">
        <Text size="sm" c="dimmed" data-testid="explanation-fallback">
          Monitoring tests are not shown: this server does not explain statuses in detail yet.
        </Text>
      </Section>
    </Stack>
  );
}

/** “Why this status”: the verdict, the evidence behind it, the monitoring tests and the exceptions in effect. */
export function ControlStatusExplanation({ programId, control }: { programId: string; control: ProgramControl }) {
  const explanation = useQuery({
    queryKey: [...keys.control(programId, control.key), "explanation"],
    queryFn: () =>
      api.GET("/api/v1/programs/{programId}/controls/{key}/explanation", {
        params: { path: { programId, key: control.key } },
      }),
    retry: false,
  });
  if (explanation.isPending) return <Skeleton h={240} />;
  const x = explanation.data;
  if (!x) {
    // An older server answers route_not_found; anything else is worth saying, but the fallback still helps.
    const missing = explanation.error instanceof ApiError && explanation.error.code === "route_not_found";
    return (
      <Stack gap="xs">
        {!missing && (
          <Text size="xs" c="dimmed">
            The full explanation could not be loaded; showing what is known.
          </Text>
        )}
        <Fallback programId={programId} control={control} />
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <Verdict status={x.status} reason={x.reason} since={x.since} />
      <ChecksSection checks={x.checks} />
      <EvidenceSection programId={programId} controlKey={control.key} e={x.evidence} />
      <TestsSection x={x} />
    </Stack>
  );
}
