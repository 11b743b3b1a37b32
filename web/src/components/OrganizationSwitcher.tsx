import { Button, Group, Menu, Modal, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBuilding, IconCheck, IconPlus, IconSelector } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../api/client.ts";
import { notifyError, notifySuccess } from "../lib/notify.ts";
import { ROLE_LABELS } from "../roles.ts";
import { useSession } from "../session.tsx";
import { ErrorAlert, fieldError } from "./ErrorAlert.tsx";

/** After a switch everything on screen belongs to another organization: refetch all, start from home. */
function useSwitchOrganization() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (organizationId: string) => api.POST("/api/v1/auth/switch-organization", { body: { organizationId } }),
    onSuccess: async () => {
      await qc.resetQueries();
      navigate("/");
    },
    onError: (err) => notifyError(err, "Could not switch organization"),
  });
}

function CreateOrganizationModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [name, setName] = useState("");
  const switchOrg = useSwitchOrganization();
  const create = useMutation({
    mutationFn: (n: string) => api.POST("/api/v1/organizations", { body: { name: n } }),
    onSuccess: async (org) => {
      notifySuccess(`${org.name} is ready. You are its owner.`, "Organization created");
      setName("");
      onClose();
      await switchOrg.mutateAsync(org.id);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name.trim());
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Create organization">
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            A separate workspace with its own members, settings and ledger (for example, one per client). You become its
            owner.
          </Text>
          <ErrorAlert error={create.error && !fieldError(create.error, "name") ? create.error : null} />
          <TextInput
            label="Organization name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(create.error, "name")}
            maxLength={200}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create organization
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function OrganizationSwitcher() {
  const session = useSession();
  const [creating, { open, close }] = useDisclosure(false);
  const switchOrg = useSwitchOrganization();
  const current = session.organization;

  return (
    <>
      <Menu position="bottom-end" width={280} shadow="md">
        <Menu.Target>
          <UnstyledButton
            aria-label={`${current?.name ?? "No organization"}, switch organization`}
            px="sm"
            py={6}
            style={{
              border: "1px solid var(--mantine-color-default-border)",
              borderRadius: "var(--mantine-radius-md)",
            }}
          >
            <Group gap={8} wrap="nowrap">
              <IconBuilding size={16} stroke={1.7} />
              <Text size="sm" fw={500} truncate="end" maw={{ base: 84, xs: 140, sm: 220 }}>
                {current?.name ?? "No organization"}
              </Text>
              <IconSelector size={14} stroke={1.7} />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Your organizations</Menu.Label>
          {session.memberships.map((m) => {
            const isCurrent = m.organizationId === current?.id;
            return (
              <Menu.Item
                key={m.organizationId}
                onClick={() => !isCurrent && switchOrg.mutate(m.organizationId)}
                rightSection={isCurrent ? <IconCheck size={16} aria-label="Current" /> : null}
                aria-current={isCurrent ? "true" : undefined}
              >
                <Text size="sm" fw={500} truncate="end">
                  {m.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {ROLE_LABELS[m.role] ?? m.role}
                </Text>
              </Menu.Item>
            );
          })}
          <Menu.Divider />
          {session.mayCreateOrganizations ? (
            <Menu.Item leftSection={<IconPlus size={16} />} onClick={open}>
              Create organization
            </Menu.Item>
          ) : (
            <Menu.Item leftSection={<IconPlus size={16} />} disabled>
              <Text size="sm">Create organization</Text>
              <Text size="xs" c="dimmed">
                Only installation admins can create organizations here.
              </Text>
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <CreateOrganizationModal opened={creating} onClose={close} />
    </>
  );
}
