import { Alert, Button, Card, List, Radio, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconBulb } from "@tabler/icons-react";
import { useState } from "react";
import type { ReportType } from "../../../api/models/program.ts";

type Asked = "type2" | "type1" | "unsure";
type Running = "long" | "recent" | "not_yet";
type Deadline = "soon" | "year" | "none";

const QUESTIONS = [
  {
    key: "asked",
    label: "Has a customer asked for a specific report?",
    options: [
      ["type2", "Yes, Type II"],
      ["type1", "A Type I is fine for them"],
      ["unsure", "Not yet / not sure"],
    ],
  },
  {
    key: "running",
    label: "How long have your security controls been in place?",
    options: [
      ["long", "6 months or more"],
      ["recent", "A few months"],
      ["not_yet", "Many are not in place yet"],
    ],
  },
  {
    key: "deadline",
    label: "When do you need a report in hand?",
    options: [
      ["soon", "Within 3 months"],
      ["year", "In 3–12 months"],
      ["none", "No fixed deadline"],
    ],
  },
] as const;

interface Answers {
  asked?: Asked;
  running?: Running;
  deadline?: Deadline;
}

/** The recommendation and its reasons, from the three answers. Exported for tests and the review step. */
export function recommend(a: Required<Answers>): { type: ReportType; reasons: string[] } {
  const reasons: string[] = [];
  if (a.asked === "type2") {
    reasons.push("Your customer asked for Type II; a Type I would not satisfy the request.");
    if (a.deadline === "soon")
      reasons.push(
        "A Type II window needs at least 3 months. If you need something sooner, a Type I can bridge the gap while the window runs.",
      );
    if (a.running === "not_yet")
      reasons.push("Start the window once the controls are in place; use the months before to close gaps.");
    return { type: "type2", reasons };
  }
  if (a.deadline === "soon" || (a.asked === "type1" && a.running !== "long")) {
    reasons.push("A Type I only needs controls designed and in place on one day: it is the fastest route to a report.");
    if (a.asked === "type1") reasons.push("Your customer accepts a Type I.");
    reasons.push("Plan a Type II to follow: most customers ask for one at the next renewal.");
    return { type: "type1", reasons };
  }
  reasons.push("Most customers expect a Type II: it shows controls worked over months, not just on one day.");
  if (a.running === "long") reasons.push("Your controls already run, so the audit window can start right away.");
  else reasons.push("Start the window once the controls are in place; a 6-month first window is common.");
  return { type: "type2", reasons };
}

/** A few questions that end in a recommendation with reasons; the person still chooses. */
export function TypeHelper({ onChoose }: { onChoose: (t: ReportType) => void }) {
  const [answers, setAnswers] = useState<Answers>({});
  const complete = answers.asked && answers.running && answers.deadline;
  const result = complete ? recommend(answers as Required<Answers>) : null;
  return (
    <Card withBorder padding="md" bg="var(--assay-surface)">
      <Stack gap="md">
        <Text fw={600} size="sm">
          Not sure which one? Answer three questions.
        </Text>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          {QUESTIONS.map((q) => (
            <Radio.Group
              key={q.key}
              label={q.label}
              value={answers[q.key] ?? null}
              onChange={(v) => setAnswers((a) => ({ ...a, [q.key]: v }))}
            >
              <Stack gap={6} mt={6}>
                {q.options.map(([value, label]) => (
                  <Radio key={value} value={value} label={label} size="sm" />
                ))}
              </Stack>
            </Radio.Group>
          ))}
        </SimpleGrid>
        {result && (
          <Alert
            color="brand"
            variant="light"
            icon={<IconBulb size={18} />}
            title={`We recommend ${result.type === "type2" ? "Type II" : "Type I"}`}
            data-testid="type-recommendation"
          >
            <List size="sm" spacing={2}>
              {result.reasons.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
            <Button size="xs" mt="sm" onClick={() => onChoose(result.type)}>
              Use {result.type === "type2" ? "Type II" : "Type I"}
            </Button>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
