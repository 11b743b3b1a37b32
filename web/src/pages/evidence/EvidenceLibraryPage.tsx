import { List, Stack, Text } from "@mantine/core";
import { IconFileCertificate } from "@tabler/icons-react";
import { api } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCurrentProgramId } from "../../program/context.tsx";
import { AddEvidenceButton } from "./components/AddEvidenceModal.tsx";
import { EVIDENCE_FILTERS, EvidenceFilters, listQueryOf } from "./components/EvidenceFilters.tsx";
import { EVIDENCE_COLUMNS } from "./components/EvidenceTable.tsx";
import { useEvidenceCan } from "./permissions.ts";
import { evidenceKeys } from "./queries.ts";

/** What good evidence looks like, for the first visit. */
function FirstEvidence() {
  return (
    <Stack gap="xs" ta="left" maw={520}>
      <Text size="sm" c="dimmed">
        Evidence shows an auditor that a control operates. Good evidence is:
      </Text>
      <List size="sm" c="dimmed" spacing={2}>
        <List.Item>
          <b>dated and attributable</b> — a screenshot with the clock visible, an export with its run date, a review
          signed by its reviewer;
        </List.Item>
        <List.Item>
          <b>about a period</b> — say which days it covers (the Q1 access review covers 1 Jan – 31 Mar);
        </List.Item>
        <List.Item>
          <b>linked to its controls</b> — so each control shows it, and Assay tells you when it goes stale.
        </List.Item>
      </List>
      <Text size="sm" c="dimmed">
        Submitted evidence is kept exactly as it was sent (its SHA-256 is recorded) and corrected only by new versions.
      </Text>
    </Stack>
  );
}

/**
 * /evidence — every piece of evidence of the organization, with search and filters kept in the URL; for people who
 * may only submit evidence (employees), what they submitted themselves (the server lists only that).
 */
export function EvidenceLibraryPage() {
  const { programId } = useCurrentProgramId();
  const { readsAll } = useEvidenceCan();
  const { filters: f, list } = useListQuery({
    filters: EVIDENCE_FILTERS,
    search: "q",
    query: listQueryOf,
    key: evidenceKeys.list,
    fetch: (query) => api.GET("/api/v1/evidence", { params: { query } }),
  });
  const firstVisit = list.data?.total === 0 && !f.any;

  return (
    <>
      <PageHeader
        title={readsAll ? "Evidence" : "Your evidence"}
        description={
          readsAll
            ? "Files, links and written statements that show your controls operate: who collected each piece, when, for which period, and whether it is still fresh."
            : "The files, links and statements you submitted. Compliance managers see them in the evidence library."
        }
        actions={<AddEvidenceButton programId={programId} />}
      />
      <DataTable
        label="Evidence"
        query={list}
        columns={EVIDENCE_COLUMNS}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ "data-testid": `evidence-row-${e.id}` })}
        minWidth={1000}
        paging={f}
        noun={["piece of evidence", "pieces of evidence"]}
        toolbar={<EvidenceFilters f={f} programId={programId} />}
        empty={{
          icon: <IconFileCertificate size={26} />,
          title: firstVisit ? "No evidence yet" : "No evidence matches these filters",
          description: firstVisit ? <FirstEvidence /> : "Clear a filter or search for something else.",
          action: firstVisit ? <AddEvidenceButton programId={programId} label="Upload evidence" /> : undefined,
        }}
      />
    </>
  );
}
