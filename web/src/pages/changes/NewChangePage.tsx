import { Anchor, Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { LimitedTextarea, TEXT_LIMITS } from "../../components/LimitedTextarea.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { STATUS_LABELS, STATUSES } from "./labels.tsx";

/** A local date and time from the form as an ISO instant, or null. */
const instant = (v: string) => (v ? new Date(v).toISOString() : null);

/** Records a change by hand: a configuration change, a vendor's release, an emergency fix. */
export function NewChangePage() {
  const navigate = useNavigate();
  const [v, setV] = useState({
    title: "",
    description: "",
    repository: "",
    externalRef: "",
    author: "",
    approvedBy: "",
    mergedAt: "",
    deployedAt: "",
    risk: "",
    status: "" as string,
    emergency: false,
  });
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) =>
    setV({ ...v, [k]: e.currentTarget.value });
  const create = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/changes", {
        body: {
          title: v.title,
          description: v.description || null,
          repository: v.repository || null,
          externalRef: v.externalRef || null,
          author: v.author || null,
          approvals: v.approvedBy
            .split(/[;,]/)
            .map((s) => s.trim())
            .filter(Boolean)
            .map((by) => ({ by })),
          mergedAt: instant(v.mergedAt),
          deployedAt: instant(v.deployedAt),
          risk: v.risk || null,
          emergency: v.emergency,
          ...(v.status ? { status: v.status as (typeof STATUSES)[number] } : {}),
        },
      }),
    onSuccess: (c) => {
      notifySuccess(`“${c.title}” is recorded.`);
      navigate(`/changes/${c.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <>
      <Anchor component={Link} to="/changes" size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Changes
        </Group>
      </Anchor>
      <PageHeader
        title="Record a change"
        description="For changes no connection sees: configuration, infrastructure consoles, vendor releases, emergency fixes."
      />
      <Card withBorder padding="lg" maw={900}>
        <form onSubmit={submit}>
          <Stack>
            <ErrorAlert error={create.error} />
            <TextInput
              label="Title"
              required
              maxLength={TEXT_LIMITS.title}
              value={v.title}
              onChange={set("title")}
              error={fieldError(create.error, "title")}
              data-autofocus
            />
            <LimitedTextarea
              label="Description"
              autosize
              minRows={2}
              value={v.description}
              onChange={set("description")}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Repository or system" value={v.repository} onChange={set("repository")} />
              <TextInput
                label="Reference"
                description="A ticket, pull request or commit"
                value={v.externalRef}
                onChange={set("externalRef")}
                error={fieldError(create.error, "externalRef")}
              />
              <TextInput label="Author" description="Name, email or login" value={v.author} onChange={set("author")} />
              <TextInput
                label="Approved by"
                description="Names separated by commas"
                value={v.approvedBy}
                onChange={set("approvedBy")}
              />
              <TextInput
                label="Merged at"
                type="datetime-local"
                value={v.mergedAt}
                onChange={set("mergedAt")}
                error={fieldError(create.error, "mergedAt")}
              />
              <TextInput
                label="Deployed at"
                type="datetime-local"
                value={v.deployedAt}
                onChange={set("deployedAt")}
                error={fieldError(create.error, "deployedAt")}
              />
              <Select
                label="Status"
                placeholder="From the dates"
                clearable
                data={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
                value={v.status || null}
                onChange={(s) => setV({ ...v, status: s ?? "" })}
              />
            </SimpleGrid>
            <Checkbox
              label="Emergency change"
              description="Made without the usual review; someone else approves it after the fact"
              checked={v.emergency}
              onChange={(e) => setV({ ...v, emergency: e.currentTarget.checked })}
            />
            <LimitedTextarea label="Risk and impact" autosize minRows={2} value={v.risk} onChange={set("risk")} />
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/changes">
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Record
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  );
}
