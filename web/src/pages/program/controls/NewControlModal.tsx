import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../../api/client.ts";
import type { Frequency, NatureMode, NatureType } from "../../../api/models/program.ts";
import { ErrorAlert, fieldError } from "../../../components/ErrorAlert.tsx";
import { LimitedTextarea } from "../../../components/LimitedTextarea.tsx";
import { ListEditor } from "../../../components/ListEditor.tsx";
import { CriteriaMultiSelect, MemberSelect } from "../../../components/program/Pickers.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { useProgram } from "../../../program/context.tsx";
import { FREQUENCY_LABELS, NATURE_MODE_LABELS, NATURE_TYPE_LABELS, options } from "../../../program/labels.ts";
import { inProgram } from "../../../program/queries.ts";

const EMPTY = {
  key: "",
  name: "",
  description: "",
  criteria: [] as string[],
  ownerUserId: null as string | null,
  frequency: "annually" as Frequency,
  natureType: "preventive" as NatureType,
  natureMode: "manual" as NatureMode,
  evidence: [] as string[],
  guidance: "",
};

/** The fields a control cannot be added without, with what to say when one is missing (the server's words). */
const REQUIRED = {
  name: (f: typeof EMPTY) => (f.name.trim() ? undefined : "Give the control a name."),
  description: (f: typeof EMPTY) => (f.description.trim() ? undefined : "Describe the control."),
  criteria: (f: typeof EMPTY) => (f.criteria.length ? undefined : "Map the control to at least one criterion."),
};
type Required = keyof typeof REQUIRED;

/** A control of your own, for what the library does not cover. Its id defaults to the next CUS-nn. */
export function NewControlModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const program = useProgram();
  const navigate = useNavigate();
  const [form, setForm] = useState(EMPTY);
  // A required field shows its error once it was left, or when a submit was tried.
  const [touched, setTouched] = useState<Set<Required>>(new Set());
  const touch = (f: Required) => () => setTouched((t) => new Set(t).add(f));
  const set = (patch: Partial<typeof EMPTY>) => setForm((f) => ({ ...f, ...patch }));
  const create = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/programs/{programId}/controls", {
        ...inProgram(program.id),
        body: { ...form, key: form.key.trim() || undefined },
      }),
    onSuccess: (c) => {
      notifySuccess(`${c.key} added to the program.`);
      setForm(EMPTY);
      setTouched(new Set());
      onClose();
      navigate(`/programs/${program.id}/controls/${c.key}`);
    },
  });
  const fields = Object.keys(REQUIRED) as Required[];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(new Set(fields));
    if (fields.every((f) => !REQUIRED[f](form))) create.mutate();
  };
  const err = (f: string) =>
    (touched.has(f as Required) && REQUIRED[f as Required]?.(form)) || fieldError(create.error, f);
  return (
    <Modal opened={opened} onClose={onClose} title="Add a custom control" size="xl">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert
            error={create.error && !["name", "description", "criteria", "key"].some(err) ? create.error : null}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="Id"
              placeholder="CUS-01 (automatic)"
              description="Optional"
              value={form.key}
              onChange={(e) => set({ key: e.currentTarget.value.toUpperCase() })}
              error={err("key")}
            />
            <TextInput
              label="Name"
              required
              data-autofocus
              value={form.name}
              onChange={(e) => set({ name: e.currentTarget.value })}
              onBlur={touch("name")}
              error={err("name")}
              style={{ gridColumn: "span 2" }}
              maxLength={300}
            />
          </SimpleGrid>
          <LimitedTextarea
            label="Description"
            required
            autosize
            minRows={2}
            value={form.description}
            onChange={(e) => set({ description: e.currentTarget.value })}
            onBlur={touch("description")}
            error={err("description")}
            placeholder="What is done, by whom, how often."
          />
          <CriteriaMultiSelect
            label="Criteria it addresses"
            required
            value={form.criteria}
            onChange={(criteria) => set({ criteria })}
            onBlur={touch("criteria")}
            error={err("criteria")}
            placeholder="Search, e.g. CC6.1 or access"
          />
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <MemberSelect
              label="Owner"
              placeholder="Unassigned"
              value={form.ownerUserId}
              onChange={(v) => set({ ownerUserId: v })}
            />
            <Select
              label="Frequency"
              data={options(FREQUENCY_LABELS)}
              value={form.frequency}
              onChange={(v) => v && set({ frequency: v })}
              allowDeselect={false}
            />
            <Select
              label="Type"
              data={options(NATURE_TYPE_LABELS)}
              value={form.natureType}
              onChange={(v) => v && set({ natureType: v })}
              allowDeselect={false}
            />
            <Select
              label="Mode"
              data={options(NATURE_MODE_LABELS)}
              value={form.natureMode}
              onChange={(v) => v && set({ natureMode: v })}
              allowDeselect={false}
            />
          </SimpleGrid>
          <ListEditor
            label="Evidence expected"
            placeholder="e.g. Quarterly review sign-off"
            value={form.evidence}
            onChange={(evidence) => set({ evidence })}
          />
          <Textarea
            label="Guidance"
            description="Tips for whoever implements it. Simple Markdown works."
            autosize
            minRows={2}
            value={form.guidance}
            onChange={(e) => set({ guidance: e.currentTarget.value })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add control
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
