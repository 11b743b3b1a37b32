import { Text } from "@mantine/core";
import type { ProgramControl } from "../../../api/models/program.ts";
import { type Column, recordColumns } from "../../../components/DataTable.tsx";
import { CriteriaChips } from "../../../components/program/CriteriaChips.tsx";
import { ControlStatusBadge } from "../../../components/program/StatusBadges.tsx";
import { FREQUENCY_LABELS } from "../../../program/labels.ts";

/** The controls table's columns; each control links to its drawer, keeping the list's filters (`search`). */
export const controlColumns = (programId: string, search: string): Column<ProgramControl>[] => [
  ...recordColumns<ProgramControl>({
    code: "ID",
    codeWidth: 90,
    title: "Control",
    record: (c) => ({
      to: `/programs/${programId}/controls/${c.key}${search}`,
      code: c.key,
      title: c.name,
      summary: c.description,
    }),
  }),
  { header: "Criteria", width: 190, cell: (c) => <CriteriaChips ids={c.criteria} max={3} /> },
  {
    header: "Owner",
    width: 170,
    cell: (c) =>
      c.owner ? (
        <Text size="sm" truncate="end" maw={160}>
          {c.owner.name}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          Unassigned
        </Text>
      ),
  },
  { header: "Frequency", width: 110, cell: (c) => <Text size="sm">{FREQUENCY_LABELS[c.frequency]}</Text> },
  { header: "Status", width: 140, cell: (c) => <ControlStatusBadge status={c.status} /> },
];
