import {
  Autocomplete,
  Button,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconFlask } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import { ApiError } from "../../api/errors.ts";
import type { Severity } from "../../api/models/monitoring.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useLibrary } from "../../program/queries.ts";
import { DryRunPreview } from "./components/DryRunPreview.tsx";
import { SEVERITY_OPTIONS } from "./labels.ts";
import { useConnectors } from "./queries.ts";

const RULE_EXAMPLE = `# Must hold for a resource to pass (YAML or JSON)
attr: setting
op: eq
value: "on"`;
const SCOPE_EXAMPLE = "attr: name\nop: eq\nvalue: log_disconnections";

/** The rule problems of a 400 invalid_rule, for the field they are about ("rule: at all.0.op: …"). */
function ruleIssues(err: unknown, field: "rule" | "appliesWhen"): string[] {
  if (!(err instanceof ApiError) || err.code !== "invalid_rule") return [];
  const issues = Array.isArray(err.problem.issues) ? (err.problem.issues as string[]) : [];
  return issues.filter((i) => i.startsWith(`${field}:`)).map((i) => i.slice(field.length + 1).trim());
}

function IssueList({ issues }: { issues: string[] }) {
  if (issues.length === 0) return null;
  return (
    <div role="alert">
      <List size="xs" c="red" spacing={2}>
        {issues.map((i) => (
          <List.Item key={i}>{i}</List.Item>
        ))}
      </List>
    </div>
  );
}

