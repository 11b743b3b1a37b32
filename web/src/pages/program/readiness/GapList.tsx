import { Group, SegmentedControl, Stack, TextInput } from "@mantine/core";
import { IconCircleCheck, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import type { Gaps } from "../../../api/models/program.ts";
import type { RemediationInput } from "../../../api/models/remediation.ts";
import { Empty } from "../../../components/Empty.tsx";
import { TablePager } from "../../../components/TablePager.tsx";
import { ControlGapCard, CriterionGapCard } from "./GapCards.tsx";

const PAGE_SIZE = 20;

/** Every criterion and control that is not ready: why, what to do, and a prefilled remediation item. */
export function GapList({
  programId,
  gaps,
  onRemediate,
}: {
  programId: string;
  gaps: Gaps;
  onRemediate?: (initial: Partial<RemediationInput>) => void;
}) {
  const [view, setView] = useState<"criteria" | "controls">("criteria");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  if (gaps.criteria.length === 0 && gaps.controls.length === 0)
    return (
      <Empty
        icon={<IconCircleCheck size={26} />}
        title="No gaps"
        description="Every applicable control is implemented or operating. Scores at the evidenced and operating levels still rise only with current evidence and passing tests: see the Overview."
      />
    );
  const needle = q.trim().toLowerCase();
  const criteria = gaps.criteria.filter(
    (g) => !needle || `${g.criterionId} ${g.title} ${g.pending.join(" ")}`.toLowerCase().includes(needle),
  );
  const controls = gaps.controls.filter(
    (g) => !needle || `${g.key} ${g.name} ${g.criteria.join(" ")}`.toLowerCase().includes(needle),
  );
  const total = view === "criteria" ? criteria.length : controls.length;
  const from = (page - 1) * PAGE_SIZE;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <SegmentedControl
          aria-label="Show gaps of"
          value={view}
          onChange={(v) => {
            setView(v as typeof view);
            setPage(1);
          }}
          data={[
            { value: "criteria", label: `Criteria not ready (${gaps.criteria.length})` },
            { value: "controls", label: `Controls not done (${gaps.controls.length})` },
          ]}
        />
        <TextInput
          aria-label="Search gaps"
          placeholder="Search by id or name"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={280}
        />
      </Group>
      {view === "criteria"
        ? criteria
            .slice(from, from + PAGE_SIZE)
            .map((g) => <CriterionGapCard key={g.criterionId} programId={programId} g={g} onRemediate={onRemediate} />)
        : controls
            .slice(from, from + PAGE_SIZE)
            .map((g) => <ControlGapCard key={g.key} programId={programId} g={g} onRemediate={onRemediate} />)}
      <TablePager
        page={page}
        pageSize={PAGE_SIZE}
        total={total}
        onChange={setPage}
        noun={view === "criteria" ? ["criterion", "criteria"] : ["control", "controls"]}
      />
    </Stack>
  );
}
