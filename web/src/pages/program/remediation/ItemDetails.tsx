import { Anchor, Badge, Group, List, SimpleGrid, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import type { RemediationItemDetail } from "../../../api/models/remediation.ts";
import { Field } from "../../../components/Field.tsx";
import { CriteriaChips } from "../../../components/program/CriteriaChips.tsx";
import { useExplain } from "../../../components/program/ReadinessExplainer.tsx";
import { PriorityBadge } from "../../../components/program/StatusBadges.tsx";
import { formatDateTime } from "../../../components/Time.tsx";
import { SOURCE_LABELS } from "../../../program/labels.ts";
import { IMPACT_LABELS, LIKELIHOOD_LABELS } from "../../../program/rules.ts";
import { DueDate, ownerName } from "./ItemMeta.tsx";
import { StepsEditor } from "./StepsEditor.tsx";

const RESOURCE_LABELS = { people: "People", budget: "Budget", tool: "Tool" } as const;

export function ItemDetails({ programId, item }: { programId: string; item: RemediationItemDetail }) {
  const explain = useExplain();
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Field label="Owner">{ownerName(item)}</Field>
        <Field label="Due">
          <DueDate item={item} />
        </Field>
        <Field label="Risk">
          <Group gap={6}>
            <PriorityBadge priority={item.priority} />
            <Text size="xs" c="dimmed">
              {LIKELIHOOD_LABELS[item.likelihood - 1]} × {IMPACT_LABELS[item.impact - 1]} = {item.riskScore}
            </Text>
          </Group>
        </Field>
        <Field label="Source">{SOURCE_LABELS[item.source]}</Field>
      </SimpleGrid>
      <Field label="Gap">{item.gap}</Field>
      <Field label="Root cause">{item.rootCause}</Field>
      <Field label="What could happen">{item.riskDescription}</Field>
      <Field label="Corrective action">{item.action}</Field>
      <Field label="Steps">
        <StepsEditor key={item.updatedAt} programId={programId} item={item} />
      </Field>
      <Field label="Resources">
        {item.resources.length ? (
          <List size="sm" spacing={2} aria-label="Resources">
            {item.resources.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: resources have no id and never reorder here
              <List.Item key={i}>
                <Badge size="xs" variant="light" mr={6}>
                  {RESOURCE_LABELS[r.kind]}
                </Badge>
                {r.name}
                {r.detail && (
                  <Text span size="sm" c="dimmed">
                    {" "}
                    · {r.detail}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        ) : (
          ""
        )}
      </Field>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Field label="Timeline">
          {item.timeline.start || item.timeline.end
            ? `${item.timeline.start ?? "…"} – ${item.timeline.end ?? "…"}`
            : ""}
        </Field>
        <Field label="Verifier">{item.verifier?.name ?? ""}</Field>
      </SimpleGrid>
      <Field label="Monitoring and verification">{item.monitoring}</Field>
      {item.doneNote && <Field label="What was done">{item.doneNote}</Field>}
      {item.verificationNote && <Field label="How it was checked">{item.verificationNote}</Field>}
      <Field label="Criteria">
        <CriteriaChips ids={item.criteria} onSelect={(id) => explain({ kind: "criterion", id })} />
      </Field>
      <Field label="Controls">
        {item.controls.length ? (
          <Group gap={4}>
            {item.controls.map((c) => (
              <Badge
                key={c}
                component={Link}
                to={`/programs/${programId}/controls/${c}`}
                variant="light"
                size="sm"
                className="assay-mono-badge"
                style={{ cursor: "pointer" }}
              >
                {c}
              </Badge>
            ))}
          </Group>
        ) : (
          ""
        )}
      </Field>
      <Field label="Evidence">
        {item.evidence.length ? (
          <List size="sm" spacing={2}>
            {item.evidence.map((e) => (
              <List.Item key={e}>
                {/^https?:\/\//.test(e) ? (
                  <Anchor href={e} target="_blank" rel="noreferrer noopener" size="sm">
                    {e}
                  </Anchor>
                ) : (
                  e
                )}
              </List.Item>
            ))}
          </List>
        ) : (
          ""
        )}
      </Field>
      <Text size="xs" c="dimmed">
        Created {formatDateTime(item.createdAt)}
        {item.createdBy && ` by ${item.createdBy.name}`}
        {item.completedAt && ` · done ${formatDateTime(item.completedAt)}`}
        {item.verifiedAt &&
          ` · verified ${formatDateTime(item.verifiedAt)}${item.verifiedBy ? ` by ${item.verifiedBy.name}` : ""}`}
      </Text>
    </Stack>
  );
}
