import { Accordion, Badge, Group, Stack, Text } from "@mantine/core";
import { useRef, useState } from "react";
import { api } from "../../../api/client.ts";
import type { AssessmentQuestion, AssessmentResult, TscSeries } from "../../../api/models/program.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { type AnswerDraft, QuestionCard, type SaveState } from "./QuestionCard.tsx";
import { SaveResult } from "./SaveResult.tsx";

const unchanged = (q: AssessmentQuestion, d: AnswerDraft) =>
  d.answer === q.answer?.answer && d.notes.trim() === (q.answer?.notes ?? "");

/** One series (CC1, A1…) of the questionnaire; each answer is saved as it is given. */
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
  const answered = questions.filter((q) => drafts[q.criterionId]?.answer).length;
  const [states, setStates] = useState<Record<string, SaveState>>({});
  const [error, setError] = useState<unknown>(null);
  // One question's saves run one after the other, so the last answer given is the one kept.
  const queue = useRef(new Map<string, Promise<void>>());
  const setState = (id: string, state: SaveState) => setStates((all) => ({ ...all, [id]: state }));

  const commit = (q: AssessmentQuestion, d: AnswerDraft) => {
    const { answer } = d;
    if (readOnly || !answer || (unchanged(q, d) && !states[q.criterionId])) return;
    setState(q.criterionId, "saving");
    const run = () =>
      api.PUT("/api/v1/programs/{programId}/assessment", {
        params: { path: { programId } },
        body: { answers: [{ criterionId: q.criterionId, answer, notes: d.notes.trim() }] },
      });
    const next = (queue.current.get(q.criterionId) ?? Promise.resolve()).then(run).then(
      (r) => {
        setState(q.criterionId, "saved");
        setError(null);
        onSaved(r);
      },
      (e: unknown) => {
        setState(q.criterionId, "failed");
        setError(e);
      },
    );
    queue.current.set(q.criterionId, next);
  };

  const saving = Object.values(states).filter((s) => s === "saving").length;
  return (
    <Accordion.Item value={series.id}>
      <Accordion.Control>
        <Group justify="space-between" wrap="nowrap" pr="sm">
          <Text fw={600} size="sm">
            <Text span className="assay-mono" c="dimmed" mr={6}>
              {series.id}
            </Text>
            {series.name}
          </Text>
          <Group gap={6} wrap="nowrap">
            {saving > 0 && (
              <Badge color="gray" variant="light" size="sm">
                Saving…
              </Badge>
            )}
            <Badge color={answered === questions.length ? "teal" : "gray"} variant="light" size="sm">
              {answered}/{questions.length}
              <span className="sr-only"> answered</span>
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
              onCommit={(d) => commit(q, d)}
              saveState={states[q.criterionId]}
              disabled={readOnly}
            />
          ))}
          <ErrorAlert error={error} title="Answer not saved" />
          {result && <SaveResult programId={programId} result={result} />}
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
