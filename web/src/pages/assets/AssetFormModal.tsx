import { Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import type { Asset } from "../../api/models/assets.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { LimitedTextarea } from "../../components/LimitedTextarea.tsx";
import { MemberSelect } from "../../components/program/Pickers.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import {
  ASSET_KINDS,
  CLASSIFICATION_LABELS,
  CLASSIFICATIONS,
  ENVIRONMENT_LABELS,
  ENVIRONMENTS,
  KIND_LABELS,
  options,
} from "./labels.ts";

type Kind = Asset["kind"];
type Form = {
  name: string;
  kind: Kind;
  description: string;
  ownerUserId: string | null;
  classification: Asset["classification"];
  environment: Asset["environment"];
  inScope: boolean;
  externalId: string;
};
const blank: Form = {
  name: "",
  kind: "system",
  description: "",
  ownerUserId: null,
  classification: null,
  environment: null,
  inScope: false,
  externalId: "",
};
const formOf = (a: Asset): Form => ({
  name: a.name,
  kind: a.kind,
  description: a.description ?? "",
  ownerUserId: a.ownerUserId,
  classification: a.classification,
  environment: a.environment,
  inScope: a.inScope,
  externalId: a.externalId ?? "",
});

/** Adds an asset by hand, or changes one (an asset from a connection keeps its name, kind and external id). */
export function AssetFormModal({ opened, onClose, asset }: { opened: boolean; onClose: () => void; asset?: Asset }) {
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>(asset ? formOf(asset) : blank);
  useEffect(() => {
    if (opened) setForm(asset ? formOf(asset) : blank);
  }, [opened, asset]);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const fromConnection = !!asset?.connectionId;
  const save = useMutation({
    mutationFn: () => {
      const body = {
        description: form.description || null,
        ownerUserId: form.ownerUserId,
        classification: form.classification,
        environment: form.environment,
        inScope: form.inScope,
        ...(fromConnection ? {} : { name: form.name, kind: form.kind, externalId: form.externalId || null }),
      };
      return asset
        ? api.PATCH("/api/v1/assets/{id}", { params: { path: { id: asset.id } }, body })
        : api.POST("/api/v1/assets", { body: { ...body, name: form.name, kind: form.kind } });
    },
    onSuccess: (saved) => {
      notifySuccess(asset ? `“${saved.name}” was saved.` : `“${saved.name}” was added to the inventory.`);
      save.reset();
      onClose();
      if (!asset) navigate(`/assets/${saved.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={asset ? `Edit “${asset.name}”` : "Add an asset"} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={save.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Name"
              required
              data-autofocus
              disabled={fromConnection}
              value={form.name}
              onChange={(e) => set({ name: e.currentTarget.value })}
              error={fieldError(save.error, "name")}
            />
            <Select
              label="Kind"
              allowDeselect={false}
              disabled={fromConnection}
              data={options(ASSET_KINDS, KIND_LABELS)}
              value={form.kind}
              onChange={(v) => v && set({ kind: v as Kind })}
            />
            <MemberSelect
              label="Owner"
              placeholder="Who answers for it"
              value={form.ownerUserId}
              onChange={(v) => set({ ownerUserId: v })}
            />
            <Select
              label="Data classification"
              placeholder="Not classified"
              clearable
              data={options(CLASSIFICATIONS, CLASSIFICATION_LABELS)}
              value={form.classification}
              onChange={(v) => set({ classification: v as Form["classification"] })}
            />
            <Select
              label="Environment"
              placeholder="Not set"
              clearable
              data={options(ENVIRONMENTS, ENVIRONMENT_LABELS)}
              value={form.environment}
              onChange={(v) => set({ environment: v as Form["environment"] })}
            />
            <TextInput
              label="External id"
              description="Its id in another system (optional)"
              disabled={fromConnection}
              value={form.externalId}
              onChange={(e) => set({ externalId: e.currentTarget.value })}
            />
          </SimpleGrid>
          <LimitedTextarea
            label="Description"
            limit={4000}
            autosize
            minRows={2}
            value={form.description}
            onChange={(e) => set({ description: e.currentTarget.value })}
          />
          <Checkbox
            label="In the audit's scope (listed in the system description)"
            checked={form.inScope}
            onChange={(e) => set({ inScope: e.currentTarget.checked })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {asset ? "Save" : "Add"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
