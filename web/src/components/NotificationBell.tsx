import {
  ActionIcon,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBell, IconBellOff } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api } from "../api/client.ts";
import type { AppNotification } from "../api/models/remediation.ts";
import { notifyError } from "../lib/notify.ts";
import { useCan } from "../session.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { RelativeTime } from "./Time.tsx";

const KEY = ["notifications"] as const;

/** The bell in the header: unread count, the latest notifications, and links to what they are about. */
export function NotificationBell() {
  const can = useCan();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure(false);
  const inbox = useQuery({
    queryKey: KEY,
    queryFn: () => api.GET("/api/v1/notifications", { params: { query: { pageSize: 20 } } }),
    enabled: can("notifications.read"),
    refetchInterval: 60_000,
  });
  const read = useMutation({
    mutationFn: (id: string) => api.POST("/api/v1/notifications/{id}/read", { params: { path: { id } }, body: {} }),
  });
  const readAll = useMutation({
    mutationFn: () => api.POST("/api/v1/notifications/read-all", { body: {} }),
    onError: (err) => notifyError(err, "Could not mark notifications read"),
  });
  if (!can("notifications.read")) return null;
  const unread = inbox.data?.unread ?? 0;
  const open = (n: AppNotification) => {
    if (!n.readAt) read.mutate(n.id);
    close();
    if (n.link?.startsWith("/")) navigate(n.link);
  };
  const label = unread ? `Notifications, ${unread} unread` : "Notifications";

  return (
    <Popover opened={opened} onChange={(o) => !o && close()} position="bottom-end" width={360} shadow="md">
      <Popover.Target>
        <Indicator label={unread > 99 ? "99+" : unread} size={16} disabled={!unread} offset={4} color="red">
          <Tooltip label={label} disabled={opened}>
            <ActionIcon variant="default" size="lg" onClick={toggle} aria-label={label} aria-expanded={opened}>
              <IconBell size={18} />
            </ActionIcon>
          </Tooltip>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} aria-label="Notifications">
        <Group justify="space-between" px="md" py="sm">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            onClick={() => readAll.mutate()}
            disabled={!unread}
            loading={readAll.isPending}
          >
            Mark all read
          </Button>
        </Group>
        <Divider />
        {inbox.isError && (
          <Box p="sm">
            <ErrorAlert error={inbox.error} />
          </Box>
        )}
        {inbox.data && inbox.data.items.length === 0 ? (
          <Stack align="center" gap={6} py="xl" px="md">
            <IconBellOff size={24} color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed" ta="center">
              You are all caught up. Assignments, reminders and verifications show up here.
            </Text>
          </Stack>
        ) : (
          <ScrollArea.Autosize mah={420}>
            <Stack gap={0}>
              {inbox.data?.items.map((n) => (
                <UnstyledButton
                  key={n.id}
                  onClick={() => open(n)}
                  px="md"
                  py="sm"
                  className="assay-notification"
                  data-unread={!n.readAt}
                >
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Box className="assay-unread-dot" aria-label={n.readAt ? undefined : "Unread"} />
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Text size="sm" fw={n.readAt ? 400 : 600} lineClamp={2}>
                        {n.title}
                      </Text>
                      {n.body && (
                        <Text size="xs" c="dimmed" lineClamp={2}>
                          {n.body}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        <RelativeTime value={n.createdAt} size="xs" />
                      </Text>
                    </Stack>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        {inbox.data && inbox.data.total > inbox.data.items.length && (
          <>
            <Divider />
            <Text size="xs" c="dimmed" ta="center" py="xs">
              Showing the latest {inbox.data.items.length} of {inbox.data.total}.
            </Text>
          </>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
