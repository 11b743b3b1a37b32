import { Anchor, Badge, Button, Group, MultiSelect, Stack, Text } from "@mantine/core";
import { IconLink } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import type { ResponseOf } from "../api/types.ts";
import { notifySuccess } from "../lib/notify.ts";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { SectionCard } from "./SectionCard.tsx";

type ControlList = ResponseOf<"/api/v1/linkable-controls">;
/** Every register serves the same two routes at `${path}/{id}/controls` (src/modules/registers/links.ts). */
type LinkCall = (path: string, init: object) => Promise<ControlList>;
const get = api.GET as unknown as LinkCall;
const put = api.PUT as unknown as LinkCall;

/**
 * The controls a register record (a risk, a vendor, an incident…) is linked to, by key, with a picker of every
 * control of the organization's programs for those who may edit the record.
 */
export function LinkedControls({
  path,
  recordId,
  canEdit,
  description = "Controls that treat or depend on this record. Auditors follow these links from the control to the register.",
}: {
  /** The register's API path, e.g. "/risks". */
  path: string;
  recordId: string;
  canEdit: boolean;
  description?: string;
}) {
  const qc = useQueryClient();
  const url = `/api/v1${path}/{id}/controls`;
  const queryKey = [path.split("/")[1], recordId, "controls"];
  const linked = useQuery({ queryKey, queryFn: () => get(url, { params: { path: { id: recordId } } }) });
  const [editing, setEditing] = useState<string[] | null>(null);
  const options = useQuery({
    queryKey: ["linkable-controls"],
    queryFn: () => api.GET("/api/v1/linkable-controls"),
    enabled: editing !== null,
    staleTime: 60_000,
  });
  const save = useMutation({
    mutationFn: (keys: string[]) => put(url, { params: { path: { id: recordId } }, body: { keys } }),
    onSuccess: (data) => {
      qc.setQueryData(queryKey, data);
      setEditing(null);
      notifySuccess("Control links saved.");
    },
  });
  const items = linked.data?.items ?? [];
  return (
    <SectionCard
      title="Linked controls"
      description={description}
      aside={
        canEdit &&
        editing === null && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconLink size={14} />}
            onClick={() => setEditing(items.map((c) => c.key))}
          >
            Edit links
          </Button>
        )
      }
    >
      <ErrorAlert error={linked.error ?? save.error ?? options.error} />
      {editing !== null ? (
        <Stack gap="sm">
          <MultiSelect
            label="Controls"
            placeholder={editing.length ? undefined : "Search by key or name"}
            searchable
            clearable
            nothingFoundMessage={options.isPending ? "Loading…" : "No control by that key or name"}
            data={(options.data?.items ?? []).map((c) => ({ value: c.key, label: `${c.key} · ${c.name}` }))}
            value={editing}
            onChange={setEditing}
            maxDropdownHeight={260}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setEditing(null)}>
              Cancel
            </Button>
            <Button size="xs" loading={save.isPending} onClick={() => save.mutate(editing)}>
              Save links
            </Button>
          </Group>
        </Stack>
      ) : items.length ? (
        <Group gap="xs">
          {items.map((c) => (
            <Badge key={c.key} variant="light" size="lg" radius="sm" tt="none" fw={500}>
              {c.programId ? (
                <Anchor component={Link} to={`/programs/${c.programId}/controls/${c.key}`} size="sm" c="inherit">
                  {c.key}
                </Anchor>
              ) : (
                c.key
              )}
              {c.name ? ` · ${c.name}` : ""}
            </Badge>
          ))}
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {linked.isPending ? "Loading…" : "Not linked to any control yet."}
        </Text>
      )}
    </SectionCard>
  );
}
