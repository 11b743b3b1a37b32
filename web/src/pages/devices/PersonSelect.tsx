import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";

const NOBODY = "none";

/** A searchable choice of a person from the directory (people who left are included: their devices stay theirs). */
export function PersonSelect({
  value,
  onChange,
  current,
  withNobody,
  ...props
}: Omit<SelectProps, "data" | "value" | "onChange"> & {
  value: string | null;
  onChange: (personId: string | null) => void;
  /** The chosen person, so it shows before the list loads. */
  current?: { id: string; fullName: string; email: string } | null;
  /** A "Nobody" choice (filter: devices that belong to nobody). */
  withNobody?: boolean;
}) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 250);
  const people = useQuery({
    queryKey: ["people", "pick", q],
    queryFn: () => api.GET("/api/v1/people", { params: { query: { q: q || undefined, pageSize: 50 } } }),
    placeholderData: keepPreviousData,
  });
  const items = people.data?.items ?? [];
  const data = [
    ...(withNobody ? [{ value: NOBODY, label: "Nobody (unassigned)" }] : []),
    ...(current && !items.some((p) => p.id === current.id)
      ? [{ value: current.id, label: `${current.fullName} (${current.email})` }]
      : []),
    ...items.map((p) => ({ value: p.id, label: `${p.fullName} (${p.email})` })),
  ];
  return (
    <Select
      searchable
      clearable
      placeholder={withNobody ? "Any person" : "Nobody"}
      nothingFoundMessage={people.isFetching ? "Searching…" : "Nobody by that name in People"}
      onSearchChange={setSearch}
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
      {...props}
    />
  );
}
