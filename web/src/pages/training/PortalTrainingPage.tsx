import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Progress,
  Radio,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconCheck, IconCircleCheck, IconCircleX, IconSchool, IconX } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, apiUrl } from "../../api/client.ts";
import type { AttemptResult, MyTraining, TrainingCourse } from "../../api/models/training.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Markdown } from "../../components/Markdown.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { EXTERNAL_COLORS, TRAINING_STATUS_COLORS, TRAINING_STATUS_LABELS } from "./labels.ts";

type Stage =
  | { kind: "overview" }
  | { kind: "reading"; step: number }
  | { kind: "quiz" }
  | { kind: "result"; result: AttemptResult };

/** The employee's own course: read the modules section by section, take the quiz, see the result, retry. */
export function PortalTrainingPage() {
  const me = useQuery({ queryKey: ["training", "me"], queryFn: () => api.GET("/api/v1/training/me") });
  const course = useQuery({ queryKey: ["training", "course"], queryFn: () => api.GET("/api/v1/training/course") });
  const [stage, setStage] = useState<Stage>({ kind: "overview" });
  const m = me.data;
  const c = course.data;

  if (me.isPending || course.isPending) return <Skeleton h={240} />;
  if (me.error || course.error) return <ErrorAlert error={me.error ?? course.error} />;
  if (!m || !c) return null;

  const steps = c.modules.flatMap((mod, mi) => mod.sections.map((s, si) => ({ mod, mi, s, si })));
  return (
    <Stack gap="lg" maw={860}>
      <PageHeader
        title={c.title}
        description={c.summary}
        actions={
          m.standing && (
            <Badge size="lg" variant="light" color={TRAINING_STATUS_COLORS[m.standing.status]}>
              {TRAINING_STATUS_LABELS[m.standing.status]}
            </Badge>
          )
        }
      />
      {!m.person && (
        <Alert color="yellow" title="You are not in the people directory">
          Training is tracked per person in the people directory. Ask a compliance manager to add you with the email
          address you sign in with. You can still read the course.
        </Alert>
      )}
      {stage.kind === "overview" && (
        <Overview
          m={m}
          c={c}
          onStart={() => setStage({ kind: "reading", step: 0 })}
          onQuiz={() => setStage({ kind: "quiz" })}
        />
      )}
      {stage.kind === "reading" && (
        <Reading
          steps={steps}
          step={stage.step}
          onStep={(step) => setStage({ kind: "reading", step })}
          onDone={() => setStage({ kind: "quiz" })}
          onExit={() => setStage({ kind: "overview" })}
        />
      )}
      {stage.kind === "quiz" && (
        <Quiz
          c={c}
          canSubmit={!!m.person}
          onResult={(result) => setStage({ kind: "result", result })}
          onBack={() => setStage({ kind: "reading", step: steps.length - 1 })}
        />
      )}
      {stage.kind === "result" && (
        <Result
          c={c}
          result={stage.result}
          onRetry={() => setStage({ kind: "quiz" })}
          onReread={() => setStage({ kind: "reading", step: 0 })}
          onOverview={() => setStage({ kind: "overview" })}
        />
      )}
    </Stack>
  );
}

