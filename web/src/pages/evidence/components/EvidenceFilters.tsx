import { Checkbox, Group, SimpleGrid } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { ClearFilters, FilterSelect, SearchInput } from "../../../components/DataTable.tsx";
import { oneOf } from "../../../lib/every-of.ts";
import type { UrlFilters } from "../../../lib/use-url-filters.ts";
import { useAllControls } from "../../../program/queries.ts";
import { EVIDENCE_KINDS, EVIDENCE_SOURCES, KIND, SOURCE } from "../labels.ts";
import type { EvidenceFilter } from "../queries.ts";

export const EVIDENCE_FILTERS = ["q", "control", "kind", "source", "freshness", "from", "to", "versions"] as const;
type Filters = UrlFilters<(typeof EVIDENCE_FILTERS)[number]>;

const FRESHNESS_OPTIONS = [
  { value: "current", label: "Not stale" },
  { value: "stale", label: "Stale" },
];

/** Search and filters of the library, all kept in the URL so a filtered view can be shared or bookmarked. */
export function EvidenceFilters({ f, programId }: { f: Filters; programId: string | undefined }) {
  const controls = useAllControls(programId ?? "", !!programId);

  const controlOptions = (controls.data?.items ?? []).map((c) => ({ value: c.key, label: `${c.key} · ${c.name}` }));
  // A control from a shared link may belong to another program: keep it selectable.
  if (f.values.control && !controlOptions.some((o) => o.value === f.values.control))
    controlOptions.unshift({ value: f.values.control, label: f.values.control });

  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        <SearchInput
          filters={f}
          aria-label="Search evidence"
          placeholder="Search titles, descriptions and file names"
        />
        <FilterSelect
          filters={f}
          name="control"
          aria-label="Filter by control"
          placeholder="Any control"
          data={controlOptions}
          searchable
          nothingFoundMessage="No control by that id or name"
          maxDropdownHeight={280}
        />
        <DatePickerInput
          type="range"
          // A hidden <label>, not aria-label: the button shows the chosen range, which an aria-label would not contain.
          label="Filter by period covered"
          labelProps={{ className: "sr-only" }}
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
        <FilterSelect
          filters={f}
          name="kind"
          aria-label="Filter by kind"
          placeholder="Any kind"
          data={EVIDENCE_KINDS.map((k) => ({ value: k, label: KIND[k].label }))}
        />
        <FilterSelect
          filters={f}
          name="source"
          aria-label="Filter by source"
          placeholder="Any source"
          data={EVIDENCE_SOURCES.map((s) => ({ value: s, label: SOURCE[s].label }))}
        />
        <FilterSelect
          filters={f}
          name="freshness"
          aria-label="Filter by freshness"
          placeholder="Any freshness"
          data={FRESHNESS_OPTIONS}
        />
      </SimpleGrid>
      <Group justify="space-between" gap="sm">
        <Checkbox
          label="Include corrected versions"
          checked={f.values.versions === "all"}
          onChange={(e) => f.set({ versions: e.currentTarget.checked ? "all" : null })}
          size="sm"
        />
        <ClearFilters filters={f} />
      </Group>
    </>
  );
}

/** The URL's filters as the list API's query. */
export function listQueryOf(
  values: Filters["values"],
  { page, pageSize }: { page: number; pageSize: number },
): EvidenceFilter {
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
