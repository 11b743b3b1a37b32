import { Anchor, Badge, Button, Group, Progress, SegmentedControl, Text } from "@mantine/core";
import { IconPlus, IconUserCheck } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { ACCESS_CADENCE_LABELS } from "../../../../src/core/access-review.ts";
import { api } from "../../api/client.ts";
import type { AccessReview } from "../../api/models/access-reviews.ts";
import { DataTable, type DataTableProps, SearchInput } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { LaunchModal } from "./LaunchModal.tsx";

export function AccessReviewsPage() {
  const can = useCan();
  const [launching, setLaunching] = useState(false);
  const { filters, list } = useListQuery({
    filters: ["q", "status"] as const,
    search: "q",
    query: (v, paging) => ({ q: v.q, status: oneOf(["open", "closed"] as const, v.status), ...paging }),
    key: (query) => ["access-reviews", "list", query],
    fetch: (query) => api.GET("/api/v1/access-reviews", { params: { query } }),
  });
  const columns: DataTableProps<AccessReview>["columns"] = [
    {
      header: "Review",
      cell: (c) => (
        <Anchor component={Link} to={`/access-reviews/${c.id}`} size="sm" fw={500} c="inherit">
          {c.name}
        </Anchor>
      ),
    },
    {
      header: "System",
      cell: (c) => (
        <Text size="sm">
          {c.system}
          <Text span size="xs" c="dimmed">
            {" "}
            · {c.connection ? c.connection.name : "uploaded list"} · {ACCESS_CADENCE_LABELS[c.cadence]}
          </Text>
        </Text>
      ),
    },
    {
      header: "Progress",
      width: 200,
      cell: (c) => (
        <div>
          <Progress value={c.progress.percent} size="sm" aria-label={`${c.name}: ${c.progress.percent}% done`} />
          <Text size="xs" c="dimmed" mt={2}>
            {c.progress.decided}/{c.progress.total} decided
            {c.progress.unfinished ? ` · ${c.progress.unfinished} not done` : ""}
          </Text>
        </div>
      ),
    },
    {
      header: "Flags",
      cell: (c) =>
        c.flagged ? (
          <Badge color="red" variant="light">
            {c.flagged} flagged
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            None
          </Text>
        ),
    },
    {
      header: "Due",
      cell: (c) => (
        <Text size="sm" c={c.overdue ? "red" : undefined} fw={c.overdue ? 600 : undefined}>
          {c.dueOn}
          {c.overdue ? " (overdue)" : ""}
        </Text>
      ),
    },
    {
      header: "Status",
      cell: (c) => (
        <Badge variant="light" color={c.status === "open" ? "blue" : "gray"}>
          {c.status === "open" ? "Open" : "Closed"}
        </Badge>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title="Access reviews"
        description="Review who holds accounts on each system: reviewers keep, revoke or change each account, revocations are tracked until done (or confirmed by the next sync), and the closing report becomes evidence of ACC-08."
        actions={
          <Group>
            <Button
              component={Link}
              to="/access-reviews/assigned"
              variant="default"
              leftSection={<IconUserCheck size={18} />}
            >
              Assigned to me
            </Button>
            {can("access_reviews.manage") && (
              <Button leftSection={<IconPlus size={18} />} onClick={() => setLaunching(true)}>
                Launch a review
              </Button>
            )}
          </Group>
        }
      />
      <DataTable
        label="Access reviews"
        query={list}
        rowKey={(c) => c.id}
        columns={columns}
        paging={filters}
        noun={["review", "reviews"]}
        minWidth={760}
        toolbar={
          <Group>
            <SearchInput filters={filters} aria-label="Search reviews" placeholder="Search by name or system" />
            <SegmentedControl
              aria-label="Status"
              value={filters.values.status ?? ""}
              onChange={(v) => filters.set({ status: v || undefined })}
              data={[
                { value: "", label: "All" },
                { value: "open", label: "Open" },
                { value: "closed", label: "Closed" },
              ]}
            />
          </Group>
        }
        empty={{
          icon: <IconUserCheck size={22} />,
          title: "No access reviews yet",
          description: "Launch one from a connection's accounts or from a CSV export of any system.",
          action: can("access_reviews.manage") ? (
            <Button onClick={() => setLaunching(true)} leftSection={<IconPlus size={18} />}>
              Launch a review
            </Button>
          ) : undefined,
        }}
      />
      {launching && <LaunchModal onClose={() => setLaunching(false)} />}
    </>
  );
}
