import {
  Alert,
  Button,
  Checkbox,
  FileButton,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconUpload } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import {
  ACCESS_CADENCE_LABELS,
  ACCESS_RESOURCE_TYPE_LABELS,
  type AccessCadence,
  REVIEWABLE_RESOURCE_TYPES,
} from "../../../../src/core/access-review.ts";
import { addDays, utcDay } from "../../../../src/core/dates.ts";
import { api } from "../../api/client.ts";
import type { NewAccessReview } from "../../api/models/access-reviews.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { TEXT_LIMITS } from "../../components/LimitedTextarea.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useMembers } from "../../program/queries.ts";

type ResourceType = (typeof REVIEWABLE_RESOURCE_TYPES)[number];

/** Launching a review: where the accounts come from, who reviews them, by when, and how often it recurs. */
export function LaunchModal({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const [source, setSource] = useState<"connection" | "csv">("csv");
  const [name, setName] = useState("");
  const [system, setSystem] = useState("");
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [types, setTypes] = useState<ResourceType[]>([]);
  const [csv, setCsv] = useState("");
  const [reviewerRule, setReviewerRule] = useState<"manager" | "system_owner">("manager");
  const [systemOwner, setSystemOwner] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState(addDays(utcDay(), 14));
  const [cadence, setCadence] = useState<AccessCadence>("quarterly");
  const sources = useQuery({
    queryKey: ["access-reviews", "sources"],
    queryFn: () => api.GET("/api/v1/access-reviews/sources"),
  });
  const members = useMembers();
  const chosen = sources.data?.items.find((s) => s.connectionId === connectionId);
  const launch = useMutation({
    mutationFn: () => {
      const common = {
        name: name.trim(),
        system: system.trim(),
        reviewerRule,
        systemOwnerUserId: systemOwner,
        dueOn,
      };
      const body: NewAccessReview =
        source === "csv"
          ? { ...common, source, csv, cadence: "none" }
          : { ...common, source, connectionId: connectionId ?? "", resourceTypes: types, cadence };
      return api.POST("/api/v1/access-reviews", { body });
    },
    onSuccess: (c) => {
      notifySuccess(`${c.accounts.length} accounts to review, ${c.flagged} flagged.`, "Review launched");
      onClose();
      navigate(`/access-reviews/${c.id}`);
    },
  });
  const err = launch.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    launch.mutate();
  };
  return (
    <Modal opened onClose={onClose} title="Launch an access review" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="Q1 2027 production database access"
            value={name}
            maxLength={TEXT_LIMITS.title}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(err, "name")}
          />
          <TextInput
            label="System"
            required
            description="What is reviewed: reviews of the same system make up its history (and the ACC-08 check)."
            placeholder="Production database"
            value={system}
            maxLength={TEXT_LIMITS.name}
            onChange={(e) => setSystem(e.currentTarget.value)}
            error={fieldError(err, "system")}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="source-label">
              Accounts from
            </Text>
            <SegmentedControl
              aria-labelledby="source-label"
              value={source}
              onChange={(v) => setSource(v as "connection" | "csv")}
              data={[
                { value: "csv", label: "Uploaded CSV" },
                { value: "connection", label: "A monitoring connection" },
              ]}
            />
          </Stack>
          {source === "csv" ? (
            <Stack gap="xs">
              <Group justify="space-between">
                <Text size="sm" c="dimmed">
                  Columns: account, email, role (several roles separated by ;).
                </Text>
                <FileButton accept=".csv,text/csv" onChange={(f) => f?.text().then(setCsv)}>
                  {(props) => (
                    <Button {...props} size="xs" variant="light" leftSection={<IconUpload size={16} />}>
                      Choose a CSV file
                    </Button>
                  )}
                </FileButton>
              </Group>
              <Textarea
                label="Accounts (CSV)"
                required
                autosize
                minRows={4}
                maxRows={10}
                placeholder={"account,email,role\nsam,sam@example.com,admin"}
                value={csv}
                onChange={(e) => setCsv(e.currentTarget.value)}
                error={fieldError(err, "csv")}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
              />
            </Stack>
          ) : (
            <Stack gap="xs">
              {sources.data && !sources.data.items.length && (
                <Alert color="yellow">
                  No connection holds accounts yet. Connect Google Workspace, Okta, GitHub or PostgreSQL under
                  Monitoring and run a sync, or upload a CSV.
                </Alert>
              )}
              <Select
                label="Connection"
                required
                placeholder="Choose a connection"
                value={connectionId}
                onChange={(v) => {
                  setConnectionId(v);
                  const s = sources.data?.items.find((x) => x.connectionId === v);
                  setTypes(s ? (Object.keys(s.counts) as ResourceType[]) : []);
                  if (s && !system) setSystem(s.name);
                }}
                data={(sources.data?.items ?? []).map((s) => ({
                  value: s.connectionId,
                  label: `${s.name} (${s.type})`,
                }))}
                error={fieldError(err, "connectionId")}
              />
              {chosen && (
                <Checkbox.Group label="Kinds of account" value={types} onChange={(v) => setTypes(v as ResourceType[])}>
                  <Group mt={4}>
                    {REVIEWABLE_RESOURCE_TYPES.filter((t) => chosen.counts[t]).map((t) => (
                      <Checkbox key={t} value={t} label={`${ACCESS_RESOURCE_TYPE_LABELS[t]} (${chosen.counts[t]})`} />
                    ))}
                  </Group>
                </Checkbox.Group>
              )}
              <Select
                label="Repeat"
                description="A recurring review launches itself again with the same settings when the next one is due."
                value={cadence}
                onChange={(v) => setCadence((v ?? "quarterly") as AccessCadence)}
                data={Object.entries(ACCESS_CADENCE_LABELS).map(([value, label]) => ({ value, label }))}
                allowDeselect={false}
              />
            </Stack>
          )}
          <Select
            label="Reviewer"
            value={reviewerRule}
            allowDeselect={false}
            onChange={(v) => setReviewerRule((v ?? "manager") as "manager" | "system_owner")}
            data={[
              { value: "manager", label: "Each holder's manager (else the system owner)" },
              { value: "system_owner", label: "The system owner" },
            ]}
          />
          <Select
            label="System owner"
            description="Reviews accounts nobody manages. You review what is left."
            clearable
            searchable
            value={systemOwner}
            onChange={setSystemOwner}
            data={(members.data?.items ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))}
            error={fieldError(err, "systemOwnerUserId")}
          />
          <TextInput
            type="date"
            label="Due on"
            required
            value={dueOn}
            min={utcDay()}
            onChange={(e) => setDueOn(e.currentTarget.value)}
            error={fieldError(err, "dueOn")}
          />
          {err && <ErrorAlert error={err} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={launch.isPending}>
              Launch review
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
