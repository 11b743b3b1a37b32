import { Button, Checkbox, Group, Select, SimpleGrid, TextInput } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconFilterOff, IconSearch } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { oneOf } from "../../../lib/every-of.ts";
import { useDebounced } from "../../../lib/use-debounced.ts";
import type { useUrlFilters } from "../../../lib/use-url-filters.ts";
import { useAllControls } from "../../../program/queries.ts";
import { EVIDENCE_KINDS, EVIDENCE_SOURCES, KIND, SOURCE } from "../labels.ts";
import type { EvidenceFilter } from "../queries.ts";

export const EVIDENCE_FILTERS = ["q", "control", "kind", "source", "freshness", "from", "to", "versions"] as const;
type Filters = ReturnType<typeof useUrlFilters<(typeof EVIDENCE_FILTERS)[number]>>;

const FRESHNESS_OPTIONS = [
  { value: "current", label: "Not stale" },
  { value: "stale", label: "Stale" },
];

/** Search and filters of the library, all kept in the URL so a filtered view can be shared or bookmarked. */
export function EvidenceFilters({ f, programId }: { f: Filters; programId: string | undefined }) {
  const [q, setQ] = useState(f.values.q ?? "");
  const search = useDebounced(q.trim());
  const controls = useAllControls(programId ?? "", !!programId);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the debounced text changes
  useEffect(() => {
    if ((f.values.q ?? "") !== search) f.set({ q: search });
  }, [search]);

  const controlOptions = (controls.data?.items ?? []).map((c) => ({ value: c.key, label: `${c.key} · ${c.name}` }));
  // A control from a shared link may belong to another program: keep it selectable.
  if (f.values.control && !controlOptions.some((o) => o.value === f.values.control))
    controlOptions.unshift({ value: f.values.control, label: f.values.control });

  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        <TextInput
          aria-label="Search evidence"
          placeholder="Search titles, descriptions and file names"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <Select
          aria-label="Filter by control"
          placeholder="Any control"
          data={controlOptions}
          value={f.values.control ?? null}
          onChange={(v) => f.set({ control: v })}
          searchable
          clearable
          nothingFoundMessage="No control by that id or name"
          maxDropdownHeight={280}
        />
        <DatePickerInput
          type="range"
          aria-label="Filter by period covered"
          placeholder="Any period"
          value={[f.values.from ?? null, f.values.to ?? null]}
          onChange={([from, to]) => {
            // Apply once the range is complete (or cleared).
            if ((from && to) || (!from && !to)) f.set({ from, to });
          }}
          allowSingleDateInRange
          clearable
          valueFormat="D MMM YYYY"
        />
        <Select
          aria-label="Filter by kind"
          placeholder="Any kind"
          data={EVIDENCE_KINDS.map((k) => ({ value: k, label: KIND[k].label }))}
          value={f.values.kind ?? null}
          onChange={(v) => f.set({ kind: v })}
          clearable
        />
        <Select
          aria-label="Filter by source"
          placeholder="Any source"
          data={EVIDENCE_SOURCES.map((s) => ({ value: s, label: SOURCE[s].label }))}
          value={f.values.source ?? null}
          onChange={(v) => f.set({ source: v })}
          clearable
        />
        <Select
          aria-label="Filter by freshness"
          placeholder="Any freshness"
          data={FRESHNESS_OPTIONS}
          value={f.values.freshness ?? null}
          onChange={(v) => f.set({ freshness: v })}
          clearable
        />
      </SimpleGrid>
      <Group justify="space-between" gap="sm">
        <Checkbox
          label="Include corrected versions"
          checked={f.values.versions === "all"}
          onChange={(e) => f.set({ versions: e.currentTarget.checked ? "all" : null })}
          size="sm"
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
            Clear filters
          </Button>
        )}
      </Group>
    </>
  );
}

/** The URL's filters as the list API's query. */
export function listQueryOf(values: Filters["values"], page: number, pageSize: number): EvidenceFilter {
  return {
    q: values.q,
    control: values.control,
    kind: oneOf(EVIDENCE_KINDS, values.kind),
    source: oneOf(EVIDENCE_SOURCES, values.source),
    stale: values.freshness === "stale" ? "true" : values.freshness === "current" ? "false" : undefined,
    from: values.from,
    to: values.to,
    superseded: values.versions === "all" ? "true" : undefined,
    page,
    pageSize,
  };
}
