import { NumberInput, Select, SimpleGrid, Stack, Switch, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import { LimitedTextarea, TEXT_LIMITS } from "../../components/LimitedTextarea.tsx";
import { ListEditor } from "../../components/ListEditor.tsx";
import { AssetPicker } from "../assets/AssetPicker.tsx";
import { INCIDENT_SEVERITIES, type IncidentSeverity, SEVERITY_LABELS } from "./labels.ts";

/** Members who may command an incident (the API pages at 100). */
export const useCommanders = () =>
  useQuery({
    queryKey: ["members", "incident-commanders"],
    queryFn: () => api.GET("/api/v1/members", { params: { query: { pageSize: 100 } } }),
    select: (d) =>
      d.items
        .filter((m) => ["owner", "admin", "compliance_manager", "control_owner"].includes(m.role))
        .map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` })),
    staleTime: 60_000,
  });

/** What a person writes about an incident, when logging it and when editing its details (`detectedAt` as typed). */
export interface IncidentFieldValues {
  title: string;
  summary: string;
  severity: IncidentSeverity;
  category: string;
  reportedBy: string;
  ownerUserId: string | null;
  detectedAt: string;
  affectedAssetIds: string[];
  affectedSystems: string[];
  dataCategories: string[];
  personalData: boolean;
  recordsEstimate: number | null;
}

/**
 * The incident's own fields, laid out in `columns` (two in the "Log an incident" dialog, three on its page);
 * `knownAssets` names the assets it already links to.
 */
export function IncidentFields({
  value: f,
  onChange,
  columns,
  knownAssets = [],
}: {
  value: IncidentFieldValues;
  onChange: (v: IncidentFieldValues) => void;
  columns: 2 | 3;
  knownAssets?: Parameters<typeof AssetPicker>[0]["known"];
}) {
  const commanders = useCommanders();
  const set = <K extends keyof IncidentFieldValues>(k: K, v: IncidentFieldValues[K]) => onChange({ ...f, [k]: v });
  return (
    <Stack gap="sm">
      <TextInput
        label="Title"
        required
        maxLength={TEXT_LIMITS.title}
        value={f.title}
        onChange={(e) => set("title", e.currentTarget.value)}
        data-autofocus
      />
      <SimpleGrid cols={{ base: 1, sm: columns }}>
        <Select
          label="Severity"
          required
          allowDeselect={false}
          data={INCIDENT_SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
          value={f.severity}
          onChange={(v) => v && set("severity", v as IncidentSeverity)}
        />
        <Select
          label="Incident commander"
          placeholder="Pick a member"
          clearable
          searchable
          data={commanders.data ?? []}
          value={f.ownerUserId}
          onChange={(v) => set("ownerUserId", v)}
        />
        <TextInput
          label="Detected at"
          type="datetime-local"
          required
          value={f.detectedAt}
          onChange={(e) => set("detectedAt", e.currentTarget.value)}
        />
        <TextInput
          label="Category"
          placeholder="e.g. phishing, outage, data exposure"
          maxLength={TEXT_LIMITS.name}
          value={f.category}
          onChange={(e) => set("category", e.currentTarget.value)}
        />
        <TextInput
          label="Reported by"
          placeholder="A person, a customer, an alert"
          maxLength={TEXT_LIMITS.name}
          value={f.reportedBy}
          onChange={(e) => set("reportedBy", e.currentTarget.value)}
        />
        <NumberInput
          label="Records affected (estimate)"
          min={0}
          allowDecimal={false}
          value={f.recordsEstimate ?? ""}
          onChange={(v) => set("recordsEstimate", typeof v === "number" ? v : null)}
        />
      </SimpleGrid>
      <LimitedTextarea
        label="Summary"
        autosize
        minRows={2}
        value={f.summary}
        onChange={(e) => set("summary", e.currentTarget.value)}
      />
      <SimpleGrid cols={{ base: 1, sm: columns }}>
        <AssetPicker
          label="Affected assets"
          known={knownAssets}
          value={f.affectedAssetIds}
          onChange={(v) => set("affectedAssetIds", v)}
        />
        <ListEditor
          label="Other affected systems"
          placeholder="A system the inventory does not hold"
          value={f.affectedSystems}
          onChange={(v) => set("affectedSystems", v)}
        />
        <ListEditor
          label="Data affected"
          placeholder="e.g. customer emails"
          value={f.dataCategories}
          onChange={(v) => set("dataCategories", v)}
        />
      </SimpleGrid>
      <Switch
        label="Personal data affected"
        checked={f.personalData}
        onChange={(e) => set("personalData", e.currentTarget.checked)}
      />
    </Stack>
  );
}
