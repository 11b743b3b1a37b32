import { Avatar, Button, Checkbox, Group, Menu, Modal, Stack, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconDevices, IconLogout, IconUserCircle } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { notifyError } from "../lib/notify.ts";
import { useSignedOut } from "../lib/sign-out.ts";
import { useSession } from "../session.tsx";

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join("") || "?";

export function UserMenu() {
  const { user } = useSession();
  const signedOut = useSignedOut();
  const [confirming, { open, close }] = useDisclosure(false);
  const [revokeApiTokens, setRevokeApiTokens] = useState(false);
  const signOut = useMutation({
    mutationFn: () => api.POST("/api/v1/auth/sign-out", { body: {} }),
    onSuccess: () => signedOut("You are signed out."),
    onError: (err) => notifyError(err, "Could not sign out"),
  });
  const everywhere = useMutation({
    mutationFn: () => api.POST("/api/v1/auth/sign-out-everywhere", { body: { revokeApiTokens } }),
    onSuccess: (res) =>
      signedOut(
        res.revokedApiTokens
          ? `You are signed out on every device, and ${res.revokedApiTokens} API token${res.revokedApiTokens === 1 ? " was" : "s were"} revoked.`
          : "You are signed out on every device.",
      ),
    onError: (err) => notifyError(err, "Could not sign out everywhere"),
  });

  return (
    <>
      <Menu position="bottom-end" width={260} shadow="md">
        <Menu.Target>
          <UnstyledButton style={{ borderRadius: "50%" }}>
            {/* The initials are a picture of the person; the button's name is the sentence read out instead. */}
            <Avatar color="brand" radius="xl" size={34} aria-hidden>
              {initials(user.name)}
            </Avatar>
            <span className="sr-only">Account menu for {user.name}</span>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Group px="sm" py="xs" gap="sm" wrap="nowrap">
            <Avatar color="brand" radius="xl" size={36}>
              {initials(user.name)}
            </Avatar>
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} truncate="end">
                {user.name}
              </Text>
              <Text size="xs" c="dimmed" truncate="end">
                {user.email}
              </Text>
            </Stack>
          </Group>
          <Menu.Divider />
          <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} />}>
            Account and security
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => signOut.mutate()}>
            Sign out
          </Menu.Item>
          <Menu.Item leftSection={<IconDevices size={16} />} onClick={open}>
            Sign out everywhere
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={confirming} onClose={close} title="Sign out everywhere?">
        <Stack>
          <Text size="sm">
            This ends every session of your account, on every device and browser, including this one.
          </Text>
          <Checkbox
            label="Also revoke my API tokens"
            description="In every organization you belong to. Unchecked, scripts and integrations that use them keep working."
            checked={revokeApiTokens}
            onChange={(e) => setRevokeApiTokens(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" loading={everywhere.isPending} onClick={() => everywhere.mutate()} data-autofocus>
              Sign out everywhere
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
