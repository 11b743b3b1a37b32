import { Anchor, Chip, Collapse, Group, List, Paper, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle, IconCheck } from "@tabler/icons-react";
import { useEffect, useRef } from "react";
import type { AssessmentAnswerValue, AssessmentQuestion } from "../../../api/models/program.ts";
import { LimitedTextarea } from "../../../components/LimitedTextarea.tsx";
import { ANSWER } from "../../../program/labels.ts";

export interface AnswerDraft {
  answer: AssessmentAnswerValue | null;
  notes: string;
}

/** Where the saving of one answer stands. */
export type SaveState = "saving" | "saved" | "failed";

/** Notes are saved once typing pauses this long (or when the field is left). */
const NOTES_PAUSE_MS = 700;

const QUESTION_TEXT: Record<AssessmentAnswerValue, string> = {
  yes: "Yes — in place",
  partly: "Partly",
  no: "No — not yet",
};

/**
 * One criterion as a question: is this in place? Yes, partly or no, with optional notes. Saved as you go: an answer
 * when it is picked, notes when typing pauses or the field is left (and when the page is left mid-sentence).
 */
export function QuestionCard({
  q,
  value,
  onChange,
  onCommit,
  saveState,
  disabled,
}: {
  q: AssessmentQuestion;
  value: AnswerDraft;
  onChange: (v: AnswerDraft) => void;
  onCommit: (v: AnswerDraft) => void;
  saveState?: SaveState;
  disabled?: boolean;
}) {
  const [evidence, { toggle }] = useDisclosure(false);
  const pending = useRef<{ draft: AnswerDraft; timer: ReturnType<typeof setTimeout> } | null>(null);
  const commit = useRef(onCommit);
  commit.current = onCommit;
  const flush = () => {
    const p = pending.current;
    if (!p) return;
    clearTimeout(p.timer);
    pending.current = null;
    commit.current(p.draft);
  };
  // Leaving the page mid-sentence still saves the notes.
  useEffect(
    () => () => {
      const p = pending.current;
      if (!p) return;
      clearTimeout(p.timer);
      pending.current = null;
      commit.current(p.draft);
    },
    [],
  );
  const changeNotes = (notes: string) => {
    const draft = { ...value, notes };
    onChange(draft);
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = { draft, timer: setTimeout(flush, NOTES_PAUSE_MS) };
  };
  const pick = (answer: AssessmentAnswerValue) => {
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    const draft = { ...value, answer };
    onChange(draft);
    onCommit(draft);
  };
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
          <Chip.Group value={value.answer} onChange={(v) => pick(v as AssessmentAnswerValue)}>
            <Group gap={6} role="radiogroup" aria-labelledby={labelId}>
              {(Object.keys(ANSWER) as AssessmentAnswerValue[]).map((a) => (
                <Chip key={a} value={a} color={ANSWER[a].color} variant="outline" disabled={disabled} size="sm">
                  {QUESTION_TEXT[a]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <LimitedTextarea
            aria-label={`Notes on ${q.criterionId}`}
            placeholder="Notes (optional): what exists, what is missing, links"
            autosize
            minRows={1}
            maxRows={6}
            value={value.notes}
            disabled={disabled}
            onChange={(e) => changeNotes(e.currentTarget.value)}
            onBlur={flush}
            style={{ flex: "1 1 280px" }}
          />
        </Group>
        <Group gap="xs" justify="space-between">
          <Text size="xs" c="dimmed">
            {q.answer?.answeredBy ? `Last answered by ${q.answer.answeredBy.name}` : ""}
          </Text>
          <SaveStatus state={saveState} needsAnswer={!value.answer && !!value.notes.trim()} />
        </Group>
      </Stack>
    </Paper>
  );
}

function SaveStatus({ state, needsAnswer }: { state?: SaveState; needsAnswer: boolean }) {
  if (needsAnswer)
    return (
      <Text size="xs" c="dimmed" data-testid="save-state">
        Pick an answer to save these notes
      </Text>
    );
  if (state === "saving")
    return (
      <Text size="xs" c="dimmed" data-testid="save-state" aria-live="polite">
        Saving…
      </Text>
    );
  if (state === "saved")
    return (
      <Group gap={4} data-testid="save-state" aria-live="polite">
        <IconCheck size={14} color="var(--mantine-color-teal-6)" />
        <Text size="xs" c="teal">
          Saved
        </Text>
      </Group>
    );
  if (state === "failed")
    return (
      <Group gap={4} data-testid="save-state" role="alert">
        <IconAlertTriangle size={14} color="var(--mantine-color-red-6)" />
        <Text size="xs" c="red">
          Not saved
        </Text>
      </Group>
    );
  return null;
}
