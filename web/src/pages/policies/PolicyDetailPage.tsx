import { Anchor, Breadcrumbs, Card, Grid, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Markdown } from "../../components/Markdown.tsx";
import { policyKeys } from "./PoliciesPage.tsx";

/** /policies/templates/:policyId — one policy template rendered for this organization, with the controls it supports. */
export function PolicyDetailPage() {
  const { policyId = "" } = useParams();
  const policy = useQuery({
    queryKey: policyKeys.detail(policyId),
    queryFn: () => api.GET("/api/v1/content/policies/{id}", { params: { path: { id: policyId } } }),
  });
  const p = policy.data;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/policies" size="sm">
          Policies
        </Anchor>
        <Anchor component={Link} to="/policies/templates" size="sm">
          Templates
        </Anchor>
        <Text size="sm">{p?.title ?? policyId}</Text>
      </Breadcrumbs>
      <ErrorAlert error={policy.error} />
      {policy.isPending ? (
        <Skeleton h={480} />
      ) : p ? (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Card withBorder padding="xl" data-testid="policy-document">
              <Markdown>{p.markdown}</Markdown>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md">
              <Card withBorder padding="lg">
                <Stack gap="xs">
                  <Title order={2} fz="md">
                    Controls this policy supports
                  </Title>
                  <Text size="xs" c="dimmed">
                    Library controls that name this policy; an auditor reads the policy as part of their design.
                  </Text>
                  <Stack gap={6} data-testid="policy-controls">
                    {p.controls.map((c) => (
                      <Group key={c.id} gap="xs" wrap="nowrap" align="baseline">
                        <Text size="sm" className="assay-mono" w={64}>
                          {c.id}
                        </Text>
                        <Text size="sm">{c.name}</Text>
                      </Group>
                    ))}
                  </Stack>
                </Stack>
              </Card>
              <Card withBorder padding="lg">
                <Stack gap="xs">
                  <Title order={2} fz="md">
                    Filled in
                  </Title>
                  <Text size="xs" c="dimmed">
                    Version {p.version} of the template. Your organization's name replaces the company; the other values
                    are defaults to change when you adopt the policy.
                  </Text>
                  <Table fz="xs" verticalSpacing={4} aria-label="Template variables">
                    <Table.Tbody>
                      {Object.entries(p.variables).map(([name, value]) => (
                        <Table.Tr key={name}>
                          <Table.Td className="assay-mono" style={{ whiteSpace: "nowrap" }}>
                            {name}
                          </Table.Td>
                          <Table.Td>{value}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Stack>
              </Card>
            </Stack>
          </Grid.Col>
        </Grid>
      ) : null}
    </Stack>
  );
}
