import { Button, Grid, Group, Paper, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import type { OrgPolicyDetail, PolicyVersion } from "../../api/models/org-policies.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { Markdown } from "../../components/Markdown.tsx";
import { notifySuccess } from "../../lib/notify.ts";

/**
 * The Markdown editor with a live preview. Saving updates the open draft, or starts a new draft version when the
 * latest one is published; a version in review or approved cannot be edited (the reason shows instead).
 */
export function PolicyEditor({ policy, latest }: { policy: OrgPolicyDetail; latest: PolicyVersion }) {
  const editable = latest.status === "draft" || latest.status === "published" || latest.status === "superseded";
  const startsNew = latest.status !== "draft";
  const [body, setBody] = useState(latest.body);
  const [summary, setSummary] = useState(startsNew ? "" : latest.changeSummary);
  const [significance, setSignificance] = useState<"major" | "minor">(startsNew ? "minor" : latest.significance);
  const save = useMutation({
    mutationFn: () =>
      api.PUT("/api/v1/policies/{id}/draft", {
        params: { path: { id: policy.id } },
        body: { body, changeSummary: summary, significance },
      }),
    onSuccess: (v) => notifySuccess(`Saved as the draft of version ${v.number}.`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  if (!editable)
    return (
      <Text size="sm" c="dimmed">
        Version {latest.number} is{" "}
        {latest.status === "in_review" ? "in review" : "approved and waiting to be published"}: it cannot change.{" "}
        {latest.status === "in_review"
          ? "An approver can send it back to draft."
          : "Publish it, then start a new draft."}
      </Text>
    );
  return (
    <form onSubmit={submit} aria-label="Edit the policy">
      <Stack gap="md">
        {startsNew && (
          <Text size="sm" c="dimmed">
            Version {latest.number} is {latest.status}. Saving starts version {latest.number + 1} as a draft.
          </Text>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Textarea
              label="Policy text (Markdown)"
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={20}
              maxRows={40}
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
              error={fieldError(save.error, "body")}
              data-testid="policy-body"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Text size="sm" fw={500} mb={4}>
              Preview
            </Text>
            <Paper withBorder p="md" mah={720} style={{ overflow: "auto" }} data-testid="policy-preview">
              <Markdown>{body}</Markdown>
            </Paper>
          </Grid.Col>
        </Grid>
        <Group align="flex-end" gap="md">
          <TextInput
            label="Change summary"
            description="What changed and why, for approvers and the version history."
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            style={{ flex: 1 }}
            error={fieldError(save.error, "changeSummary")}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="significance-label">
              Change
            </Text>
            <SegmentedControl
              aria-labelledby="significance-label"
              value={significance}
              onChange={(v) => setSignificance(v as "major" | "minor")}
              data={[
                { value: "major", label: "Major: ask staff to accept again" },
                { value: "minor", label: "Minor: acceptances still count" },
              ]}
            />
          </Stack>
          <Button type="submit" loading={save.isPending}>
            Save draft
          </Button>
        </Group>
        <ErrorAlert error={save.error} />
      </Stack>
    </form>
  );
}
