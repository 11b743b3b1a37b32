import { Accordion, Card, Group, Progress, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api } from "../../../api/client.ts";
import type { AssessmentResult } from "../../../api/models/program.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { ReadOnlyNotice } from "../../../components/ReadOnlyNotice.tsx";
import { useProgram } from "../../../program/context.tsx";
import { CATEGORY_LABELS } from "../../../program/labels.ts";
import { inProgram, keys, useCriteria } from "../../../program/queries.ts";
import { useCan } from "../../../session.tsx";
import { AssessmentSection } from "./AssessmentSection.tsx";
import type { AnswerDraft } from "./QuestionCard.tsx";

/** What the answers given in one series so far changed: each control's latest move, every item opened. */
function mergeResults(before: AssessmentResult | undefined, r: AssessmentResult): AssessmentResult {
  if (!before) return r;
  const moved = new Map([...before.controlsChanged, ...r.controlsChanged].map((c) => [c.key, c]));
  return {
    controlsChanged: [...moved.values()],
    remediationCreated: [...before.remediationCreated, ...r.remediationCreated],
  };
}

/** /programs/:id/assessment — one question per criterion in scope, grouped by category and series. */
export function AssessmentPage() {
  const program = useProgram();
  const can = useCan();
  const content = useCriteria();
  const assessment = useQuery({
    queryKey: keys.assessment(program.id),
    queryFn: () => api.GET("/api/v1/programs/{programId}/assessment", inProgram(program.id)),
  });
  const [drafts, setDrafts] = useState<Record<string, AnswerDraft>>({});
  const [results, setResults] = useState<Record<string, AssessmentResult>>({});
  const [open, setOpen] = useState<string[] | null>(null);

  // Server answers fill in whatever the person has not touched here (a cached answer is replaced by the fresh one).
  const touched = useRef(new Set<string>());
  useEffect(() => {
    if (!assessment.data) return;
    setDrafts((d) => {
      const next = { ...d };
      for (const q of assessment.data.questions)
        if (!touched.current.has(q.criterionId) && q.answer)
          next[q.criterionId] = { answer: q.answer.answer, notes: q.answer.notes };
      return next;
    });
  }, [assessment.data]);

  const readOnly = !can("assessment.answer");
  const error = assessment.error ?? content.error;
  if (error) return <ErrorAlert error={error} />;
  if (!assessment.data || !content.data) return <Skeleton h={400} />;

  const questions = assessment.data.questions;
  const answered = questions.filter((q) => q.answer).length;
  const seriesOf = new Map(content.data.criteria.map((c) => [c.id, c.series]));
  const categories = content.data.categories.filter((cat) => questions.some((q) => q.category === cat.id));
  const firstOpen = content.data.series.find((s) =>
    questions.some((q) => seriesOf.get(q.criterionId) === s.id && !q.answer),
  )?.id;
  const opened = open ?? (firstOpen ? [firstOpen] : []);

  return (
    <>
      <PageHeader
        title="Self-assessment"
        description="One question per criterion in scope: is it in place today? Each answer is saved as you give it. “Yes” moves the mapped controls nobody has started to Implemented and “Partly” to In progress; “Partly” and “No” open remediation items for the gap."
      />
      {readOnly && (
        <ReadOnlyNotice>You can read the answers; answering needs the control owner role or higher.</ReadOnlyNotice>
      )}
      <Card withBorder padding="md" mb="lg">
        <Group justify="space-between" mb={6}>
          <Text fw={600} size="sm">
            {answered} of {questions.length} questions answered
          </Text>
          <Text size="sm" c="dimmed">
            {Math.round((answered / Math.max(questions.length, 1)) * 100)}%
          </Text>
        </Group>
        <Progress
          value={(answered / Math.max(questions.length, 1)) * 100}
          size="lg"
          radius="xl"
          aria-label="Questions answered"
        />
      </Card>
      <Stack gap="xl">
        {categories.map((cat) => {
          const own = content.data.series.filter((s) => s.category === cat.id).map((s) => s.id);
          return (
            <Stack key={cat.id} gap="xs">
              <Title order={2} fz="lg">
                {CATEGORY_LABELS[cat.id]}
              </Title>
              <Accordion
                multiple
                variant="separated"
                value={opened.filter((id) => own.includes(id))}
                onChange={(v) => setOpen([...opened.filter((id) => !own.includes(id)), ...v])}
                chevronPosition="left"
              >
                {content.data.series
                  .filter((s) => s.category === cat.id)
                  .map((s) => {
                    const qs = questions.filter((q) => seriesOf.get(q.criterionId) === s.id);
                    if (qs.length === 0) return null;
                    return (
                      <AssessmentSection
                        key={s.id}
                        programId={program.id}
                        series={s}
                        questions={qs}
                        drafts={drafts}
                        onChange={(id, d) => {
                          touched.current.add(id);
                          setDrafts((all) => ({ ...all, [id]: d }));
                        }}
                        readOnly={readOnly}
                        result={results[s.id]}
                        onSaved={(r) => setResults((all) => ({ ...all, [s.id]: mergeResults(all[s.id], r) }))}
                      />
                    );
                  })}
              </Accordion>
            </Stack>
          );
        })}
      </Stack>
    </>
  );
}
