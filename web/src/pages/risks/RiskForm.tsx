import { Alert, Badge, Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { riskLevel, riskProblem, riskScore } from "../../../../src/core/risks.ts";
import { api } from "../../api/client.ts";
import type { Risk, RiskBody, RiskSettings } from "../../api/models/risks.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LEVEL_COLORS, LEVEL_LABELS, RISK_TYPES, TREATMENT_LABELS, TREATMENTS, TYPE_LABELS } from "./labels.ts";

/** Score and level of a rating, as a badge: "12 · High". */
export function LevelBadge({ score, level }: { score: number | null; level: Risk["level"] | null }) {
  if (score === null || level === null)
    return (
      <Text size="sm" c="dimmed">
        Not rated
      </Text>
    );
  return (
    <Badge
      variant="light"
      color={LEVEL_COLORS[level]}
      tt="none"
      styles={{ root: { overflow: "visible" }, label: { whiteSpace: "nowrap", overflow: "visible" } }}
    >
      {score} · {LEVEL_LABELS[level]}
    </Badge>
  );
}

const scaleOptions = (labels: readonly string[]) =>
  labels.map((l, i) => ({ value: String(i + 1), label: `${i + 1} ${l}` }));
const num = (v: string) => (v ? Number(v) : null);

interface Values {
  title: string;
  description: string;
  category: string;
  type: Risk["type"];
  ownerUserId: string;
  likelihood: string;
  impact: string;
  residualLikelihood: string;
  residualImpact: string;
  treatment: string;
  treatmentPlan: string;
  status: Risk["status"];
  reviewDate: string;
}

const valuesOf = (r?: Risk): Values => ({
  title: r?.title ?? "",
  description: r?.description ?? "",
  category: r?.category ?? "",
  type: r?.type ?? "security",
  ownerUserId: r?.ownerUserId ?? "",
  likelihood: r ? String(r.likelihood) : "3",
  impact: r ? String(r.impact) : "3",
  residualLikelihood: r?.residualLikelihood ? String(r.residualLikelihood) : "",
  residualImpact: r?.residualImpact ? String(r.residualImpact) : "",
  treatment: r?.treatment ?? "",
  treatmentPlan: r?.treatmentPlan ?? "",
  status: r?.status ?? "open",
  reviewDate: r?.reviewDate ?? "",
});

/** Adding or editing a risk: ratings on the organization's scales, checked by the same rules as the server. */
export function RiskForm({
  risk,
  settings,
  onSubmit,
  onCancel,
  pending,
  error,
  submitLabel,
}: {
  risk?: Risk;
  settings: RiskSettings;
  onSubmit: (body: RiskBody) => void;
  onCancel?: () => void;
  pending: boolean;
  error: unknown;
  submitLabel: string;
}) {
  const [v, setV] = useState<Values>(() => valuesOf(risk));
  const [tried, setTried] = useState(false);
  const members = useQuery({
    queryKey: ["members", "list", { pageSize: 100 }],
    queryFn: () => api.GET("/api/v1/members", { params: { query: { pageSize: 100 } } }),
  });
  const set = (patch: Partial<Values>) => setV((old) => ({ ...old, ...patch }));
  const facts = {
    likelihood: Number(v.likelihood),
    impact: Number(v.impact),
    residualLikelihood: num(v.residualLikelihood),
    residualImpact: num(v.residualImpact),
    treatment: (v.treatment || null) as Risk["treatment"],
    treatmentPlan: v.treatmentPlan || null,
  };
  const problem = riskProblem(facts, settings);
  const titleProblem = tried && !v.title.trim() ? "Give the risk a title." : undefined;
  const score = riskScore(facts.likelihood, facts.impact);
  const residual =
    facts.residualLikelihood && facts.residualImpact ? riskScore(facts.residualLikelihood, facts.residualImpact) : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (problem || !v.title.trim()) return;
    onSubmit({
      title: v.title.trim(),
      description: v.description.trim() || null,
      category: v.category.trim() || null,
      type: v.type,
      ownerUserId: v.ownerUserId || null,
      likelihood: facts.likelihood,
      impact: facts.impact,
      residualLikelihood: facts.residualLikelihood,
      residualImpact: facts.residualImpact,
      treatment: facts.treatment,
      treatmentPlan: v.treatmentPlan.trim() || null,
      status: v.status,
      reviewDate: v.reviewDate || null,
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={risk ? "Edit risk" : "New risk"}>
      <Stack gap="md">
        <TextInput
          label="Title"
          required
          value={v.title}
          error={titleProblem}
          onChange={(e) => set({ title: e.currentTarget.value })}
          data-autofocus
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={v.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Type"
            required
            allowDeselect={false}
            data={RISK_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
            value={v.type}
            onChange={(t) => t && set({ type: t as Risk["type"] })}
          />
          <TextInput label="Category" value={v.category} onChange={(e) => set({ category: e.currentTarget.value })} />
          <Select
            label="Owner"
            placeholder="No owner"
            clearable
            searchable
            data={(members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.name }))}
            value={v.ownerUserId || null}
            onChange={(id) => set({ ownerUserId: id ?? "" })}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Likelihood"
            allowDeselect={false}
            data={scaleOptions(settings.likelihood)}
            value={v.likelihood}
            onChange={(x) => x && set({ likelihood: x })}
          />
          <Select
            label="Impact"
            allowDeselect={false}
            data={scaleOptions(settings.impact)}
            value={v.impact}
            onChange={(x) => x && set({ impact: x })}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Inherent score
            </Text>
            <LevelBadge score={score} level={riskLevel(score, settings.thresholds)} />
          </Stack>
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Residual likelihood"
            placeholder="Not rated"
            clearable
            data={scaleOptions(settings.likelihood)}
            value={v.residualLikelihood || null}
            onChange={(x) => set({ residualLikelihood: x ?? "" })}
          />
          <Select
            label="Residual impact"
            placeholder="Not rated"
            clearable
            data={scaleOptions(settings.impact)}
            value={v.residualImpact || null}
            onChange={(x) => set({ residualImpact: x ?? "" })}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Residual score
            </Text>
            <LevelBadge score={residual} level={residual === null ? null : riskLevel(residual, settings.thresholds)} />
          </Stack>
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Treatment"
            placeholder="Not decided"
            clearable
            data={TREATMENTS.map((t) => ({ value: t, label: TREATMENT_LABELS[t] }))}
            value={v.treatment || null}
            onChange={(x) => set({ treatment: x ?? "" })}
          />
          <TextInput
            label="Next review"
            type="date"
            value={v.reviewDate}
            onChange={(e) => set({ reviewDate: e.currentTarget.value })}
          />
          {risk && (
            <Select
              label="Status"
              allowDeselect={false}
              data={[
                { value: "open", label: "Open" },
                { value: "closed", label: "Closed" },
              ]}
              value={v.status}
              onChange={(x) => x && set({ status: x as Risk["status"] })}
            />
          )}
        </SimpleGrid>
        <Textarea
          label={v.treatment === "accept" ? "Justification for accepting" : "Treatment plan"}
          description={
            v.treatment === "accept"
              ? "Why the risk is acceptable as it is, and who decided."
              : "What is done about the risk, by whom and when."
          }
          autosize
          minRows={2}
          value={v.treatmentPlan}
          onChange={(e) => set({ treatmentPlan: e.currentTarget.value })}
        />
        {problem && (
          <Alert color={tried ? "red" : "yellow"} icon={<IconAlertTriangle size={16} />} role="status">
            {problem}
          </Alert>
        )}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
