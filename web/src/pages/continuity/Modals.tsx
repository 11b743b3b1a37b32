import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { api } from "../../api/client.ts";
import type { ContinuityPlan, ContinuityTest, RecoveryObjective } from "../../api/models/assets.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { LimitedTextarea } from "../../components/LimitedTextarea.tsx";
import { MemberSelect } from "../../components/program/Pickers.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { KIND_LABELS } from "../assets/labels.ts";
import { ProofFileInput, useProofUpload } from "../evidence/components/ProofFile.tsx";
import { type Duration, DurationInput, durationBody, emptyDuration } from "./DurationInput.tsx";
import {
  continuityKeys,
  PLAN_KIND_LABELS,
  PLAN_KINDS,
  RESULT_LABELS,
  RESULTS,
  TEST_KIND_LABELS,
  TEST_KINDS,
} from "./labels.ts";

const today = () => dayjs().format("YYYY-MM-DD");
const opts = <K extends string>(keys: readonly K[], labels: Record<K, string>) =>
  keys.map((value) => ({ value, label: labels[value] }));

function FormModal({
  opened,
  onClose,
  title,
  error,
  pending,
  submitLabel,
  onSubmit,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={error} />
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The systems and data stores of the inventory: what objectives and restore tests are about. */
function useRecoverableAssets(enabled: boolean) {
  return useQuery({
    queryKey: ["assets", "list", "recoverable"],
    queryFn: () => api.GET("/api/v1/assets", { params: { query: { pageSize: 100 } } }),
    enabled,
    select: (r) =>
      r.items
        .filter((a) => a.kind === "system" || a.kind === "data_store")
        .map((a) => ({ value: a.id, label: `${a.name} (${KIND_LABELS[a.kind].toLowerCase()})` })),
  });
}

type PlanForm = {
  name: string;
  kind: ContinuityPlan["kind"];
  ownerUserId: string | null;
  documentUrl: string;
  lastReviewedOn: string;
  nextReviewOn: string;
  description: string;
};

export function PlanModal({ opened, onClose, plan }: { opened: boolean; onClose: () => void; plan?: ContinuityPlan }) {
  const initial = (): PlanForm => ({
    name: plan?.name ?? "",
    kind: plan?.kind ?? "disaster_recovery",
    ownerUserId: plan?.ownerUserId ?? null,
    documentUrl: plan?.documentUrl ?? "",
    lastReviewedOn: plan?.lastReviewedOn ?? "",
    nextReviewOn: plan?.nextReviewOn ?? "",
    description: plan?.description ?? "",
  });
  const [f, setF] = useState<PlanForm>(initial);
  const [file, setFile] = useState<File | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (opened) {
      setF(initial());
      setFile(null);
    }
  }, [opened]);
  const set = (p: Partial<PlanForm>) => setF((x) => ({ ...x, ...p }));
  const upload = useProofUpload();
  const save = useMutation({
    mutationFn: async () => {
      const evidenceId = await upload(file, `Continuity plan: ${f.name}`);
      const body = {
        name: f.name,
        kind: f.kind,
        ownerUserId: f.ownerUserId,
        documentUrl: f.documentUrl || null,
        lastReviewedOn: f.lastReviewedOn || null,
        nextReviewOn: f.nextReviewOn || null,
        description: f.description || null,
        ...(evidenceId ? { evidenceId } : {}),
      };
      return plan
        ? api.PATCH("/api/v1/continuity/plans/{id}", { params: { path: { id: plan.id } }, body })
        : api.POST("/api/v1/continuity/plans", { body });
    },
    onSuccess: (p) => {
      notifySuccess(`“${p.name}” was saved.`);
      save.reset();
      onClose();
    },
  });
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={plan ? `Edit “${plan.name}”` : "Add a plan"}
      error={save.error}
      pending={save.isPending}
      submitLabel={plan ? "Save" : "Add"}
      onSubmit={() => save.mutate()}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Name"
          required
          data-autofocus
          value={f.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={fieldError(save.error, "name")}
        />
        <Select
          label="Kind"
          allowDeselect={false}
          data={opts(PLAN_KINDS, PLAN_KIND_LABELS)}
          value={f.kind}
          onChange={(v) => v && set({ kind: v as PlanForm["kind"] })}
        />
        <MemberSelect label="Owner" value={f.ownerUserId} onChange={(v) => set({ ownerUserId: v })} />
        <TextInput
          label="Link to the document"
          placeholder="https://…"
          value={f.documentUrl}
          onChange={(e) => set({ documentUrl: e.currentTarget.value })}
          error={fieldError(save.error, "documentUrl")}
        />
        <TextInput
          label="Last reviewed and approved"
          type="date"
          max={today()}
          value={f.lastReviewedOn}
          onChange={(e) => set({ lastReviewedOn: e.currentTarget.value })}
          error={fieldError(save.error, "lastReviewedOn")}
        />
        <TextInput
          label="Next review"
          description="12 months after the last review when left empty"
          type="date"
          value={f.nextReviewOn}
          onChange={(e) => set({ nextReviewOn: e.currentTarget.value })}
          error={fieldError(save.error, "nextReviewOn")}
        />
      </SimpleGrid>
      <ProofFileInput value={file} onChange={setFile} />
      <LimitedTextarea
        label="Description"
        autosize
        minRows={2}
        value={f.description}
        onChange={(e) => set({ description: e.currentTarget.value })}
      />
    </FormModal>
  );
}

