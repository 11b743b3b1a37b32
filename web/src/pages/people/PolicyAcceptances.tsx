import { Anchor, Badge, Button, Card, Group, Skeleton, Switch, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconFileTypeCsv, IconFileTypePdf } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, apiUrl } from "../../api/client.ts";
import type { ResponseOf } from "../../api/types.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/Time.tsx";

type Row = ResponseOf<"/api/v1/policies/people/{personId}/acceptances">["items"][number];

const STATE: Record<Row["state"], { label: string; color: string }> = {
  accepted: { label: "Accepted", color: "green" },
  outstanding: { label: "Outstanding", color: "yellow" },
  overdue: { label: "Overdue", color: "red" },
  superseded: { label: "Superseded", color: "gray" },
};

/** The person page's section: which policies this person accepted (version, when, from where), which they still owe. */
export function PolicyAcceptances({ personId }: { personId: string }) {
  const [history, setHistory] = useState(false);
  const q = useQuery({
    queryKey: ["policies", "acceptances", personId],
    queryFn: () => api.GET("/api/v1/policies/people/{personId}/acceptances", { params: { path: { personId } } }),
  });
  const rows = q.data?.items.filter((i) => history || i.current) ?? [];
  const older = q.data ? q.data.items.length - q.data.items.filter((i) => i.current).length : 0;
  return (
    <Card withBorder component="section" aria-label="Policy acceptance">
      <Group justify="space-between" mb="sm" align="flex-start">
        <div>
          <Title order={2} fz="lg">
            Policy acceptance
          </Title>
          {q.data && (
            <Text size="sm" c="dimmed">
              {q.data.items.length === 0
                ? "This person has not been asked to accept any policy."
                : `${q.data.accepted} accepted, ${q.data.outstanding} outstanding${q.data.overdue ? ` (${q.data.overdue} overdue)` : ""}.`}
            </Text>
          )}
        </div>
        {q.data && q.data.items.length > 0 && (
          <Group gap="sm">
            {older > 0 && (
              <Switch
                size="sm"
                label={`Earlier versions (${older})`}
                checked={history}
                onChange={(e) => setHistory(e.currentTarget.checked)}
              />
            )}
            <Button
              component="a"
              variant="default"
              size="xs"
              leftSection={<IconFileTypeCsv size={14} />}
              href={apiUrl("/api/v1/policies/people/{personId}/acceptances.csv", { path: { personId } })}
              download
            >
              CSV
            </Button>
            <Button
              component="a"
              variant="default"
              size="xs"
              leftSection={<IconFileTypePdf size={14} />}
              href={apiUrl("/api/v1/policies/people/{personId}/acceptances.pdf", { path: { personId } })}
              download
            >
              PDF
            </Button>
          </Group>
        )}
      </Group>
      <ErrorAlert error={q.error} />
      {q.isPending && <Skeleton h={80} />}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Policy</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Accepted</Table.Th>
                <Table.Th>From</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={`${r.policyId}:${r.requestedVersion}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/policies/${r.policyId}`} size="sm">
                      {r.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    v{r.requestedVersion}
                    {r.acceptedVersion && r.acceptedVersion !== r.requestedVersion
                      ? ` (read v${r.acceptedVersion})`
                      : ""}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATE[r.state].color}>
                      {STATE[r.state].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{r.dueDate}</Table.Td>
                  <Table.Td>{r.acceptedAt ? formatDateTime(r.acceptedAt) : "—"}</Table.Td>
                  <Table.Td>
                    {r.ip ? (
                      <Tooltip label={r.userAgent ?? "Browser not recorded"} multiline maw={360} withArrow>
                        <Text size="sm" component="span" style={{ cursor: "help" }} tabIndex={0}>
                          {r.ip}
                        </Text>
                      </Tooltip>
                    ) : (
                      "—"
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
