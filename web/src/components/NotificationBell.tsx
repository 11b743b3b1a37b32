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
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBell, IconBellOff } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client.ts";
import type { AppNotification } from "../api/models/remediation.ts";
import { notifyError } from "../lib/notify.ts";
import { useCan } from "../session.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { RelativeTime } from "./Time.tsx";

const KEY = ["notifications"] as const;

/**
 * The bell in the header: unread count, the latest notifications, and links to what they are about. The button
 * carries the popup's ARIA attributes (Popover.Target gives them to its direct child, so nothing wraps the button
 * inside it); opening moves focus into the list, Tab stays there, Escape closes it and focus returns to the bell.
 */
export function NotificationBell() {
  const can = useCan();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [opened, { toggle, close }] = useDisclosure(false);
  const inbox = useQuery({
    queryKey: KEY,
    queryFn: () => api.GET("/api/v1/notifications", { params: { query: { pageSize: 20 } } }),
    enabled: can("notifications.read"),
    refetchInterval: 60_000,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });
  const read = useMutation({
    mutationFn: (id: string) => api.POST("/api/v1/notifications/{id}/read", { params: { path: { id } }, body: {} }),
    onSettled: refresh,
  });
  const readAll = useMutation({
    mutationFn: () => api.POST("/api/v1/notifications/read-all", { body: {} }),
    onError: (err) => notifyError(err, "Could not mark notifications read"),
    onSettled: refresh,
  });
  if (!can("notifications.read")) return null;
  const unread = inbox.data?.unread ?? 0;
  const open = (n: AppNotification) => {
    if (!n.readAt) read.mutate(n.id);
    close();
    if (n.link?.startsWith("/")) navigate(n.link);
  };
  const label = unread ? `Notifications, ${unread} unread` : "Notifications";

  const onToggle = () => {
    if (!opened) void refresh();
    toggle();
  };

  return (
    <Indicator label={unread > 99 ? "99+" : unread} size={16} disabled={!unread} offset={4} color="red">
      <Popover
        opened={opened}
        onChange={(o) => !o && close()}
        position="bottom-end"
        width={360}
        shadow="md"
        trapFocus
        returnFocus
      >
        <Tooltip label={label} disabled={opened}>
          <Popover.Target>
            <ActionIcon variant="default" size="lg" onClick={onToggle} aria-label={label}>
              <IconBell size={18} aria-hidden />
            </ActionIcon>
          </Popover.Target>
        </Tooltip>
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
                      <Box className="assay-unread-dot" aria-hidden />
                      {!n.readAt && <VisuallyHidden>Unread:</VisuallyHidden>}
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
          {can("alerts.read_preferences") && (
            <>
              <Divider />
              <Box px="md" py="xs">
                <Button
                  component={Link}
                  to="/settings/notifications"
                  variant="subtle"
                  size="compact-xs"
                  onClick={close}
                >
                  Choose how you are notified
                </Button>
              </Box>
            </>
          )}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
