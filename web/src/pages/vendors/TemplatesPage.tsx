import {
  Accordion,
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import type { ResponseOf } from "../../api/types.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { SectionLoader } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";
import { vendorKeys } from "./labels.ts";
import { BackToVendors } from "./VendorMoreLinks.tsx";

type Template = ResponseOf<"/api/v1/vendors/questionnaire-templates">["items"][number];
interface Draft {
  key: number;
  text: string;
  type: "yes_no" | "text";
  weight: number | string;
  favourable: "yes" | "no";
}
const MAX_QUESTIONS = 100;
let nextKey = 1;
const blank = (): Draft => ({ key: nextKey++, text: "", type: "yes_no", weight: 1, favourable: "yes" });

/** Questionnaire templates: the built-in one (read-only) and the organization's own, which can be created and edited. */
export function TemplatesPage() {
  const can = useCan();
  const templates = useQuery({
    queryKey: vendorKeys.templates,
    queryFn: () => api.GET("/api/v1/vendors/questionnaire-templates"),
  });
  const [editing, setEditing] = useState<Template | "new" | null>(null);
  return (
    <>
      <BackToVendors />
      <PageHeader
        title="Questionnaire templates"
        description="The questions a vendor's contact answers when you send a security questionnaire. Each question's weight says how much it counts in the score; weight 0 asks without scoring. Questionnaires already sent keep the questions they went out with."
        actions={
          can("vendors.manage") && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
              New template
            </Button>
          )
        }
      />
      {templates.isPending ? (
        <SectionLoader />
      ) : templates.error ? (
        <ErrorAlert error={templates.error} />
      ) : (
        <Accordion variant="separated" multiple>
          {(templates.data?.items ?? []).map((t) => (
            <Accordion.Item key={t.id} value={t.id} data-testid="questionnaire-template">
              <Accordion.Control>
                <Group gap="sm">
                  <Text fw={600}>{t.name}</Text>
                  <Badge variant="light" color={t.builtIn ? "gray" : "blue"}>
                    {t.builtIn ? "Built-in, read-only" : "Your own"}
                  </Badge>
                  <Text size="sm" c="dimmed">
                    {t.questions.length} {t.questions.length === 1 ? "question" : "questions"}
                  </Text>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  {!t.builtIn && can("vendors.manage") && (
                    <Group>
                      <Button
                        size="xs"
                        variant="default"
                        leftSection={<IconPencil size={14} />}
                        onClick={() => setEditing(t)}
                      >
                        Edit {t.name}
                      </Button>
                    </Group>
                  )}
                  <QuestionTable template={t} />
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
      {editing && <TemplateModal template={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function QuestionTable({ template }: { template: Template }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing={6} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>#</Table.Th>
            <Table.Th>Question</Table.Th>
            <Table.Th w={160}>Answer</Table.Th>
            <Table.Th w={80}>Weight</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {template.questions.map((q, i) => (
            <Table.Tr key={q.id}>
              <Table.Td>{i + 1}</Table.Td>
              <Table.Td>{q.text}</Table.Td>
              <Table.Td>{q.type === "yes_no" ? `Yes/no (${q.favourable ?? "yes"} is good)` : "Text"}</Table.Td>
              <Table.Td>{q.weight}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TemplateModal({ template, onClose }: { template: Template | null; onClose: () => void }) {
  const [name, setName] = useState(template?.name ?? "");
  const [questions, setQuestions] = useState<Draft[]>(
    template
      ? template.questions.map((q) => ({
          key: nextKey++,
          text: q.text,
          type: q.type,
          weight: q.weight,
          favourable: q.favourable ?? "yes",
        }))
      : [blank()],
  );
  const body = () => ({
    name: name.trim(),
    questions: questions.map((q) => ({
      text: q.text.trim(),
      type: q.type,
      weight: Number(q.weight) || 0,
      ...(q.type === "yes_no" ? { favourable: q.favourable } : {}),
    })),
  });
  const save = useMutation({
    mutationFn: () =>
      template
        ? api.PUT("/api/v1/vendor-questionnaire-templates/{templateId}", {
            params: { path: { templateId: template.id } },
            body: body(),
            quiet: true,
          })
        : api.POST("/api/v1/vendors/questionnaire-templates", { body: body(), quiet: true }),
    onSuccess: () => {
      notifySuccess(template ? "Template saved." : "Template created.");
      onClose();
    },
  });
  const set = (key: number, patch: Partial<Draft>) =>
    setQuestions((qs) => qs.map((q) => (q.key === key ? { ...q, ...patch } : q)));
  const unweighted = questions.every((q) => !(Number(q.weight) > 0));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={template ? `Edit ${template.name}` : "New questionnaire template"} size="xl">
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={save.error} />
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(save.error, "name")}
            data-autofocus
          />
          {questions.map((q, i) => (
            <Group key={q.key} align="flex-end" gap="xs" wrap="nowrap" data-testid="template-question">
              <Textarea
                label={`Question ${i + 1}`}
                required
                autosize
                minRows={1}
                style={{ flex: 1 }}
                value={q.text}
                onChange={(e) => set(q.key, { text: e.currentTarget.value })}
              />
              <Select
                label="Answer"
                w={110}
                data={[
                  { value: "yes_no", label: "Yes/no" },
                  { value: "text", label: "Text" },
                ]}
                value={q.type}
                onChange={(v) => set(q.key, { type: (v as Draft["type"]) ?? "yes_no" })}
                allowDeselect={false}
              />
              <Select
                label="Good answer"
                w={110}
                disabled={q.type !== "yes_no"}
                data={[
                  { value: "yes", label: "Yes" },
                  { value: "no", label: "No" },
                ]}
                value={q.favourable}
                onChange={(v) => set(q.key, { favourable: (v as Draft["favourable"]) ?? "yes" })}
                allowDeselect={false}
              />
              <NumberInput
                label="Weight"
                w={80}
                min={0}
                max={10}
                allowDecimal={false}
                value={q.weight}
                onChange={(v) => set(q.key, { weight: v })}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                mb={2}
                aria-label={`Remove question ${i + 1}`}
                disabled={questions.length === 1}
                onClick={() => setQuestions((qs) => qs.filter((x) => x.key !== q.key))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              disabled={questions.length >= MAX_QUESTIONS}
              onClick={() => setQuestions((qs) => [...qs, blank()])}
            >
              Add a question
            </Button>
            <Text size="sm" c={unweighted ? "red.9" : "dimmed"}>
              {unweighted
                ? "Give at least one question a weight above 0."
                : `${questions.length} of at most ${MAX_QUESTIONS} questions`}
            </Text>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim() || unweighted}>
              {template ? "Save template" : "Create template"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
