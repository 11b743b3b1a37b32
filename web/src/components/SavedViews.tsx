import { ActionIcon, Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput } from "@mantine/core";
import { IconBookmark, IconBookmarkPlus, IconTrash, IconUsers } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import type { ResponseOf } from "../api/types.ts";
import { notifyError, notifySuccess } from "../lib/notify.ts";
import { useCan } from "../session.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";

type View = ResponseOf<"/api/v1/saved-views">["items"][number];

/** The page's filters as a view keeps them: every URL parameter but the page. */
const filtersOf = (params: URLSearchParams) =>
  Object.fromEntries([...params].filter(([k, v]) => k !== "page" && v !== ""));
const sameFilters = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * Saved views of a list page: the person's own and the organization's shared ones in a menu; choosing one puts its
 * filters in the address (the page reads its filters from there), "Save this view…" names the current ones.
 */
export function SavedViews({ scope }: { scope: string }) {
  const qc = useQueryClient();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const queryKey = ["saved-views", scope];
  const views = useQuery({
    queryKey,
    queryFn: () => api.GET("/api/v1/saved-views", { params: { query: { scope } } }),
    staleTime: 30_000,
  });
  const current = filtersOf(params);
  const active = views.data?.items.find((v) => sameFilters(v.query, current));
  const save = useMutation({
    // The address as it is now, not as it was at the last render: a filter may have just settled.
    mutationFn: () =>
      api.POST("/api/v1/saved-views", {
        body: { scope, name, query: filtersOf(new URLSearchParams(window.location.search)), shared },
      }),
    onSuccess: async (v) => {
      await qc.invalidateQueries({ queryKey });
      notifySuccess(`Saved as “${v.name}”.`);
      setNaming(false);
    },
  });
  const remove = useMutation({
    mutationFn: (v: View) => api.DELETE("/api/v1/saved-views/{id}", { params: { path: { id: v.id } } }),
    onSuccess: () => qc.invalidateQueries({ queryKey }),
    onError: (err) => notifyError(err, "The view was not removed"),
  });
  const open = () => {
    setName(active?.mine ? active.name : "");
    setShared(active?.shared ?? false);
    save.reset();
    setNaming(true);
  };
  const items = views.data?.items ?? [];
  return (
    <>
      <Menu position="bottom-end" width={280} withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />}>
            {active ? active.name : "Views"}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Saved views</Menu.Label>
          {items.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" pb="xs">
              {views.isPending ? "Loading…" : "None yet: set filters, then save them here."}
            </Text>
          )}
          {items.map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => setParams(new URLSearchParams(v.query))}
              leftSection={v.shared ? <IconUsers size={14} aria-label="Shared" /> : <IconBookmark size={14} />}
              rightSection={
                v.canDelete && (
                  <ActionIcon
                    component="span"
                    size="sm"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove the view ${v.name}`}
                    onClick={(e: React.MouseEvent) => {
                      e.stopPropagation();
                      remove.mutate(v);
                    }}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                )
              }
            >
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconBookmarkPlus size={14} />} onClick={open}>
            Save this view…
          </Menu.Item>
          {Object.keys(current).length > 0 && (
            <Menu.Item onClick={() => setParams(new URLSearchParams())}>Show everything</Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={naming} onClose={() => setNaming(false)} title="Save this view">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              {Object.keys(current).length
                ? "The list's current filters and search are saved under this name."
                : "No filter is set: this view shows the whole list."}
            </Text>
            <TextInput
              label="Name"
              required
              data-autofocus
              maxLength={80}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              description="Saving under a name you already use replaces that view."
            />
            {can("views.share") && (
              <Checkbox
                label="Share with everyone in the organization"
                checked={shared}
                onChange={(e) => setShared(e.currentTarget.checked)}
              />
            )}
            <ErrorAlert error={save.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                Save view
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
