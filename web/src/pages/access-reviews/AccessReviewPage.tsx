import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { IconAlertTriangle, IconDownload, IconFileTypeCsv, IconFileTypePdf, IconLock } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ACCESS_CADENCE_LABELS, closeProblem } from "../../../../src/core/access-review.ts";
import { api, apiUrl } from "../../api/client.ts";
import type { AccessReviewDetail } from "../../api/models/access-reviews.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { LimitedTextarea, TEXT_LIMITS } from "../../components/LimitedTextarea.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";
import { AccountsTable } from "./AccountsTable.tsx";
import { unfinished } from "./labels.ts";

type Filter = "all" | "pending" | "flagged" | "unfinished";

export function AccessReviewPage() {
  const { id = "" } = useParams();
  const can = useCan();
  const [filter, setFilter] = useState<Filter>("all");
  const [q, setQ] = useState("");
  const [closing, setClosing] = useState(false);
  const review = useQuery({
    queryKey: ["access-reviews", "detail", id],
    queryFn: () => api.GET("/api/v1/access-reviews/{id}", { params: { path: { id } } }),
  });
  if (review.error) return <ErrorAlert error={review.error} />;
  if (!review.data) return <Skeleton h={400} />;
  const r = review.data;
  const open = r.status === "open";
  const needle = q.trim().toLowerCase();
  const shown = r.accounts.filter(
    (a) =>
      (filter === "all" ||
        (filter === "pending" && !a.decision) ||
        (filter === "flagged" && a.flag) ||
        (filter === "unfinished" && unfinished(a))) &&
      (!needle ||
        `${a.account} ${a.email ?? ""} ${a.person?.name ?? ""} ${a.roles.join(" ")}`.toLowerCase().includes(needle)),
  );
  const flagged = r.accounts.filter((a) => a.flag && !a.decision);
  const p = r.progress;
  return (
    <>
      <Anchor component={Link} to="/access-reviews" size="sm">
        ← Access reviews
      </Anchor>
      <PageHeader
        title={r.name}
        description={`${r.system} · ${r.connection ? `${r.connection.name}` : "uploaded list"} · ${ACCESS_CADENCE_LABELS[r.cadence]} · run by ${r.owner?.name ?? "—"}${r.systemOwner ? ` · system owner ${r.systemOwner.name}` : ""}`}
        actions={
          <Group>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" leftSection={<IconDownload size={18} />}>
                  Report
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  component="a"
                  href={apiUrl("/api/v1/access-reviews/{id}/report.pdf", { path: { id } })}
                  download
                  leftSection={<IconFileTypePdf size={18} />}
                >
                  PDF report
                </Menu.Item>
                <Menu.Item
                  component="a"
                  href={apiUrl("/api/v1/access-reviews/{id}/report.csv", { path: { id } })}
                  download
                  leftSection={<IconFileTypeCsv size={18} />}
                >
                  CSV
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            {open && can("access_reviews.manage") && (
              <Button leftSection={<IconLock size={18} />} onClick={() => setClosing(true)}>
                Close review
              </Button>
            )}
          </Group>
        }
      />
      <SimpleGrid cols={{ base: 2, sm: 5 }} mb="md">
        <Stat label="Accounts" value={p.total} />
        <Stat label="Pending" value={p.pending} color={p.pending ? "blue" : undefined} />
        <Stat label="Revoke / change" value={p.revoked + p.changed} color="red" />
        <Stat label="Not done yet" value={p.unfinished} color={p.unfinished ? "orange" : undefined} />
        <Stat label="Due" value={r.dueOn} color={r.overdue ? "red" : undefined} />
      </SimpleGrid>
      <Progress value={p.percent} mb="md" aria-label={`${p.percent}% done`} />
      {!open && (
        <Alert color="gray" mb="md" icon={<IconLock size={18} />} title="Closed">
          Closed {r.closedAt?.slice(0, 10)} by {r.closedBy?.name ?? "—"}.{" "}
          {r.reportEvidenceIds.length
            ? `The report is attached as evidence of ACC-08 (${r.reportEvidenceIds.length} files).`
            : "No active program has ACC-08, so the report was not attached as evidence."}
          {r.closeNote ? ` Note: ${r.closeNote}` : ""}
        </Alert>
      )}
      {open && flagged.length > 0 && (
        <Alert
          color="red"
          mb="md"
          icon={<IconAlertTriangle size={18} />}
          title={`${flagged.length} flagged ${flagged.length === 1 ? "account needs" : "accounts need"} a decision`}
        >
          Accounts that match nobody in the people directory, or whose holder has left, should normally be revoked.{" "}
          <Anchor component="button" type="button" onClick={() => setFilter("flagged")} size="sm">
            Show them
          </Anchor>
        </Alert>
      )}
      <Stack gap="sm">
        <Group>
          <SegmentedControl
            aria-label="Show"
            value={filter}
            onChange={(v) => setFilter(v as Filter)}
            data={[
              { value: "all", label: `All (${r.accounts.length})` },
              { value: "pending", label: `Pending (${p.pending})` },
              { value: "flagged", label: `Flagged (${r.flagged})` },
              { value: "unfinished", label: `Not done (${p.unfinished})` },
            ]}
          />
          <TextInput
            aria-label="Search accounts"
            placeholder="Search accounts"
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
          />
        </Group>
        <AccountsTable campaignId={id} accounts={shown} open={open} label="Accounts under review" />
      </Stack>
      {closing && <CloseModal review={r} onClose={() => setClosing(false)} />}
    </>
  );
}

function Stat({ label, value, color }: { label: string; value: number | string; color?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="xl" c={color}>
        {value}
      </Text>
    </Card>
  );
}

function CloseModal({ review, onClose }: { review: AccessReviewDetail; onClose: () => void }) {
  const [note, setNote] = useState("");
  const problem = closeProblem(review.progress, note);
  const close = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/access-reviews/{id}/close", {
        params: { path: { id: review.id } },
        body: note.trim() ? { note: note.trim() } : {},
      }),
    onSuccess: () => {
      notifySuccess("The report is attached as evidence of ACC-08.", "Review closed");
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Close ${review.name}`}>
      <Stack>
        <Text size="sm">
          Closing makes the decisions final and attaches the report (PDF and CSV) as evidence of ACC-08 “User access
          reviews” in every active program.
        </Text>
        {review.progress.unfinished > 0 && (
          <LimitedTextarea
            label="Why close with changes not done"
            description={`${review.progress.unfinished} revocations or role changes are not done or confirmed yet.`}
            data-autofocus
            autosize
            minRows={2}
            limit={TEXT_LIMITS.paragraph}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
        )}
        {problem && (
          <Alert color="yellow" icon={<Badge size="xs">!</Badge>}>
            {problem}
          </Alert>
        )}
        {close.error && <ErrorAlert error={close.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!!problem} loading={close.isPending} onClick={() => close.mutate()}>
            Close review
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
