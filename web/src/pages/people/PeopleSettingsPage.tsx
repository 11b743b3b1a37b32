import {
  ActionIcon,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { api } from "../../api/client.ts";
import type { ChecklistTemplate, PeopleSettings } from "../../api/models/people.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { ListEditor } from "../../components/ListEditor.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useListKeys } from "../../lib/use-list-keys.ts";
import { useCan } from "../../session.tsx";
import { ASSIGNEE_LABELS, SATISFIED_BY_LABELS } from "./labels.ts";

type Form = Omit<PeopleSettings, "defaults">;
type Step = ChecklistTemplate["items"][number];

const keyOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^(\d)/, "s_$1")
    .slice(0, 60) || "step";

/** The organization's people settings: offboarding SLA and systems, background checks, checklist templates. */
export function PeopleSettingsPage() {
  const can = useCan();
  const readOnly = !can("people.manage");
  const q = useQuery({ queryKey: ["people", "settings"], queryFn: () => api.GET("/api/v1/people/settings") });
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    if (q.data && !form) {
      const { defaults: _d, ...rest } = q.data;
      setForm(rest);
    }
  }, [q.data, form]);
  const save = useMutation({
    mutationFn: (body: Form) => api.PUT("/api/v1/people/settings", { body }),
    onSuccess: () => notifySuccess("The people settings were saved."),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form) save.mutate(form);
  };
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => (f ? { ...f, [k]: v } : f));
  const templateKeys = useListKeys(form?.templates.length ?? 0);
  const setTemplate = (i: number, t: ChecklistTemplate) =>
    set(
      "templates",
      form!.templates.map((x, j) => (j === i ? t : x)),
    );
  return (
    <>
      <PageHeader
        title="People settings"
        description="How fast access must be revoked when someone leaves, who needs a background check, and the steps of each on- and offboarding checklist."
      />
      <ErrorAlert error={q.error ?? save.error} />
      {!form ? (
        <Skeleton h={300} />
      ) : (
        <form onSubmit={submit}>
          <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
            <Stack gap="lg">
              <SectionCard
                title="Offboarding"
                description="Each system below gets an access revocation step; one done later than the SLA after the person's last day is a deviation."
              >
                <Stack>
                  <NumberInput
                    label="Revoke access within (hours after the end of the last day)"
                    min={1}
                    max={720}
                    w={360}
                    value={form.offboardingSlaHours}
                    onChange={(v) => set("offboardingSlaHours", Number(v) || 1)}
                  />
                  <ListEditor
                    label="Systems whose access is revoked"
                    value={form.offboardingSystems}
                    onChange={(v) => set("offboardingSystems", v)}
                    placeholder="e.g. GitHub"
                  />
                </Stack>
              </SectionCard>
              <SectionCard
                title="Background checks"
                description="Only the date, provider and outcome of a check are kept."
              >
                <Group align="flex-end">
                  <Select
                    label="Who needs one"
                    allowDeselect={false}
                    w={260}
                    data={[
                      { value: "everyone", label: "Employees and contractors" },
                      { value: "employees", label: "Employees only" },
                      { value: "none", label: "Nobody" },
                    ]}
                    value={form.backgroundCheckFor}
                    onChange={(v) => v && set("backgroundCheckFor", v as Form["backgroundCheckFor"])}
                  />
                  <NumberInput
                    label="Check again after (months; empty: never)"
                    min={1}
                    max={120}
                    w={300}
                    value={form.backgroundRecheckMonths ?? ""}
                    onChange={(v) => set("backgroundRecheckMonths", v === "" ? null : Number(v))}
                  />
                </Group>
              </SectionCard>
              {form.templates.map((t, i) => (
                <TemplateCard
                  key={templateKeys.keys[i]}
                  template={t}
                  onChange={(next) => setTemplate(i, next)}
                  onRemove={
                    t.titles.length
                      ? () => {
                          templateKeys.removed(i);
                          set(
                            "templates",
                            form.templates.filter((_, j) => j !== i),
                          );
                        }
                      : undefined
                  }
                />
              ))}
              {!readOnly && (
                <Group justify="space-between">
                  <Group>
                    {(["onboarding", "offboarding"] as const).map((checklist) => (
                      <Button
                        key={checklist}
                        variant="default"
                        leftSection={<IconPlus size={16} />}
                        onClick={() =>
                          set("templates", [
                            ...form.templates,
                            {
                              checklist,
                              titles: [],
                              items: [{ key: "step", title: "New step", assignee: "manager", dueDays: 0 }],
                            },
                          ])
                        }
                      >
                        {checklist === "onboarding" ? "Onboarding" : "Offboarding"} template for some titles
                      </Button>
                    ))}
                  </Group>
                  <Button type="submit" loading={save.isPending}>
                    Save settings
                  </Button>
                </Group>
              )}
            </Stack>
          </fieldset>
        </form>
      )}
    </>
  );
}

