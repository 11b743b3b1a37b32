import { Drawer, Group, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { PriorityBadge, RemediationStatusBadge } from "../../../components/program/StatusBadges.tsx";
import { keys } from "../../../program/queries.ts";
import { ItemComments } from "./ItemComments.tsx";
import { ItemDetails } from "./ItemDetails.tsx";
import { ItemEditForm } from "./ItemEditForm.tsx";
import { ItemHistory } from "./ItemHistory.tsx";
import { StatusActions } from "./StatusActions.tsx";

export function RemediationDrawer({
  programId,
  itemId,
  onClose,
}: {
  programId: string;
  itemId: string | undefined;
  onClose: () => void;
}) {
  const q = useQuery({
    queryKey: keys.remediationItem(programId, itemId ?? ""),
    queryFn: () =>
      api.GET("/api/v1/programs/{programId}/remediation/{id}", { params: { path: { programId, id: itemId ?? "" } } }),
    enabled: !!itemId,
  });
  const item = q.data;
  return (
    <Drawer
      opened={!!itemId}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        item && (
          <Group gap="xs">
            <Text className="assay-mono" fw={700}>
              {item.ref}
            </Text>
            <RemediationStatusBadge status={item.status} />
            <PriorityBadge priority={item.priority} />
          </Group>
        )
      }
    >
      {q.isError && <ErrorAlert error={q.error} />}
      {q.isPending && itemId && <Skeleton h={300} />}
      {item && (
        // overflow-wrap is inherited: a 300-character word in any field wraps instead of widening the drawer.
        <Stack gap="md" style={{ overflowWrap: "anywhere" }} data-testid="remediation-drawer-body">
          <Title order={2} fz="xl">
            {item.title}
          </Title>
          <StatusActions programId={programId} item={item} size="sm" explain />
          <Tabs defaultValue="details" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="details">Details</Tabs.Tab>
              <Tabs.Tab value="edit">Edit</Tabs.Tab>
              <Tabs.Tab value="comments">Comments</Tabs.Tab>
              <Tabs.Tab value="history">History ({item.history.length})</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="details" pt="md">
              <ItemDetails programId={programId} item={item} />
            </Tabs.Panel>
            <Tabs.Panel value="edit" pt="md">
              <ItemEditForm key={item.updatedAt} programId={programId} item={item} />
            </Tabs.Panel>
            <Tabs.Panel value="comments" pt="md">
              <ItemComments programId={programId} item={item} />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <ItemHistory history={item.history} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Drawer>
  );
}
