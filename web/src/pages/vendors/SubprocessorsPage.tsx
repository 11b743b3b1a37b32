import { Anchor, Badge, Card, Group, Stack, Switch, Table, Text } from "@mantine/core";
import { IconBuildingStore } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { DownloadButtons } from "../../components/DownloadButtons.tsx";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { SectionLoader } from "../../components/Loading.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { useCan } from "../../session.tsx";
import { DATA_LABELS, vendorKeys } from "./labels.ts";
import { BackToVendors } from "./VendorMoreLinks.tsx";

/**
 * The subprocessor list: the active vendors marked as subprocessors with what the trust center will publish of them
 * (purpose, location, data shared), the organization's "we use none" statement (VND-07), and the subservice
 * organizations of the audit scope.
 */
export function SubprocessorsPage() {
  const can = useCan();
  const list = useQuery({
    queryKey: vendorKeys.subprocessors,
    queryFn: () => api.GET("/api/v1/vendors/subprocessors"),
  });
  const declare = useMutation({
    mutationFn: (noSubprocessors: boolean) =>
      api.PUT("/api/v1/vendors/subprocessors/none", { body: { noSubprocessors }, quiet: true }),
  });
  const data = list.data;
  return (
    <>
      <BackToVendors />
      <PageHeader
        title="Subprocessors"
        description={
          <>
            The vendors that process customer data on your behalf: what your trust center and customer agreements list.
            Mark a vendor as a subprocessor, with its purpose and location, on its page in{" "}
            <Anchor component={Link} to="/vendors" size="sm" underline="always">
              Vendors
            </Anchor>
            .
          </>
        }
        actions={<DownloadButtons hrefFor={() => "/api/v1/vendors/subprocessors.csv"} label="subprocessors" />}
      />
      {list.isPending ? (
        <SectionLoader />
      ) : list.error || !data ? (
        <ErrorAlert error={list.error} />
      ) : (
        <Stack gap="lg">
          <Card withBorder padding={0} component="section" aria-label="Subprocessors">
            {data.subprocessors.length ? (
              <Table.ScrollContainer minWidth={720}>
                <Table verticalSpacing="sm" horizontalSpacing="md" fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Subprocessor</Table.Th>
                      <Table.Th>Purpose</Table.Th>
                      <Table.Th w={180}>Location</Table.Th>
                      <Table.Th w={260}>Data shared</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.subprocessors.map((s) => (
                      <Table.Tr key={s.id}>
                        <Table.Td>
                          <Stack gap={0}>
                            <Anchor component={Link} to={`/vendors/${s.id}`} fw={600} size="sm">
                              {s.name}
                            </Anchor>
                            {s.website && (
                              <Text size="xs" c="dimmed">
                                {s.website}
                              </Text>
                            )}
                          </Stack>
                        </Table.Td>
                        <Table.Td>{s.purpose || <Missing what="No purpose given" />}</Table.Td>
                        <Table.Td>{s.location || <Missing what="No location given" />}</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {s.dataShared.length ? (
                              s.dataShared.map((d) => (
                                <Badge key={d} size="sm" variant="light" color="gray">
                                  {DATA_LABELS[d]}
                                </Badge>
                              ))
                            ) : (
                              <Missing what="Not recorded" />
                            )}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : (
              <Empty
                icon={<IconBuildingStore size={28} />}
                title={data.noSubprocessors ? "You stated that you use no subprocessors" : "No subprocessors listed"}
                description={
                  data.noSubprocessors
                    ? "VND-07 counts this statement. Withdraw it below if a vendor starts processing customer data for you."
                    : "Mark the vendors that process customer data for you as subprocessors, or state below that there are none."
                }
              />
            )}
          </Card>
          {!data.subprocessors.length && (
            <Card withBorder padding="md">
              <ErrorAlert error={declare.error} />
              <Switch
                label="We use no subprocessors"
                description="No vendor processes customer data on our behalf. VND-07 is met by this statement until a vendor is marked as a subprocessor."
                checked={data.noSubprocessors}
                disabled={!can("vendors.manage") || declare.isPending}
                onChange={(e) => declare.mutate(e.currentTarget.checked)}
              />
            </Card>
          )}
          <SectionCard
            title="Subservice organizations"
            description="Vendors whose controls your audit scope carves out or relies on (for the system description)."
          >
            {data.subserviceOrganizations.length ? (
              <Stack gap="xs">
                {data.subserviceOrganizations.map((s) => (
                  <Group key={s.id} gap="xs">
                    <Anchor component={Link} to={`/vendors/${s.id}`} size="sm" fw={600}>
                      {s.name}
                    </Anchor>
                    {s.services && (
                      <Text size="sm" c="dimmed">
                        {s.services}
                      </Text>
                    )}
                  </Group>
                ))}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                No vendor is marked as a subservice organization.
              </Text>
            )}
          </SectionCard>
        </Stack>
      )}
    </>
  );
}

function Missing({ what }: { what: string }) {
  return (
    <Text size="sm" c="dimmed" fs="italic">
      {what}
    </Text>
  );
}
