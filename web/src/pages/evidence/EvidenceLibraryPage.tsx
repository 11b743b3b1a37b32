import { Card, List, Skeleton, Stack, Text } from "@mantine/core";
import { IconFileCertificate } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { TablePager } from "../../components/TablePager.tsx";
import { useUrlFilters } from "../../lib/use-url-filters.ts";
import { useCurrentProgramId } from "../../program/context.tsx";
import { AddEvidenceButton } from "./components/AddEvidenceModal.tsx";
import { EVIDENCE_FILTERS, EvidenceFilters, listQueryOf } from "./components/EvidenceFilters.tsx";
import { EvidenceTable } from "./components/EvidenceTable.tsx";
import { evidenceKeys } from "./queries.ts";

const PAGE_SIZE = 25;

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

/** /evidence — every piece of evidence of the organization, with search and filters kept in the URL. */
export function EvidenceLibraryPage() {
  const f = useUrlFilters(EVIDENCE_FILTERS);
  const { programId } = useCurrentProgramId();
  const query = listQueryOf(f.values, f.page, PAGE_SIZE);
  const list = useQuery({
    queryKey: evidenceKeys.list(query),
    queryFn: () => api.GET("/api/v1/evidence", { params: { query } }),
    placeholderData: keepPreviousData,
  });
  const empty = list.data?.total === 0;
  const firstVisit = empty && !f.any;

  return (
    <>
      <PageHeader
        title="Evidence"
        description="Files, links and written statements that show your controls operate: who collected each piece, when, for which period, and whether it is still fresh."
        actions={<AddEvidenceButton programId={programId} />}
      />
      <Card withBorder padding={0}>
        <Stack p="md" gap="sm">
          <EvidenceFilters f={f} programId={programId} />
        </Stack>
        {list.isError && (
          <Stack px="md" pb="md">
            <ErrorAlert error={list.error} />
          </Stack>
        )}
        {list.isPending ? (
          <Stack p="md" gap="sm">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} h={44} />
            ))}
          </Stack>
        ) : empty ? (
          <Empty
            icon={<IconFileCertificate size={26} />}
            title={firstVisit ? "No evidence yet" : "No evidence matches these filters"}
            description={firstVisit ? <FirstEvidence /> : "Clear a filter or search for something else."}
            action={firstVisit ? <AddEvidenceButton programId={programId} label="Upload evidence" /> : undefined}
          />
        ) : list.data ? (
          <EvidenceTable items={list.data.items} />
        ) : null}
        {list.data && list.data.total > 0 && (
          <Stack px="md" pb="md">
            <TablePager
              page={f.page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onChange={(p) => f.set({ page: String(p) })}
              noun={["piece of evidence", "pieces of evidence"]}
            />
          </Stack>
        )}
      </Card>
    </>
  );
}
