import { Alert, Anchor, Breadcrumbs, Button, Card, Checkbox, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../../api/client.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { Markdown } from "../../../components/Markdown.tsx";
import { formatDateTime } from "../../../components/Time.tsx";
import { portalKeys } from "../labels.ts";

/** /portal/policies/:policyId — read a policy and accept it. */
export function MyPolicyPage() {
  const { policyId = "" } = useParams();
  const qc = useQueryClient();
  const [read, setRead] = useState(false);
  const detail = useQuery({
    queryKey: portalKeys.detail(policyId),
    queryFn: () => api.GET("/api/v1/portal/policies/{id}", { params: { path: { id: policyId } } }),
  });
  const accept = useMutation({
    mutationFn: () => api.POST("/api/v1/portal/policies/{id}/accept", { params: { path: { id: policyId } } }),
    onSuccess: (p) => {
      qc.setQueryData(portalKeys.detail(policyId), p);
      return qc.invalidateQueries({ queryKey: portalKeys.list });
    },
  });
  const p = detail.data;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/portal/policies" size="sm">
          My policies
        </Anchor>
        <Text size="sm">{p?.title ?? "Policy"}</Text>
      </Breadcrumbs>
      <ErrorAlert error={detail.error} />
      {detail.isPending ? (
        <Skeleton h={480} />
      ) : p ? (
        <>
          <Title order={1} fz={26}>
            {p.title}
          </Title>
          <Text size="sm" c="dimmed">
            Version {p.currentVersion}
            {p.changeSummary ? ` · ${p.changeSummary}` : ""} · please accept by {p.dueDate}
          </Text>
          <Card withBorder padding="xl">
            <Markdown>{p.body}</Markdown>
          </Card>
          {p.acceptedAt ? (
            <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />} data-testid="accepted">
              You accepted this policy on {formatDateTime(p.acceptedAt)}.
            </Alert>
          ) : (
            <Card withBorder padding="lg">
              <Stack gap="sm">
                <Checkbox
                  label={`I have read the ${p.title} and I will follow it.`}
                  checked={read}
                  onChange={(e) => setRead(e.currentTarget.checked)}
                />
                <Group>
                  <Button onClick={() => accept.mutate()} loading={accept.isPending} disabled={!read}>
                    Accept
                  </Button>
                </Group>
                <Text size="xs" c="dimmed">
                  Your acceptance is recorded with the version, the time and where you accepted from (address and
                  browser).
                </Text>
                <ErrorAlert error={accept.error} />
              </Stack>
            </Card>
          )}
        </>
      ) : null}
    </Stack>
  );
}
