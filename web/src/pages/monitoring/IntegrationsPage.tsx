import { Badge, Button, Card, Chip, Group, Modal, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconPlugConnected, IconPlus } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { Connection, Connector } from "../../api/models/monitoring.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { ConnectionCard, type Watch } from "./ConnectionCard.tsx";
import { ConnectionForm } from "./ConnectionForm.tsx";
import { CategoryIcon } from "./components/ConnectorIcon.tsx";
import { humanize } from "./labels.ts";
import { useMonitoringCan } from "./permissions.ts";
import { useConnections, useConnectors } from "./queries.ts";

type Editing = { connector: Connector; connection?: Connection } | null;

/** /monitoring/integrations — connected systems with their syncs, and the catalogue of connectors to add. */
export function IntegrationsPage() {
  const can = useMonitoringCan();
  const connectors = useConnectors();
  const connections = useConnections();
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Connection | null>(null);
  const [watches, setWatches] = useState<Record<string, Watch>>({});
  const byType = new Map((connectors.data?.items ?? []).map((c) => [c.type, c]));
  const conns = connections.data?.items ?? [];
  const catalogue = [...(connectors.data?.items ?? [])].sort(
    (a, b) => a.category.localeCompare(b.category) || a.title.localeCompare(b.title),
  );
  const categories = [...new Set(catalogue.map((c) => c.category))];
  const [category, setCategory] = useState("all");
  const mayConnect = can("monitoring.manage_connections");

  return (
    <>
      <PageHeader
        title="Integrations"
        description="Connect the systems in scope. Each sync collects their resources and runs the tests on them; failures show up under Tests with what to fix."
      />
      <Stack gap="xl">
        <ErrorAlert error={connections.error ?? connectors.error} />
        <Stack gap="sm" component="section" aria-label="Connections">
          <Title order={2} fz="lg">
            Connections
          </Title>
          {connections.isPending ? (
            <Skeleton h={140} />
          ) : conns.length === 0 ? (
            <Card withBorder padding={0}>
              <Empty
                icon={<IconPlugConnected size={26} />}
                title="Nothing is connected yet"
                description={
                  mayConnect
                    ? "Pick a connector below: settings are checked with “Test connection” before anything is saved."
                    : "An owner or admin connects systems; their results then appear here and under Tests."
                }
              />
            </Card>
          ) : (
            <Stack gap="md">
              {conns.map((c) => (
                <ConnectionCard
                  key={c.id}
                  connection={c}
                  connector={byType.get(c.type)}
                  watch={watches[c.id]}
                  onWatch={(w) =>
                    setWatches((all) => {
                      const next = { ...all };
                      if (w) next[c.id] = w;
                      else delete next[c.id];
                      return next;
                    })
                  }
                  onEdit={() => {
                    const connector = byType.get(c.type);
                    if (connector) setEditing({ connector, connection: c });
                  }}
                  onDelete={() => setRemoving(c)}
                />
              ))}
            </Stack>
          )}
        </Stack>

        <Stack gap="lg" component="section" aria-label="Connectors">
          <Stack gap={2}>
            <Title order={2} fz="lg">
              Add an integration
            </Title>
            <Text size="sm" c="dimmed">
              Each connector reads what it needs with read-only access and brings its own tests.
            </Text>
          </Stack>
          {connectors.isPending && <Skeleton h={160} />}
          {categories.length > 1 && (
            <Chip.Group value={category} onChange={(v) => setCategory(v as string)}>
              <Group gap={6} aria-label="Filter connectors by category">
                <Chip value="all" size="sm" variant="light">
                  All {catalogue.length}
                </Chip>
                {categories.map((cat) => (
                  <Chip key={cat} value={cat} size="sm" variant="light">
                    {humanize(cat)} {catalogue.filter((c) => c.category === cat).length}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {catalogue
              .filter((c) => category === "all" || c.category === category)
              .map((c) => {
                const count = conns.filter((x) => x.type === c.type).length;
                return (
                  <Card key={c.type} withBorder padding="md" component="article" aria-label={`Connector ${c.title}`}>
                    <Stack gap="xs" h="100%">
                      <Group justify="space-between" wrap="nowrap" align="flex-start">
                        <Group gap="sm" wrap="nowrap">
                          <CategoryIcon category={c.category} size={30} />
                          <Stack gap={0}>
                            <Text fw={600}>{c.title}</Text>
                            <Text size="xs" c="dimmed">
                              {humanize(c.category)}
                            </Text>
                          </Stack>
                        </Group>
                        {count > 0 && (
                          <Badge variant="light" color="teal" size="sm">
                            {count} connected
                          </Badge>
                        )}
                      </Group>
                      <Text size="sm" c="dimmed" style={{ flex: 1 }}>
                        {c.description}
                      </Text>
                      <Group justify="space-between" align="center" gap="xs">
                        <Text size="xs" c="dimmed">
                          {c.tests.length} test{c.tests.length === 1 ? "" : "s"}
                        </Text>
                        {mayConnect && (
                          <Button
                            variant={count > 0 ? "default" : "light"}
                            size="xs"
                            leftSection={<IconPlus size={14} />}
                            onClick={() => setEditing({ connector: c })}
                            aria-label={count > 0 ? `Connect another ${c.title}` : `Connect ${c.title}`}
                          >
                            {count > 0 ? "Connect another" : "Connect"}
                          </Button>
                        )}
                      </Group>
                    </Stack>
                  </Card>
                );
              })}
          </SimpleGrid>
        </Stack>
      </Stack>
      {editing && (
        <ConnectionForm
          key={editing.connection?.id ?? editing.connector.type}
          connector={editing.connector}
          connection={editing.connection}
          onClose={() => setEditing(null)}
        />
      )}
      <RemoveConnectionModal connection={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

function RemoveConnectionModal({ connection, onClose }: { connection: Connection | null; onClose: () => void }) {
  const remove = useMutation({
    mutationFn: (c: Connection) =>
      api.DELETE("/api/v1/monitoring/connections/{id}", { params: { path: { id: c.id } } }),
    onSuccess: (_r, c) => {
      notifySuccess(`${c.name} no longer syncs. Its history stays in the record.`, "Connection removed");
      onClose();
    },
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal opened={!!connection} onClose={close} title="Remove connection?">
      {connection && (
        <Stack>
          <Text size="sm">
            “{connection.name}” stops syncing and the open results of its {connection.resourceCount.toLocaleString()}{" "}
            resources end now. Past results and syncs stay in the history for the audit.
          </Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(connection)}>
              Remove connection
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
