import { Chip, Group } from "@mantine/core";
import { CONTROL_STATUSES } from "../../../../../src/core/control-status.ts";
import type { ControlStatus, ProgramControl } from "../../../api/models/program.ts";
import { CONTROL_STATUS } from "../../../program/labels.ts";

/** "Implemented 12 · In progress 4 …" as filter chips: one click filters the table by that status. */
export function StatusSummary({
  controls,
  value,
  onChange,
}: {
  controls: ProgramControl[];
  value: ControlStatus | null;
  onChange: (s: ControlStatus | null) => void;
}) {
  const counts = new Map<ControlStatus, number>();
  for (const c of controls) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return (
    <Chip.Group value={value ?? "all"} onChange={(v) => onChange(v === "all" ? null : (v as ControlStatus))}>
      <Group gap={6} aria-label="Filter by status">
        <Chip value="all" size="xs" variant="light">
          All {controls.length}
        </Chip>
        {CONTROL_STATUSES.filter((s) => counts.get(s)).map((s) => (
          <Chip key={s} value={s} size="xs" variant="light" color={CONTROL_STATUS[s].color}>
            {CONTROL_STATUS[s].label} {counts.get(s)}
          </Chip>
        ))}
      </Group>
    </Chip.Group>
  );
}