export function ObjectiveModal({
  opened,
  onClose,
  objective,
}: {
  opened: boolean;
  onClose: () => void;
  objective?: RecoveryObjective;
}) {
  const [assetId, setAssetId] = useState<string | null>(null);
  const [rto, setRto] = useState<Duration>(emptyDuration());
  const [rpo, setRpo] = useState<Duration>(emptyDuration());
  const [notes, setNotes] = useState("");
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (!opened) return;
    setAssetId(objective?.assetId ?? null);
    setRto(toDuration(objective?.rtoMinutes));
    setRpo(toDuration(objective?.rpoMinutes));
    setNotes(objective?.notes ?? "");
  }, [opened]);
  const systems = useRecoverableAssets(opened && !objective);
  const save = useMutation({
    mutationFn: () => {
      const body = { rto: durationBody(rto), rpo: durationBody(rpo), notes: notes || null };
      return objective
        ? api.PATCH("/api/v1/continuity/objectives/{id}", { params: { path: { id: objective.id } }, body })
        : api.POST("/api/v1/continuity/objectives", { body: { ...body, assetId: assetId ?? "" } });
    },
    onSuccess: (o) => {
      notifySuccess(`The recovery objectives of “${o.assetName}” were saved.`);
      save.reset();
      onClose();
    },
  });
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={objective ? `Recovery objectives of “${objective.assetName}”` : "Set recovery objectives"}
      error={save.error}
      pending={save.isPending}
      submitLabel="Save"
      onSubmit={() => save.mutate()}
    >
      {!objective && (
        <Select
          label="System or data store"
          description="From the asset inventory"
          required
          searchable
          data={systems.data ?? []}
          nothingFoundMessage="Add the system to the asset inventory first"
          value={assetId}
          onChange={setAssetId}
          error={fieldError(save.error, "assetId")}
        />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DurationInput
          label="RTO"
          description="How long it may be down"
          value={rto}
          onChange={setRto}
          error={fieldError(save.error, "rto.value")}
        />
        <DurationInput
          label="RPO"
          description="How much recent data may be lost"
          value={rpo}
          onChange={setRpo}
          error={fieldError(save.error, "rpo.value")}
        />
      </SimpleGrid>
      <LimitedTextarea
        label="Notes"
        limit={2000}
        autosize
        minRows={2}
        value={notes}
        onChange={(e) => setNotes(e.currentTarget.value)}
      />
    </FormModal>
  );
}

/** Minutes as people enter them: whole hours in hours, the rest in minutes. */
const toDuration = (m: number | null | undefined, unit: Duration["unit"] = "hours"): Duration =>
  m === null || m === undefined
    ? emptyDuration(unit)
    : m % 60
      ? { value: m, unit: "minutes" }
      : { value: m / 60, unit: "hours" };

type TestForm = {
  kind: (typeof TEST_KINDS)[number];
  performedOn: string;
  scenario: string;
  result: (typeof RESULTS)[number];
  assetIds: string[];
  planId: string | null;
  findings: string;
};

