import { MultiSelect } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { Asset } from "../../api/models/assets.ts";
import { KIND_LABELS } from "./labels.ts";

type Known = { id: string; name: string; kind: Asset["kind"] };
const labelOf = (a: Known) => `${a.name} · ${KIND_LABELS[a.kind]}`;

/**
 * Picks assets of the inventory by name: the server searches as you type (the inventory may hold thousands), the
 * assets already chosen keep their labels.
 */
export function AssetPicker({
  label,
  description,
  value,
  known,
  onChange,
  error,
}: {
  label: string;
  description?: string;
  value: string[];
  /** Assets the record already names, so their labels show before any search. */
  known: readonly Known[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [labels, setLabels] = useState(() => new Map(known.map((a) => [a.id, labelOf(a)])));
  const found = useQuery({
    queryKey: ["assets", "list", "picker", q],
    queryFn: () => api.GET("/api/v1/assets", { params: { query: { pageSize: 50, ...(q ? { q } : {}) } } }),
    placeholderData: keepPreviousData,
  });
  const options = new Map(labels);
  for (const a of found.data?.items ?? []) options.set(a.id, labelOf(a));
  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length ? undefined : "Search the asset inventory"}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={found.isFetching ? "Searching…" : "No asset by that name"}
      data={[...options].map(([id, text]) => ({ value: id, label: text }))}
      value={value}
      onChange={(ids) => {
        setLabels(
          (m) => new Map([...m, ...ids.flatMap((id) => (options.has(id) ? [[id, options.get(id)!] as const] : []))]),
        );
        onChange(ids);
      }}
      error={error}
    />
  );
}
