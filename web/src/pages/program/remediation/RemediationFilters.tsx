import { Button, Group, MultiSelect, SimpleGrid, Stack, Switch, TextInput } from "@mantine/core";
import { IconFilterOff, IconSearch } from "@tabler/icons-react";
import { type ReactNode, useEffect, useState } from "react";
import { MemberSelect } from "../../../components/program/Pickers.tsx";
import { useDebounced } from "../../../lib/use-debounced.ts";
import type { useUrlFilters } from "../../../lib/use-url-filters.ts";
import { PRIORITIES, PRIORITY, REMEDIATION_STATUS, REMEDIATION_STATUSES } from "../../../program/labels.ts";

export const REMEDIATION_FILTERS = ["q", "status", "priority", "owner", "overdue"] as const;
type Filters = ReturnType<typeof useUrlFilters<(typeof REMEDIATION_FILTERS)[number]>>;

const list = (v: string | undefined) => (v ? v.split(",") : []);

/** Search, status, priority, owner and overdue filters; `aside` sits at the end of the second row. */
export function RemediationFilters({ f, aside }: { f: Filters; aside?: ReactNode }) {
  const [q, setQ] = useState(f.values.q ?? "");
  const search = useDebounced(q.trim());
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the debounced text changes
  useEffect(() => {
    if ((f.values.q ?? "") !== search) f.set({ q: search });
  }, [search]);
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <TextInput
          aria-label="Search remediation items"
          placeholder="Search ref, title or gap"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
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
          {f.any && (
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconFilterOff size={14} />}
              onClick={() => {
                setQ("");
                f.clear();
              }}
            >
              Clear
            </Button>
          )}
        </Group>
        {aside}
      </Group>
    </Stack>
  );
}