function TemplateCard({
  template,
  onChange,
  onRemove,
}: {
  template: ChecklistTemplate;
  onChange: (t: ChecklistTemplate) => void;
  onRemove?: () => void;
}) {
  const stepKeys = useListKeys(template.items.length);
  const setStep = (j: number, s: Partial<Step>) =>
    onChange({ ...template, items: template.items.map((x, k) => (k === j ? { ...x, ...s } : x)) });
  const name = `${template.checklist === "onboarding" ? "Onboarding" : "Offboarding"} ${template.titles.length ? `for ${template.titles.join(", ") || "…"}` : "(default)"}`;
  return (
    <Card withBorder component="section" aria-label={name}>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="lg">
          {name}
        </Title>
        {onRemove && (
          <Button variant="subtle" color="red" size="xs" onClick={onRemove}>
            Remove template
          </Button>
        )}
      </Group>
      {template.titles.length > 0 || onRemove ? (
        <ListEditor
          label="Job titles"
          value={template.titles}
          onChange={(titles) => onChange({ ...template, titles })}
          placeholder="e.g. Backend engineer"
        />
      ) : (
        <Text size="sm" c="dimmed" mb="sm">
          For everyone whose job title no other template lists.
          {template.checklist === "offboarding" && " Access revocation steps come from the systems above."}
        </Text>
      )}
      <Stack gap="xs" mt="sm">
        {template.items.map((s, j) => (
          <Group key={stepKeys.keys[j]} gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              label={j === 0 ? "Step" : undefined}
              aria-label="Step"
              style={{ flex: "1 1 240px" }}
              value={s.title}
              onChange={(e) => setStep(j, { title: e.currentTarget.value, key: keyOf(e.currentTarget.value) })}
            />
            <Select
              label={j === 0 ? "Who" : undefined}
              aria-label="Who"
              w={150}
              allowDeselect={false}
              data={(["person", "manager"] as const).map((v) => ({ value: v, label: ASSIGNEE_LABELS[v] }))}
              value={s.assignee === "member" ? "manager" : s.assignee}
              onChange={(v) => v && setStep(j, { assignee: v as Step["assignee"] })}
            />
            <Select
              label={j === 0 ? "Completed by" : undefined}
              aria-label="Completed by"
              w={200}
              clearable
              placeholder="By hand"
              data={Object.entries(SATISFIED_BY_LABELS).map(([value, label]) => ({ value, label }))}
              value={s.satisfiedBy ?? null}
              onChange={(v) => setStep(j, { satisfiedBy: (v as Step["satisfiedBy"]) ?? null })}
            />
            <NumberInput
              label={j === 0 ? "Due (days)" : undefined}
              aria-label="Due (days after start or last day)"
              w={110}
              min={0}
              max={365}
              value={s.dueDays}
              onChange={(v) => setStep(j, { dueDays: Number(v) || 0 })}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove ${s.title}`}
              disabled={template.items.length === 1}
              onClick={() => {
                stepKeys.removed(j);
                onChange({ ...template, items: template.items.filter((_, k) => k !== j) });
              }}
              mb={4}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="xs"
          w="fit-content"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            onChange({
              ...template,
              items: [...template.items, { key: "step", title: "New step", assignee: "manager", dueDays: 0 }],
            })
          }
        >
          Add a step
        </Button>
      </Stack>
    </Card>
  );
}
