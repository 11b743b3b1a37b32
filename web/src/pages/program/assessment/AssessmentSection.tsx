import { Accordion, Badge, Button, Group, Stack, Text } from "@mantine/core";
import { IconDeviceFloppy } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client.ts";
import type { AssessmentQuestion, AssessmentResult, TscSeries } from "../../../api/models/program.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { type AnswerDraft, QuestionCard } from "./QuestionCard.tsx";
import { SaveResult } from "./SaveResult.tsx";

const changed = (q: AssessmentQuestion, d: AnswerDraft | undefined) =>
  !!d?.answer && (d.answer !== q.answer?.answer || d.notes.trim() !== (q.answer?.notes ?? ""));

/** One series (CC1, A1…) of the questionnaire, saved on its own. */
export function AssessmentSection({
  programId,
  series,
  questions,
  drafts,
  onChange,
  readOnly,
  result,
  onSaved,
}: {
  programId: string;
  series: TscSeries;
  questions: AssessmentQuestion[];
  drafts: Record<string, AnswerDraft>;
  onChange: (id: string, d: AnswerDraft) => void;
  readOnly: boolean;
  result?: AssessmentResult;
  onSaved: (r: AssessmentResult) => void;
}) {
  const dirty = questions.filter((q) => changed(q, drafts[q.criterionId]));
  const answered = questions.filter((q) => drafts[q.criterionId]?.answer).length;
  const save = useMutation({
    mutationFn: () =>
      api.PUT("/api/v1/programs/{programId}/assessment", {
        params: { path: { programId } },
        body: {
          answers: dirty.flatMap((q) => {
            const d = drafts[q.criterionId];
            return d?.answer ? [{ criterionId: q.criterionId, answer: d.answer, notes: d.notes.trim() }] : [];
          }),
        },
      }),
    onSuccess: onSaved,
  });
  return (
    <Accordion.Item value={series.id}>
      <Accordion.Control aria-label={`${series.id} ${series.name}: ${answered} of ${questions.length} answered`}>
        <Group justify="space-between" wrap="nowrap" pr="sm">
          <Text fw={600} size="sm">
            <Text span className="assay-mono" c="dimmed" mr={6}>
              {series.id}
            </Text>
            {series.name}
          </Text>
          <Group gap={6} wrap="nowrap">
            {dirty.length > 0 && (
              <Badge color="yellow" variant="light" size="sm">
                {dirty.length} unsaved
              </Badge>
            )}
            <Badge color={answered === questions.length ? "teal" : "gray"} variant="light" size="sm">
              {answered}/{questions.length}
            </Badge>
          </Group>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="sm">
          {questions.map((q) => (
            <QuestionCard
              key={q.criterionId}
              q={q}
              value={drafts[q.criterionId] ?? { answer: null, notes: "" }}
              onChange={(d) => onChange(q.criterionId, d)}
              disabled={readOnly}
            />
          ))}
          <ErrorAlert error={save.error} title="Answers not saved" />
          {result && !dirty.length && <SaveResult programId={programId} result={result} />}
          {!readOnly && (
            <Group justify="flex-end">
              <Button
                leftSection={<IconDeviceFloppy size={16} />}
                onClick={() => save.mutate()}
                loading={save.isPending}
                disabled={dirty.length === 0}
              >
                Save {series.id} answers
              </Button>
            </Group>
          )}
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
