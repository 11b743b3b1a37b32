import { Group, NumberInput, Select } from "@mantine/core";

export type Duration = { value: number | ""; unit: "minutes" | "hours" };
export const emptyDuration = (unit: Duration["unit"] = "hours"): Duration => ({ value: "", unit });
export const durationBody = (d: Duration) => (d.value === "" ? null : { value: Number(d.value), unit: d.unit });

/** A duration as people say it: a number and minutes or hours. */
export function DurationInput({
  label,
  description,
  value,
  onChange,
  error,
}: {
  label: string;
  description?: string;
  value: Duration;
  onChange: (d: Duration) => void;
  error?: string;
}) {
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <NumberInput
        label={label}
        description={description}
        min={0}
        decimalScale={2}
        value={value.value}
        onChange={(v) => onChange({ ...value, value: v === "" ? "" : Number(v) })}
        error={error}
        style={{ flex: 1 }}
      />
      <Select
        aria-label={`${label}: unit`}
        allowDeselect={false}
        w={110}
        data={[
          { value: "minutes", label: "minutes" },
          { value: "hours", label: "hours" },
        ]}
        value={value.unit}
        onChange={(u) => u && onChange({ ...value, unit: u as Duration["unit"] })}
      />
    </Group>
  );
}
