import { Group, Radio, SimpleGrid, Stack, Text } from "@mantine/core";
import type { ReportType } from "../../../api/models/program.ts";
import type { Draft, SetDraft } from "./draft.ts";
import { TypeHelper } from "./TypeHelper.tsx";

const TYPES: { value: ReportType; title: string; text: string; fit: string }[] = [
  {
    value: "type2",
    title: "Type II — over a period",
    text: "The auditor tests that your controls worked throughout an audit window, usually 6–12 months.",
    fit: "What most customers ask for. Takes longer: the window has to run first.",
  },
  {
    value: "type1",
    title: "Type I — at a point in time",
    text: "The auditor checks that your controls are designed and in place on one date.",
    fit: "Faster and cheaper. A common first step before a Type II.",
  },
];

export function ReportTypeStep({ draft, set }: { draft: Draft; set: SetDraft }) {
  return (
    <Stack gap="lg">
      <Radio.Group
        value={draft.reportType}
        onChange={(v) => set({ reportType: v as ReportType })}
        label="Which report do you need?"
        description="You can change this later; it decides whether you pick a date or a window next."
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
          {TYPES.map((t) => (
            <Radio.Card key={t.value} value={t.value} p="md" radius="md" withBorder aria-label={t.title}>
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator mt={2} />
                <Stack gap={4}>
                  <Text fw={600}>{t.title}</Text>
                  <Text size="sm">{t.text}</Text>
                  <Text size="xs" c="dimmed">
                    {t.fit}
                  </Text>
                </Stack>
              </Group>
            </Radio.Card>
          ))}
        </SimpleGrid>
      </Radio.Group>
      <TypeHelper onChoose={(t) => set({ reportType: t })} />
    </Stack>
  );
}
