import { Group, MultiSelect, SimpleGrid, Stack, Switch } from "@mantine/core";
import type { ReactNode } from "react";
import { ClearFilters, SearchInput } from "../../../components/DataTable.tsx";
import { MemberSelect } from "../../../components/program/Pickers.tsx";
import type { UrlFilters } from "../../../lib/use-url-filters.ts";
import { PRIORITIES, PRIORITY, REMEDIATION_STATUS, REMEDIATION_STATUSES } from "../../../program/labels.ts";

export const REMEDIATION_FILTERS = ["q", "status", "priority", "owner", "overdue"] as const;
type Filters = UrlFilters<(typeof REMEDIATION_FILTERS)[number]>;

const list = (v: string | undefined) => (v ? v.split(",") : []);

/** Search, status, priority, owner and overdue filters; `aside` sits at the end of the second row. */
export function RemediationFilters({ f, aside }: { f: Filters; aside?: ReactNode }) {
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <SearchInput filters={f} aria-label="Search remediation items" placeholder="Search ref, title or gap" />
        <MultiSelect
          aria-label="Filter by status"
          placeholder={f.values.status ? undefined : "Any status"}
          data={REMEDIATION_STATUSES.map((s) => ({ value: s, label: REMEDIATION_STATUS[s].label }))}
          value={list(f.values.status)}
          onChange={(v) => f.set({ status: v.join(",") })}
          clearable
        />
        <MultiSelect
          aria-label="Filter by priority"
          placeholder={f.values.priority ? undefined : "Any priority"}
          data={PRIORITIES.map((p) => ({ value: p, label: PRIORITY[p].label }))}
          value={list(f.values.priority)}
          onChange={(v) => f.set({ priority: v.join(",") })}
          clearable
        />
        <MemberSelect
          aria-label="Filter by owner"
          placeholder="Any owner"
          extra={[
            { value: "me", label: "Me" },
            { value: "none", label: "Unassigned" },
          ]}
          value={f.values.owner ?? null}
          onChange={(v) => f.set({ owner: v })}
        />
      </SimpleGrid>
      <Group justify="space-between" gap="sm">
        <Group gap="md" wrap="nowrap">
          <Switch
            label="Overdue only"
            checked={f.values.overdue === "true"}
            onChange={(e) => f.set({ overdue: e.currentTarget.checked ? "true" : null })}
          />
          <ClearFilters filters={f}>Clear</ClearFilters>
        </Group>
        {aside}
      </Group>
    </Stack>
  );
}
