import { Text } from "@mantine/core";
import type { ReactNode } from "react";
import type { RemediationItem } from "../../../api/models/remediation.ts";
import { type Column, recordColumns } from "../../../components/DataTable.tsx";
import { PriorityBadge, RemediationStatusBadge } from "../../../components/program/StatusBadges.tsx";
import { DueDate, ownerName } from "./ItemMeta.tsx";
import { StatusActions } from "./StatusActions.tsx";

/** Long unbroken words (a pasted URL, a hash) wrap anywhere instead of widening the column off-screen. */
function Breakable({ children }: { children: ReactNode }) {
  return <div style={{ overflowWrap: "anywhere", minWidth: 0 }}>{children}</div>;
}

/** The remediation list's columns; each item links to its drawer, keeping the list's filters (`search`). */
export const remediationColumns = (programId: string, search: string): Column<RemediationItem>[] => [
  ...recordColumns<RemediationItem>({
    code: "Ref",
    codeWidth: 70,
    title: "Item",
    record: (i) => ({
      to: `/programs/${programId}/remediation/${i.id}${search}`,
      code: i.ref,
      title: i.title,
      summary: i.gap,
    }),
  }).map((c) => ({ ...c, cell: (i: RemediationItem) => <Breakable>{c.cell(i)}</Breakable> })),
  { header: "Priority", width: 100, cell: (i) => <PriorityBadge priority={i.priority} /> },
  {
    header: "Owner",
    width: 150,
    cell: (i) => (
      <Text size="sm" c={i.owner ? undefined : "dimmed"} truncate="end" maw={140}>
        {ownerName(i)}
      </Text>
    ),
  },
  { header: "Due", width: 130, cell: (i) => <DueDate item={i} /> },
  { header: "Status", width: 110, cell: (i) => <RemediationStatusBadge status={i.status} /> },
  {
    header: "Actions",
    hideHeader: true,
    width: 200,
    cell: (i) => <StatusActions programId={programId} item={i} />,
  },
];