function Overview({
  m,
  c,
  onStart,
  onQuiz,
}: {
  m: MyTraining;
  c: TrainingCourse;
  onStart: () => void;
  onQuiz: () => void;
}) {
  const s = m.standing;
  return (
    <>
      {s && (
        <Alert
          color={TRAINING_STATUS_COLORS[s.status]}
          variant="light"
          title={
            s.status === "complete"
              ? `You are up to date until ${s.validUntil}`
              : s.status === "expired"
                ? `Your training expired on ${s.dueDate}: take it again`
                : s.status === "overdue"
                  ? `Your training was due on ${s.dueDate}`
                  : `Complete your training by ${s.dueDate}`
          }
        >
          {s.status === "complete"
            ? `You completed it on ${s.completedOn}. It is valid for twelve months; you will be asked again before it expires.`
            : `It takes about ${m.course.minutes} minutes: ${c.modules.length} short modules and a ${c.quiz.length}-question quiz. You need ${c.passMark}% to pass, and you can retry.`}
        </Alert>
      )}
      <Card withBorder padding="lg">
        <Title order={2} fz="lg" mb="sm">
          What the course covers
        </Title>
        <List
          spacing={6}
          icon={
            <ThemeIcon size={20} radius="xl" variant="light">
              <IconSchool size={12} />
            </ThemeIcon>
          }
        >
          {c.modules.map((mod) => (
            <List.Item key={mod.id}>
              <Text size="sm">
                {mod.title}{" "}
                <Text span c="dimmed" size="sm">
                  · {mod.minutes} min
                </Text>
              </Text>
            </List.Item>
          ))}
        </List>
        <Group mt="lg">
          <Button onClick={onStart} leftSection={<IconSchool size={16} />}>
            {s?.status === "complete" ? "Read the course again" : "Start the course"}
          </Button>
          <Button variant="default" onClick={onQuiz}>
            Go to the quiz
          </Button>
        </Group>
      </Card>
      {m.attempts.length > 0 && (
        <Card withBorder padding="lg">
          <Title order={2} fz="lg" mb="sm">
            Your attempts
          </Title>
          <Table aria-label="Your quiz attempts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th>Result</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.attempts.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{new Date(a.submittedAt).toLocaleString()}</Table.Td>
                  <Table.Td>
                    {a.score}% (pass mark {a.passMark}%)
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={a.passed ? "teal" : "red"}>
                      {a.passed ? "Passed" : "Not passed"}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <Card withBorder padding="lg">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={2} fz="lg">
              Training taken elsewhere
            </Title>
            <Text size="sm" c="dimmed">
              Took equivalent security training with another provider? Record it with the certificate; a compliance
              manager reviews it.
            </Text>
          </Stack>
          {m.person && (
            <Button component={Link} to="/portal/training/external" variant="default">
              Record external training
            </Button>
          )}
        </Group>
        {m.external.length > 0 && (
          <Stack gap="xs" mt="md">
            {m.external.map((x) => (
              <Group key={x.id} justify="space-between">
                <Text size="sm">
                  {x.courseTitle} · {x.provider} · {x.completedOn}{" "}
                  <Anchor size="sm" href={apiUrl("/api/v1/training/external/{id}/certificate", { path: { id: x.id } })}>
                    certificate
                  </Anchor>
                  {x.decisionNote && (
                    <Text span c="dimmed" size="sm">
                      {" "}
                      · {x.decisionNote}
                    </Text>
                  )}
                </Text>
                <Badge variant="light" color={EXTERNAL_COLORS[x.status]}>
                  {x.status}
                </Badge>
              </Group>
            ))}
          </Stack>
        )}
      </Card>
    </>
  );
}

interface Step {
  mod: TrainingCourse["modules"][number];
  mi: number;
  s: TrainingCourse["modules"][number]["sections"][number];
  si: number;
}

function Reading({
  steps,
  step,
  onStep,
  onDone,
  onExit,
}: {
  steps: Step[];
  step: number;
  onStep: (n: number) => void;
  onDone: () => void;
  onExit: () => void;
}) {
  const cur = steps[step]!;
  const last = step === steps.length - 1;
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby="training-section-title">
      <Stack gap="md">
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Module {cur.mi + 1}: {cur.mod.title} · section {cur.si + 1} of {cur.mod.sections.length}
          </Text>
          <Text size="sm" c="dimmed">
            {step + 1} / {steps.length}
          </Text>
        </Group>
        <Progress value={((step + 1) / steps.length) * 100} aria-label="Reading progress" />
        <Title order={2} fz="xl" id="training-section-title">
          {cur.s.title}
        </Title>
        <Markdown>{cur.s.body}</Markdown>
        <Group justify="space-between">
          <Button variant="subtle" onClick={onExit}>
            Back to the overview
          </Button>
          <Group>
            <Button variant="default" disabled={step === 0} onClick={() => onStep(step - 1)}>
              Previous
            </Button>
            {last ? (
              <Button onClick={onDone}>Take the quiz</Button>
            ) : (
              <Button onClick={() => onStep(step + 1)}>Next</Button>
            )}
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}

function Quiz({
  c,
  canSubmit,
  onResult,
  onBack,
}: {
  c: TrainingCourse;
  canSubmit: boolean;
  onResult: (r: AttemptResult) => void;
  onBack: () => void;
}) {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const submit = useMutation({
    mutationFn: () => api.POST("/api/v1/training/attempts", { body: { answers } }),
    onSuccess: (r) => {
      onResult(r);
      window.scrollTo({ top: 0 });
    },
  });
  const answered = Object.keys(answers).length;
  return (
    <form
      aria-label="Quiz"
      onSubmit={(e) => {
        e.preventDefault();
        submit.mutate();
      }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Answer all {c.quiz.length} questions. You need {c.passMark}% to pass; you see the right answers with your
          result, and you can try again.
        </Text>
        {c.quiz.map((q, i) => (
          <Card key={q.id} withBorder padding="md">
            <Radio.Group
              name={q.id}
              label={`${i + 1}. ${q.prompt}`}
              value={answers[q.id] ?? null}
              onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v }))}
              required
            >
              <Stack gap={8} mt="xs">
                {q.options.map((o) => (
                  <Radio key={o.id} value={o.id} label={o.text} />
                ))}
              </Stack>
            </Radio.Group>
          </Card>
        ))}
        <ErrorAlert error={submit.error} title="The quiz was not submitted" />
        <Group justify="space-between">
          <Button variant="default" onClick={onBack}>
            Back to the course
          </Button>
          <Group>
            <Text size="sm" c="dimmed">
              {answered} of {c.quiz.length} answered
            </Text>
            <Button type="submit" loading={submit.isPending} disabled={!canSubmit || answered < c.quiz.length}>
              Submit answers
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

const optionText = (c: TrainingCourse, questionId: string, optionId: string) =>
  c.quiz
    .find((q) => q.id === questionId)
    ?.options.find((o) => o.id === optionId)
    ?.text.replace(/\.$/, "") ?? optionId;

function Result({
  c,
  result,
  onRetry,
  onReread,
  onOverview,
}: {
  c: TrainingCourse;
  result: AttemptResult;
  onRetry: () => void;
  onReread: () => void;
  onOverview: () => void;
}) {
  return (
    <Stack gap="md">
      <Alert
        color={result.passed ? "teal" : "red"}
        icon={result.passed ? <IconCircleCheck /> : <IconCircleX />}
        title={
          result.passed ? `Passed with ${result.score}%` : `Not passed: ${result.score}% (${result.passMark}% needed)`
        }
      >
        {result.passed
          ? `Well done. Your training is complete and valid until ${result.validUntil}.`
          : `You answered ${result.correct} of ${result.total} correctly. Read the explanations below and try again.`}
      </Alert>
      <Group>
        {!result.passed && <Button onClick={onRetry}>Try again</Button>}
        <Button variant="default" onClick={onReread}>
          Read the course again
        </Button>
        <Button variant="subtle" onClick={onOverview}>
          Back to the overview
        </Button>
      </Group>
      {result.questions.map((q, i) => (
        <Card key={q.id} withBorder padding="md">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <ThemeIcon color={q.isCorrect ? "teal" : "red"} variant="light" radius="xl" size={24}>
              {q.isCorrect ? <IconCheck size={14} /> : <IconX size={14} />}
            </ThemeIcon>
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {i + 1}. {q.prompt}
              </Text>
              {!q.isCorrect && (
                <Text size="sm" c="red.8">
                  Your answer: {optionText(c, q.id, q.chosen)}. Right answer: {optionText(c, q.id, q.correctOption)}
                </Text>
              )}
              <Text size="sm" c="dimmed">
                {q.explanation}
              </Text>
            </Stack>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
