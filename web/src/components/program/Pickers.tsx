import { MultiSelect, type MultiSelectProps, Select, type SelectProps } from "@mantine/core";
import { CATEGORY_LABELS } from "../../program/labels.ts";
import { useAllControls, useCriteria, useMembers } from "../../program/queries.ts";
import type { Role } from "../../roles.ts";

/** A member of the organization (an owner picker). `roles` limits who can be picked. */
export function MemberSelect({
  roles,
  extra = [],
  ...props
}: Omit<SelectProps, "data"> & { roles?: readonly Role[]; extra?: { value: string; label: string }[] }) {
  const members = useMembers();
  const data = [
    ...extra,
    ...(members.data?.items ?? [])
      .filter((m) => !roles || roles.includes(m.role))
      .map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` })),
  ];
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={members.isError ? "Members could not be loaded" : "Nobody by that name"}
      data={data}
      {...props}
    />
  );
}

/** Trust Services criteria, grouped by category, searchable by id or title. */
export function CriteriaMultiSelect({
  inScope,
  ...props
}: Omit<MultiSelectProps, "data"> & { inScope?: readonly string[] }) {
  const criteria = useCriteria();
  const content = criteria.data;
  const data = content
    ? content.categories
        .filter((cat) => !inScope || inScope.includes(cat.id))
        .map((cat) => ({
          group: CATEGORY_LABELS[cat.id],
          items: content.criteria
            .filter((c) => c.category === cat.id)
            .map((c) => ({ value: c.id, label: `${c.id} · ${c.title}` })),
        }))
    : [];
  return <MultiSelect searchable clearable hidePickedOptions maxDropdownHeight={280} data={data} {...props} />;
}

export function CriterionSelect(props: Omit<SelectProps, "data">) {
  const criteria = useCriteria();
  const content = criteria.data;
  const data = content
    ? content.categories.map((cat) => ({
        group: CATEGORY_LABELS[cat.id],
        items: content.criteria
          .filter((c) => c.category === cat.id)
          .map((c) => ({ value: c.id, label: `${c.id} · ${c.title}` })),
      }))
    : [];
  return <Select searchable clearable maxDropdownHeight={280} data={data} {...props} />;
}

/** Controls of the program, by key and name. */
export function ControlsMultiSelect({ programId, ...props }: Omit<MultiSelectProps, "data"> & { programId: string }) {
  const controls = useAllControls(programId);
  const data = (controls.data?.items ?? []).map((c) => ({ value: c.key, label: `${c.key} · ${c.name}` }));
  return <MultiSelect searchable clearable hidePickedOptions maxDropdownHeight={280} data={data} {...props} />;
}
