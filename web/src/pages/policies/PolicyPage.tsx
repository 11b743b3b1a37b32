import { Anchor, Badge, Breadcrumbs, Button, Card, Group, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import { api, apiUrl } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Markdown } from "../../components/Markdown.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";
import { orgPolicyKeys, STATUS_COLORS, STATUS_LABELS } from "./labels.ts";
import { PolicyAcceptanceView } from "./PolicyAcceptance.tsx";
import { PolicyEditor } from "./PolicyEditor.tsx";
import { PolicyVersions } from "./PolicyVersions.tsx";
import { PolicyWorkflow } from "./PolicyWorkflow.tsx";

const TABS = ["document", "edit", "review", "versions", "acceptance"] as const;
type Tab = (typeof TABS)[number];

/** /policies/:policyId — one of the organization's policies: read, edit, review, publish, track acceptance. */
export function PolicyPage() {
  const { policyId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const can = useCan();
  const tab = (TABS as readonly string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as Tab) : "document";
  const detail = useQuery({
    queryKey: orgPolicyKeys.detail(policyId),
    queryFn: () => api.GET("/api/v1/policies/{id}", { params: { path: { id: policyId } } }),
  });
  const p = detail.data;
  const latestSummary = p?.versions[0];
  const currentSummary = p?.versions.find((v) => v.status === "published");
  const latest = useQuery({
    queryKey: orgPolicyKeys.version(policyId, latestSummary?.id ?? ""),
    queryFn: () =>
      api.GET("/api/v1/policies/{id}/versions/{versionId}", {
        params: { path: { id: policyId, versionId: latestSummary!.id } },
      }),
    enabled: !!latestSummary,
  });
  const current = useQuery({
    queryKey: orgPolicyKeys.version(policyId, currentSummary?.id ?? ""),
    queryFn: () =>
      api.GET("/api/v1/policies/{id}/versions/{versionId}", {
        params: { path: { id: policyId, versionId: currentSummary!.id } },
      }),
    enabled: !!currentSummary,
  });
  const reviewed = useMutation({
    mutationFn: () => api.POST("/api/v1/policies/{id}/reviewed", { params: { path: { id: policyId } } }),
    onSuccess: (r) => notifySuccess(`Marked reviewed. Next review: ${r.nextReviewDate}.`),
  });
  const shown = current.data ?? latest.data;
  const overdue = !!p?.nextReviewDate && p.nextReviewDate < new Date().toISOString().slice(0, 10);
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/policies" size="sm">
          Policies
        </Anchor>
        <Text size="sm">{p?.title ?? "Policy"}</Text>
      </Breadcrumbs>
      <ErrorAlert error={detail.error} />
      {detail.isPending ? (
        <Skeleton h={480} />
      ) : p ? (
        <>
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Title order={1} fz={26}>
                {p.title}
              </Title>
              <Group gap="xs">
                {latestSummary && (
                  <Badge color={STATUS_COLORS[latestSummary.status]} variant="light">
                    v{latestSummary.number} {STATUS_LABELS[latestSummary.status]}
                  </Badge>
                )}
                {p.currentNumber && latestSummary?.number !== p.currentNumber && (
                  <Badge color="green" variant="light">
                    v{p.currentNumber} published
                  </Badge>
                )}
                <Text size="sm" c="dimmed">
                  Owner: {p.ownerName ?? "none"} · review every {p.reviewCadenceMonths} months
                  {p.nextReviewDate ? ` · next review ${p.nextReviewDate}` : ""}
                </Text>
                {overdue && <Badge color="red">Review overdue</Badge>}
              </Group>
            </Stack>
            <Group gap="sm">
              {shown && (
                <Button
                  component="a"
                  variant="default"
                  leftSection={<IconDownload size={16} />}
                  href={apiUrl("/api/v1/policies/{id}/versions/{versionId}/pdf", {
                    path: { id: p.id, versionId: shown.id },
                  })}
                  download
                >
                  PDF (v{shown.number})
                </Button>
              )}
              {can("policies.manage") && p.currentNumber && (
                <Button variant="default" onClick={() => reviewed.mutate()} loading={reviewed.isPending}>
                  Mark reviewed
                </Button>
              )}
            </Group>
          </Group>
          <ErrorAlert error={reviewed.error} />
          <Tabs
            value={tab}
            onChange={(t) => setParams(t && t !== "document" ? { tab: t } : {}, { replace: true })}
            keepMounted={false}
          >
            <Tabs.List>
              <Tabs.Tab value="document">Document</Tabs.Tab>
              {can("policies.manage") && <Tabs.Tab value="edit">Edit</Tabs.Tab>}
              <Tabs.Tab value="review">Review and publish</Tabs.Tab>
              <Tabs.Tab value="versions">Versions ({p.versions.length})</Tabs.Tab>
              <Tabs.Tab value="acceptance">Acceptance {p.requested ? `(${p.percent}%)` : ""}</Tabs.Tab>
            </Tabs.List>
            <Card withBorder padding="xl" mt="md">
              <Tabs.Panel value="document">
                {shown ? (
                  <Stack gap="xs">
                    <Text size="xs" c="dimmed">
                      {current.data
                        ? `Version ${shown.number}, published`
                        : `Version ${shown.number} (${STATUS_LABELS[shown.status].toLowerCase()}), not published yet`}
                    </Text>
                    <div data-testid="policy-document">
                      <Markdown>{shown.body}</Markdown>
                    </div>
                  </Stack>
                ) : (
                  <Skeleton h={240} />
                )}
              </Tabs.Panel>
              <Tabs.Panel value="edit">
                {latest.data ? (
                  <PolicyEditor key={`${latest.data.id}:${latest.data.updatedAt}`} policy={p} latest={latest.data} />
                ) : (
                  <Skeleton h={240} />
                )}
              </Tabs.Panel>
              <Tabs.Panel value="review">
                {latest.data ? <PolicyWorkflow policy={p} version={latest.data} /> : <Skeleton h={120} />}
              </Tabs.Panel>
              <Tabs.Panel value="versions">
                <PolicyVersions policy={p} />
              </Tabs.Panel>
              <Tabs.Panel value="acceptance">
                <PolicyAcceptanceView policy={p} />
              </Tabs.Panel>
            </Card>
          </Tabs>
        </>
      ) : null}
    </Stack>
  );
}