/** "New custom test": a rule in YAML or JSON on one resource type, dry-run on the current resources before saving. */
export function CustomTestModal({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const connectors = useConnectors();
  const library = useLibrary();
  const [key, setKey] = useState("");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [resourceType, setResourceType] = useState("");
  const [severity, setSeverity] = useState<Severity>("medium");
  const [controls, setControls] = useState<string[]>([]);
  const [rule, setRule] = useState("");
  const [appliesWhen, setAppliesWhen] = useState("");
  const [remediation, setRemediation] = useState("");
  const types = [...new Set((connectors.data?.items ?? []).flatMap((c) => c.resourceTypes))].sort();
  const ruleBody = { resourceType: resourceType.trim(), rule, appliesWhen: appliesWhen.trim() ? appliesWhen : null };

  const dryRun = useMutation({ mutationFn: () => api.POST("/api/v1/monitoring/dry-run", { body: ruleBody }) });
  const save = useMutation({
    mutationFn: async (enable: boolean) => {
      // Turning it on refreshes the monitoring pages once both writes are done.
      const created = await api.POST("/api/v1/monitoring/custom-tests", {
        refresh: !enable,
        body: {
          key: key.trim(),
          title: title.trim(),
          description: description.trim(),
          severity,
          controls,
          remediation: remediation.trim(),
          ...ruleBody,
        },
      });
      // Saved off first, then turned on: turning on is what evaluates it and records results.
      if (enable)
        await api.POST("/api/v1/monitoring/tests/{testId}/enabled", {
          params: { path: { testId: created.testId } },
          body: { enabled: true },
        });
      return { created, enable };
    },
    onSuccess: ({ created, enable }) => {
      notifySuccess(
        enable ? `${created.title} is on and has been evaluated.` : `${created.title} is saved, turned off.`,
        "Custom test saved",
      );
      onClose();
      navigate(`/monitoring/tests/${created.testId}`);
    },
  });
  const err = save.error ?? dryRun.error;
  const field = (name: string) =>
    err instanceof ApiError
      ? err.errors.find((e) => e.path === `body.${name}` || e.path.startsWith(`body.${name}.`))?.message
      : undefined;
  const ruleErrs = ruleIssues(err, "rule");
  const scopeErrs = ruleIssues(err, "appliesWhen");
  const general =
    err && !(err instanceof ApiError && (err.errors.length > 0 || err.code === "invalid_rule")) ? err : null;
  const resetRun = () => dryRun.reset();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(false);
  };

  return (
    <Modal opened onClose={onClose} title="New custom test" size="xl">
      <form onSubmit={submit} aria-label="New custom test">
        <Stack gap="md">
          <ErrorAlert error={general} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Title"
              required
              data-autofocus
              placeholder="Disconnections are logged"
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={field("title")}
            />
            <TextInput
              label="Key"
              required
              description={`The test id becomes custom.${key || "<key>"}`}
              placeholder="log-disconnections"
              value={key}
              onChange={(e) => setKey(e.currentTarget.value.toLowerCase())}
              error={field("key")}
              classNames={{ input: "assay-mono" }}
            />
            <Autocomplete
              label="Resource type"
              required
              description="The kind of resource the rule is checked on."
              data={types}
              placeholder="setting"
              value={resourceType}
              onChange={(v) => {
                resetRun();
                setResourceType(v);
              }}
              error={field("resourceType")}
            />
            <Select
              label="Severity"
              description="Sets the remediation SLA of its failures."
              data={SEVERITY_OPTIONS}
              value={severity}
              onChange={(v) => v && setSeverity(v as Severity)}
              allowDeselect={false}
            />
          </SimpleGrid>
          <TagsInput
            label="Controls"
            description="Library control ids (ACC-03) or your program's keys (CUS-01) this test supports."
            data={(library.data?.controls ?? []).map((c) => c.id)}
            value={controls}
            onChange={(v) => setControls(v.map((x) => x.trim().toUpperCase()))}
            error={field("controls")}
            clearable
            maxDropdownHeight={220}
          />
          <Textarea
            label="Description"
            placeholder="What this checks and why it matters."
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={field("description")}
          />
          <Textarea
            label="Remediation"
            placeholder="What to do when it fails."
            autosize
            minRows={2}
            value={remediation}
            onChange={(e) => setRemediation(e.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <Stack gap={4}>
              <Textarea
                label="Rule"
                required
                description="YAML or JSON: { attr, op, value }, all / any / not. Must hold to pass."
                placeholder={RULE_EXAMPLE}
                autosize
                minRows={6}
                value={rule}
                onChange={(e) => {
                  resetRun();
                  setRule(e.currentTarget.value);
                }}
                error={ruleErrs.length > 0 || field("rule") ? (field("rule") ?? " ") : undefined}
                classNames={{ input: "assay-mono" }}
                spellCheck={false}
              />
              <IssueList issues={ruleErrs} />
            </Stack>
            <Stack gap={4}>
              <Textarea
                label="Applies when (optional)"
                description="Resources where this does not hold are “not applicable”."
                placeholder={SCOPE_EXAMPLE}
                autosize
                minRows={6}
                value={appliesWhen}
                onChange={(e) => {
                  resetRun();
                  setAppliesWhen(e.currentTarget.value);
                }}
                error={scopeErrs.length > 0 ? " " : undefined}
                classNames={{ input: "assay-mono" }}
                spellCheck={false}
              />
              <IssueList issues={scopeErrs} />
            </Stack>
          </SimpleGrid>
          {dryRun.data && <DryRunPreview result={dryRun.data} />}
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconFlask size={16} />}
              onClick={() => dryRun.mutate()}
              loading={dryRun.isPending}
              disabled={!resourceType.trim() || !rule.trim()}
            >
              Dry run
            </Button>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" variant="light" loading={save.isPending && !save.variables}>
                Save, turned off
              </Button>
              <Button
                onClick={() => save.mutate(true)}
                loading={save.isPending && !!save.variables}
                disabled={!dryRun.data}
              >
                Save and turn on
              </Button>
            </Group>
          </Group>
          {!dryRun.data && (
            <Text size="xs" c="dimmed" ta="right">
              Dry-run the rule first to turn it on right away.
            </Text>
          )}
        </Stack>
      </form>
    </Modal>
  );
}
