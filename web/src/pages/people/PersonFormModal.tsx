import { Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import type { Person, PersonInput } from "../../api/models/people.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { KIND_LABELS, STATUS_LABELS } from "./labels.ts";

type Form = Required<Omit<PersonInput, "managerId">> & { managerId: string | null };
const empty: Form = {
  email: "",
  fullName: "",
  kind: "employee",
  status: "active",
  title: "",
  department: "",
  managerId: null,
  startDate: "",
  endDate: "",
};

/** A searchable picker of people in the directory (the manager of someone). */
export function PersonPicker({
  value,
  onChange,
  exclude,
  initial,
  label = "Manager",
  error,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  exclude?: string;
  initial?: { id: string; fullName: string } | null;
  label?: string;
  error?: string;
}) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 250);
  const found = useQuery({
    queryKey: ["people", "picker", q],
    queryFn: () => api.GET("/api/v1/people", { params: { query: { q: q || undefined, pageSize: 20 } } }),
  });
  const options = new Map<string, string>();
  if (initial) options.set(initial.id, initial.fullName);
  for (const p of found.data?.items ?? []) if (p.id !== exclude) options.set(p.id, `${p.fullName} (${p.email})`);
  return (
    <Select
      label={label}
      placeholder="Search by name or email"
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={found.isPending ? "Searching…" : "Nobody found"}
      data={[...options].map(([value, label]) => ({ value, label }))}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}

/** Add a person by hand, or edit one. */
export function PersonFormModal({
  opened,
  onClose,
  person,
  manager,
}: {
  opened: boolean;
  onClose: () => void;
  person?: Person;
  manager?: { id: string; fullName: string } | null;
}) {
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>(() =>
    person
      ? {
          email: person.email,
          fullName: person.fullName,
          kind: person.kind,
          status: person.status,
          title: person.title ?? "",
          department: person.department ?? "",
          managerId: person.managerId,
          startDate: person.startDate ?? "",
          endDate: person.endDate ?? "",
        }
      : empty,
  );
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const save = useMutation({
    mutationFn: () => {
      const body = { ...form, startDate: form.startDate || null, endDate: form.endDate || null };
      return person
        ? api.PATCH("/api/v1/people/{id}", { params: { path: { id: person.id } }, body })
        : api.POST("/api/v1/people", { body });
    },
    onSuccess: (saved) => {
      notifySuccess(person ? `${saved.fullName} was updated.` : `${saved.fullName} was added to the directory.`);
      onClose();
      if (!person) {
        setForm(empty);
        navigate(`/people/${saved.id}`);
      }
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = (f: string) => fieldError(save.error, f);
  return (
    <Modal opened={opened} onClose={onClose} title={person ? `Edit ${person.fullName}` : "Add a person"} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={save.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Full name"
              required
              data-autofocus
              value={form.fullName}
              onChange={(e) => set("fullName", e.currentTarget.value)}
              error={err("fullName")}
            />
            <TextInput
              label="Work email"
              type="email"
              required
              value={form.email}
              onChange={(e) => set("email", e.currentTarget.value)}
              error={err("email")}
            />
            <TextInput
              label="Job title"
              description="Checklist templates are chosen by it"
              value={form.title ?? ""}
              onChange={(e) => set("title", e.currentTarget.value)}
              error={err("title")}
            />
            <TextInput
              label="Department"
              value={form.department ?? ""}
              onChange={(e) => set("department", e.currentTarget.value)}
              error={err("department")}
            />
            <Select
              label="Kind"
              allowDeselect={false}
              data={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
              value={form.kind}
              onChange={(v) => v && set("kind", v as Form["kind"])}
            />
            <Select
              label="Status"
              description="Onboarding starts the onboarding checklist; left starts offboarding"
              allowDeselect={false}
              data={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
              value={form.status}
              onChange={(v) => v && set("status", v as Form["status"])}
            />
            <TextInput
              label="Start date"
              type="date"
              value={form.startDate ?? ""}
              onChange={(e) => set("startDate", e.currentTarget.value)}
              error={err("startDate")}
            />
            <TextInput
              label="End date"
              type="date"
              value={form.endDate ?? ""}
              onChange={(e) => set("endDate", e.currentTarget.value)}
              error={err("endDate")}
            />
          </SimpleGrid>
          <PersonPicker
            value={form.managerId}
            onChange={(v) => set("managerId", v)}
            exclude={person?.id}
            initial={manager}
            error={err("managerId")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {person ? "Save" : "Add person"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
