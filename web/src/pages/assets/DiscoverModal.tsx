import { Alert, Badge, Button, Checkbox, Group, Modal, ScrollArea, Select, Stack, Table, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { ENVIRONMENT_LABELS, ENVIRONMENTS, KIND_LABELS, options } from "./labels.ts";

/** Resources the connections found that are not in the inventory yet: choose some and add them as assets. */
export function DiscoverModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [environment, setEnvironment] = useState<string | null>(null);
  const [inScope, setInScope] = useState(false);
  const found = useQuery({
    queryKey: ["assets", "discover"],
    queryFn: () => api.POST("/api/v1/assets/discover", { body: {} }),
    enabled: opened,
  });
  const add = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/assets/from-resources", {
        body: {
          resourceIds: [...chosen],
          inScope,
          environment: environment as (typeof ENVIRONMENTS)[number] | null,
        },
      }),
    onSuccess: (r) => {
      notifySuccess(`${r.created} ${r.created === 1 ? "asset was" : "assets were"} added to the inventory.`);
      setChosen(new Set());
      add.reset();
      onClose();
    },
  });
  const toggle = (id: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const groups = found.data?.connections ?? [];
  return (
    <Modal opened={opened} onClose={onClose} title="Add assets from your connections" size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          Hosts, devices enrolled by the agent, databases, buckets, repositories and the accounts your connections sync.
          Each asset added stays tied to its resource: every sync updates when it was last seen.
        </Text>
        <ErrorAlert error={found.error ?? add.error} />
        {found.data && groups.length === 0 && (
          <Alert color="gray">Every resource that could be an asset is already in the inventory.</Alert>
        )}
        <ScrollArea.Autosize mah={380}>
          <Stack gap="md">
            {groups.map((g) => (
              <Stack key={g.connectionId} gap={4}>
                <Text fw={600} size="sm">
                  {g.connectionName}{" "}
                  <Text span c="dimmed" size="xs">
                    ({g.connectionType})
                  </Text>
                </Text>
                <Table verticalSpacing={4} fz="sm">
                  <Table.Tbody>
                    {g.candidates.map((c) => (
                      <Table.Tr key={c.resourceId}>
                        <Table.Td w={36}>
                          <Checkbox
                            aria-label={`Add ${c.name}`}
                            disabled={c.nameTaken}
                            checked={chosen.has(c.resourceId)}
                            onChange={(e) => toggle(c.resourceId, e.currentTarget.checked)}
                          />
                        </Table.Td>
                        <Table.Td>
                          {c.name}
                          {c.nameTaken && (
                            <Text span size="xs" c="orange">
                              {" "}
                              (name already used)
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" size="sm">
                            {KIND_LABELS[c.kind]}
                          </Badge>
                        </Table.Td>
                        <Table.Td c="dimmed">{c.type}</Table.Td>
                        <Table.Td>
                          {c.missingSince ? (
                            <Text size="xs" c="orange">
                              no longer seen
                            </Text>
                          ) : (
                            <RelativeTime value={c.lastSeenAt} size="xs" />
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Stack>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        <Group align="flex-end">
          <Select
            label="Environment"
            placeholder="Not set"
            clearable
            w={200}
            data={options(ENVIRONMENTS, ENVIRONMENT_LABELS)}
            value={environment}
            onChange={setEnvironment}
          />
          <Checkbox label="In scope" checked={inScope} onChange={(e) => setInScope(e.currentTarget.checked)} mb={8} />
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!chosen.size} loading={add.isPending} onClick={() => add.mutate()}>
            Add {chosen.size || ""} {chosen.size === 1 ? "asset" : "assets"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
