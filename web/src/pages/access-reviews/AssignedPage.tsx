import { Anchor, Badge, Card, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconChecks } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useCan } from "../../session.tsx";
import { AccountsTable } from "./AccountsTable.tsx";

/** A reviewer's queue: the accounts waiting for their decision, and their revocations not yet done. */
export function AssignedPage() {
  const can = useCan();
  const queue = useQuery({
    queryKey: ["access-reviews", "assigned"],
    queryFn: () => api.GET("/api/v1/access-reviews/assigned"),
  });
  return (
    <>
      <PageHeader
        title="Access reviews assigned to me"
        description="Decide for each account whether its holder keeps it, loses it, or gets another role. Revocations and role changes need a comment; mark them done once carried out."
      />
      {queue.error && <ErrorAlert error={queue.error} />}
      {queue.isPending ? (
        <Skeleton h={240} />
      ) : !queue.data?.items.length ? (
        <Card withBorder>
          <Empty
            icon={<IconChecks size={22} />}
            title="Nothing waits for you"
            description="When a review assigns accounts to you, they appear here."
          />
        </Card>
      ) : (
        <Stack gap="xl">
          {queue.data.items.map(({ campaign, accounts }) => (
            <Stack key={campaign.id} gap="xs">
              <Group justify="space-between">
                <Title order={2} fz="lg">
                  {can("access_reviews.read") ? (
                    <Anchor component={Link} to={`/access-reviews/${campaign.id}`} inherit>
                      {campaign.name}
                    </Anchor>
                  ) : (
                    campaign.name
                  )}
                </Title>
                <Group gap="xs">
                  <Text size="sm" c="dimmed">
                    {campaign.system} · due {campaign.dueOn}
                  </Text>
                  {campaign.overdue && (
                    <Badge color="red" variant="light">
                      Overdue
                    </Badge>
                  )}
                </Group>
              </Group>
              <AccountsTable
                campaignId={campaign.id}
                accounts={accounts}
                open
                label={`Accounts to review in ${campaign.name}`}
              />
            </Stack>
          ))}
        </Stack>
      )}
    </>
  );
}
