import { Anchor, Chip, Collapse, Group, List, Paper, Stack, Text, Textarea } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { AssessmentAnswerValue, AssessmentQuestion } from "../../../api/models/program.ts";
import { ANSWER } from "../../../program/labels.ts";

export interface AnswerDraft {
  answer: AssessmentAnswerValue | null;
  notes: string;
}

const QUESTION_TEXT: Record<AssessmentAnswerValue, string> = {
  yes: "Yes — in place",
  partly: "Partly",
  no: "No — not yet",
};

/** One criterion as a question: is this in place? Yes, partly or no, with optional notes. */
export function QuestionCard({
  q,
  value,
  onChange,
  disabled,
}: {
  q: AssessmentQuestion;
  value: AnswerDraft;
  onChange: (v: AnswerDraft) => void;
  disabled?: boolean;
}) {
  const [evidence, { toggle }] = useDisclosure(false);
  const labelId = `q-${q.criterionId}`;
  return (
    <Paper withBorder p="md" data-testid={`question-${q.criterionId}`}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Text fw={600} size="sm" id={labelId}>
            <Text span className="assay-mono" c="dimmed" mr={6}>
              {q.criterionId}
            </Text>
            {q.title}
          </Text>
          <Text size="sm" c="dimmed">
            {q.summary}
          </Text>
          <Anchor component="button" type="button" size="xs" onClick={toggle} w="fit-content" aria-expanded={evidence}>
            {evidence ? "Hide" : "Show"} what auditors look for
          </Anchor>
          <Collapse expanded={evidence}>
            <List size="xs" mt={4} spacing={2}>
              {q.evidence.map((e) => (
                <List.Item key={e}>{e}</List.Item>
              ))}
            </List>
          </Collapse>
        </Stack>
        <Group gap="md" align="flex-start" wrap="wrap">
          <Chip.Group value={value.answer} onChange={(v) => onChange({ ...value, answer: v as AssessmentAnswerValue })}>
            <Group gap={6} role="radiogroup" aria-labelledby={labelId}>
              {(Object.keys(ANSWER) as AssessmentAnswerValue[]).map((a) => (
                <Chip key={a} value={a} color={ANSWER[a].color} variant="outline" disabled={disabled} size="sm">
                  {QUESTION_TEXT[a]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <Textarea
            aria-label={`Notes on ${q.criterionId}`}
            placeholder="Notes (optional): what exists, what is missing, links"
            autosize
            minRows={1}
            maxRows={6}
            value={value.notes}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, notes: e.currentTarget.value })}
            style={{ flex: "1 1 280px" }}
            maxLength={4000}
          />
        </Group>
        {q.answer?.answeredBy && (
          <Text size="xs" c="dimmed">
            Last answered by {q.answer.answeredBy.name}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
