import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Progress,
  Select,
  Stack,
  Text,
} from "@mantine/core";
import { IconFileText, IconPlus, IconTemplate } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import type { OrgPolicy } from "../../api/models/org-policies.ts";
import { ClearFilters, type Column, DataTable, SearchInput, TitleLink } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useUrlFilters } from "../../lib/use-url-filters.ts";
import { useMembers } from "../../program/queries.ts";
import { useCan, useSession } from "../../session.tsx";
import { ImportPolicyButton } from "./ImportPolicy.tsx";
import { orgPolicyKeys, STATUS_COLORS, STATUS_LABELS } from "./labels.ts";
import { policyKeys } from "./PoliciesPage.tsx";
import { PolicySettingsButton } from "./PolicySettings.tsx";

const today = () => new Date().toISOString().slice(0, 10);

const COLUMNS: Column<OrgPolicy>[] = [
  {
    header: "Policy",
    width: "34%",
    cell: (p) => (
      <TitleLink
        to={`/policies/${p.id}`}
        below={
          <Text size="xs" c="dimmed">
            {p.ownerName ? `Owner: ${p.ownerName}` : "No owner"}
            {p.templateId ? ` · from template ${p.templateVersion}` : " · imported"}
          </Text>
        }
      >
        {p.title}
      </TitleLink>
    ),
  },
  {
    header: "Version",
    cell: (p) => (
      <Group gap={6}>
        <Text size="sm">{p.currentNumber ? `v${p.currentNumber}` : "—"}</Text>
        {p.latestStatus !== "published" && (
          <Badge size="sm" variant="light" color={STATUS_COLORS[p.latestStatus]}>
            v{p.latestNumber} {STATUS_LABELS[p.latestStatus].toLowerCase()}
          </Badge>
        )}
      </Group>
    ),
  },
  {
    header: "Next review",
    cell: (p) =>
      p.nextReviewDate ? (
        <Text size="sm" c={p.nextReviewDate < today() ? "red" : undefined}>
          {p.nextReviewDate}
          {p.nextReviewDate < today() ? " (overdue)" : ""}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          not published
        </Text>
      ),
  },
  {
    header: "Accepted",
    width: 180,
    cell: (p) =>
      p.requested ? (
        <Stack gap={2}>
          <Text size="xs">
            {p.accepted} of {p.requested} ({p.percent}%)
          </Text>
          <Progress value={p.percent} size="sm" aria-label={`${p.title}: ${p.percent}% accepted`} />
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ),
  },
];

function AdoptModal({ opened, onClose, adopted }: { opened: boolean; onClose: () => void; adopted: Set<string> }) {
  const session = useSession();
  const navigate = useNavigate();
  const templates = useQuery({
    queryKey: policyKeys.list,
    queryFn: () => api.GET("/api/v1/content/policies"),
    enabled: opened,
  });
  const members = useMembers();
  const [chosen, setChosen] = useState<string[]>([]);
  const [all, setAll] = useState(false);
  const [owner, setOwner] = useState<string | null>(session.user.id);
  const [cadence, setCadence] = useState<number | string>(12);
  const adopt = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/policies/adopt", {
        body: {
          templateIds: all ? [] : chosen,
          all,
          ownerUserId: owner ?? "",
          reviewCadenceMonths: Number(cadence) || 12,
        },
      }),
    onSuccess: (res) => {
      onClose();
      setChosen([]);
      if (chosen.length === 1 && !all) {
        const p = res.items.find((i) => i.templateId === chosen[0]);
        if (p) navigate(`/policies/${p.id}`);
      }
    },
  });
  const open = (templates.data?.items ?? []).filter((t) => !adopted.has(t.id));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    adopt.mutate();
  };
  const eligible = (members.data?.items ?? []).filter((m) => !["employee", "viewer", "auditor"].includes(m.role));
  return (
    <Modal opened={opened} onClose={onClose} title="Adopt policy templates" size="lg">
      <form onSubmit={submit}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Each template becomes one of your policies with a first draft: your organization's name, the owner and the
            review cadence are filled in. Edit the draft, then send it for review.
          </Text>
          <Checkbox
            label={`All templates not adopted yet (${open.length})`}
            checked={all}
            onChange={(e) => setAll(e.currentTarget.checked)}
          />
          {!all && (
            <MultiSelect
              label="Templates"
              placeholder="Choose one or several"
              data={open.map((t) => ({ value: t.id, label: t.title }))}
              value={chosen}
              onChange={setChosen}
              searchable
              data-testid="adopt-templates"
            />
          )}
          <Select
            label="Policy owner"
            description="Keeps the policies current and is reminded of their reviews."
            data={eligible.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))}
            value={owner}
            onChange={setOwner}
            searchable
            required
          />
          <NumberInput label="Review every (months)" min={1} max={36} value={cadence} onChange={setCadence} />
          <ErrorAlert error={adopt.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={adopt.isPending} disabled={!owner || (!all && !chosen.length)}>
              Adopt {all ? "all" : chosen.length || ""}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function matches(p: OrgPolicy, q: string | undefined) {
  return !q || `${p.title} ${p.ownerName ?? ""} ${p.controls.join(" ")}`.toLowerCase().includes(q.toLowerCase());
}

/** /policies — the organization's policies: their versions, reviews and acceptance; templates to adopt. */
export function OrgPoliciesPage() {
  const can = useCan();
  const filters = useUrlFilters(["q"] as const, { search: "q" });
  const [adopting, setAdopting] = useState(false);
  const list = useQuery({ queryKey: orgPolicyKeys.list, queryFn: () => api.GET("/api/v1/policies") });
  const rows = list.data?.items.filter((p) => matches(p, filters.values.q));
  const adopted = new Set((list.data?.items ?? []).flatMap((p) => (p.templateId ? [p.templateId] : [])));
  const manage = can("policies.manage");
  return (
    <>
      <PageHeader
        title="Policies"
        description="Your organization's policies: write and version them, have them approved, publish them to staff and see who accepted them. The controls that name a policy count on it."
        actions={
          <>
            <Button
              component={Link}
              to="/policies/templates"
              variant="default"
              leftSection={<IconTemplate size={16} />}
            >
              Templates
            </Button>
            {manage && <PolicySettingsButton settings={list.data?.settings} />}
            {manage && <ImportPolicyButton />}
            {manage && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setAdopting(true)}>
                Adopt templates
              </Button>
            )}
          </>
        }
      />
      <DataTable
        label="Policies"
        columns={COLUMNS}
        rowKey={(p) => p.id}
        rows={rows}
        loading={list.isPending}
        error={list.error}
        rowLink={(p) => `/policies/${p.id}`}
        rowProps={(p) => ({ "data-testid": `org-policy-${p.templateId ?? p.id}` })}
        toolbar={
          <Group gap="sm">
            <SearchInput
              filters={filters}
              placeholder="Search policies, owners or controls"
              aria-label="Search policies"
              w={360}
            />
            <ClearFilters filters={filters} />
          </Group>
        }
        empty={{
          icon: <IconFileText size={28} />,
          title: list.data?.items.length ? "No policy matches" : "No policies yet",
          description: list.data?.items.length
            ? "Try another word."
            : "Adopt the templates your controls rely on, or import a policy you already have (Markdown or Word).",
          action:
            manage && !list.data?.items.length ? (
              <Button onClick={() => setAdopting(true)}>Adopt templates</Button>
            ) : undefined,
        }}
      />
      {manage && <AdoptModal opened={adopting} onClose={() => setAdopting(false)} adopted={adopted} />}
    </>
  );
}
