import { Group, List, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import type { ProgramControlDetail } from "../../../api/models/program.ts";
import { Field } from "../../../components/Field.tsx";
import { CriteriaChips } from "../../../components/program/CriteriaChips.tsx";
import { useExplain } from "../../../components/program/ReadinessExplainer.tsx";
import { ControlStatusBadge } from "../../../components/program/StatusBadges.tsx";
import { RichText } from "../../../components/RichText.tsx";
import { RelativeTime } from "../../../components/Time.tsx";
import {
  FREQUENCY_LABELS,
  NATURE_MODE_LABELS,
  NATURE_TYPE_LABELS,
  OWNER_ROLE_LABELS,
} from "../../../program/labels.ts";
import { AddEvidenceButton } from "../../evidence/components/AddEvidenceModal.tsx";
import { ControlPolicies } from "./ControlPolicies.tsx";
import { FreshnessOverrideField } from "./FreshnessOverrideField.tsx";

export function ControlOverview({ programId, c }: { programId: string; c: ProgramControlDetail }) {
  const explain = useExplain();
  return (
    <Stack gap="lg">
      <Paper withBorder p="md" bg="var(--assay-surface)" data-testid="control-status">
        <Group gap="xs" mb={4}>
          <ControlStatusBadge status={c.status} size="md" />
          {c.statusSince && (
            <Text size="xs" c="dimmed">
              since <RelativeTime value={c.statusSince} size="xs" />
            </Text>
          )}
        </Group>
        <Text size="sm">{c.statusReason}</Text>
      </Paper>
      <Text size="sm">{c.description}</Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
        <Field label="Owner">{c.owner ? c.owner.name : `Unassigned (${OWNER_ROLE_LABELS[c.ownerRole]})`}</Field>
        <Field label="Frequency">{FREQUENCY_LABELS[c.frequency]}</Field>
        <Field label="Nature">{`${NATURE_TYPE_LABELS[c.natureType]}, ${NATURE_MODE_LABELS[c.natureMode].toLowerCase()}`}</Field>
        <Field label="Source">{c.custom ? "Custom control" : `Library ${c.libraryId}`}</Field>
      </SimpleGrid>
      <Field label="Criteria">
        <CriteriaChips ids={c.criteria} withTitles onSelect={(id) => explain({ kind: "criterion", id })} />
      </Field>
      <Field label="Evidence expected">
        {c.evidence.length ? (
          <List size="sm" spacing={2}>
            {c.evidence.map((e) => (
              <List.Item key={e}>{e}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" c="dimmed">
            None listed
          </Text>
        )}
      </Field>
      <FreshnessOverrideField programId={programId} c={c} />
      <AddEvidenceButton programId={programId} controls={[c.key]} variant="light" size="xs" w="fit-content" />
      {c.guidance && (
        <Field label="Guidance">
          <RichText>{c.guidance}</RichText>
        </Field>
      )}
      <Field label="How we do it (narrative)">
        {c.narrative ? (
          <RichText>{c.narrative}</RichText>
        ) : (
          <Text size="sm" c="dimmed">
            No narrative yet. Describe how your organization operates this control — auditors read it first.
          </Text>
        )}
      </Field>
      {c.policies.length > 0 && (
        <Field label="Policies">
          <ControlPolicies templateIds={c.policies} />
        </Field>
      )}
    </Stack>
  );
}