/** Records a test, or — given `test` — corrects it (the systems it covered keep the objectives they had then). */
export function TestModal({ opened, onClose, test }: { opened: boolean; onClose: () => void; test?: ContinuityTest }) {
  const blank = (): TestForm => ({
    kind: test?.kind ?? "restore_test",
    performedOn: test?.performedOn ?? today(),
    scenario: test?.scenario ?? "",
    result: test?.result ?? "pass",
    assetIds: test?.systems.map((s) => s.assetId) ?? [],
    planId: test?.planId ?? null,
    findings: test?.findings ?? "",
  });
  const [f, setF] = useState<TestForm>(blank);
  const [recovery, setRecovery] = useState<Duration>(emptyDuration());
  const [loss, setLoss] = useState<Duration>(emptyDuration("minutes"));
  const [file, setFile] = useState<File | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (!opened) return;
    setF(blank());
    setRecovery(toDuration(test?.recoveryMinutes));
    setLoss(toDuration(test?.dataLossMinutes, "minutes"));
    setFile(null);
  }, [opened]);
  const set = (p: Partial<TestForm>) => setF((x) => ({ ...x, ...p }));
  const systems = useRecoverableAssets(opened);
  const plans = useQuery({
    queryKey: continuityKeys.plans,
    queryFn: () => api.GET("/api/v1/continuity/plans"),
    enabled: opened,
  });
  const upload = useProofUpload();
  const save = useMutation({
    mutationFn: async () => {
      const body = {
        ...f,
        findings: f.findings || null,
        recoveryTime: durationBody(recovery),
        dataLoss: durationBody(loss),
      };
      const evidenceId = file ? await upload(file, `${TEST_KIND_LABELS[f.kind]} on ${f.performedOn}`) : undefined;
      return test
        ? api.PATCH("/api/v1/continuity/tests/{id}", {
            params: { path: { id: test.id } },
            body: { ...body, ...(evidenceId ? { evidenceId } : {}) },
          })
        : api.POST("/api/v1/continuity/tests", { body: { ...body, evidenceId: evidenceId ?? null } });
    },
    onSuccess: (t) => {
      const done = test ? "The test was corrected" : "The test was recorded";
      notifySuccess(t.outcome === "missed" ? `${done}: it missed the objectives of a system it covered.` : `${done}.`);
      save.reset();
      onClose();
    },
  });
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={test ? "Correct the test" : "Record a test"}
      error={save.error}
      pending={save.isPending}
      submitLabel={test ? "Save" : "Record"}
      onSubmit={() => save.mutate()}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label="Kind"
          allowDeselect={false}
          data={opts(TEST_KINDS, TEST_KIND_LABELS)}
          value={f.kind}
          onChange={(v) => v && set({ kind: v as TestForm["kind"] })}
        />
        <TextInput
          label="Date"
          type="date"
          required
          max={today()}
          value={f.performedOn}
          onChange={(e) => set({ performedOn: e.currentTarget.value })}
          error={fieldError(save.error, "performedOn")}
        />
        <Select
          label="Result"
          allowDeselect={false}
          data={opts(RESULTS, RESULT_LABELS)}
          value={f.result}
          onChange={(v) => v && set({ result: v as TestForm["result"] })}
        />
      </SimpleGrid>
      <LimitedTextarea
        label="Scenario"
        description="What was restored or failed over, and how"
        required
        limit={2000}
        autosize
        minRows={2}
        data-autofocus
        value={f.scenario}
        onChange={(e) => set({ scenario: e.currentTarget.value })}
        error={fieldError(save.error, "scenario")}
      />
      <MultiSelect
        label="Systems covered"
        searchable
        data={systems.data ?? []}
        value={f.assetIds}
        onChange={(v) => set({ assetIds: v })}
        error={fieldError(save.error, "assetIds")}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DurationInput label="Recovery time achieved" value={recovery} onChange={setRecovery} />
        <DurationInput
          label="Data lost"
          description="Time since the last restorable point"
          value={loss}
          onChange={setLoss}
        />
      </SimpleGrid>
      <Select
        label="Plan exercised (optional)"
        clearable
        data={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={f.planId}
        onChange={(v) => set({ planId: v })}
      />
      <LimitedTextarea
        label="Findings"
        autosize
        minRows={2}
        value={f.findings}
        onChange={(e) => set({ findings: e.currentTarget.value })}
      />
      <ProofFileInput value={file} onChange={setFile} />
    </FormModal>
  );
}
