import { ActionIcon, Avatar, Badge, Button, Group, Modal, Select, Stack, Text, Tooltip } from "@mantine/core";
import { IconShieldCheck, IconShieldOff, IconTrash, IconUsers } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { Member } from "../../api/models/account.ts";
import { DataTable, type DataTableProps, FilterSelect, SearchInput } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { initials } from "../../components/UserMenu.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { ROLE_LABELS, ROLES, type Role, roleOptions } from "../../roles.ts";
import { SESSION_KEY, useCan, useSession } from "../../session.tsx";

export function MembersPage() {
  const can = useCan();
  const { user } = useSession();
  const qc = useQueryClient();
  const [removing, setRemoving] = useState<Member | null>(null);
  const { filters: f, list } = useListQuery({
    filters: ["q", "role"] as const,
    search: "q",
    query: (v, paging) => ({ q: v.q, role: oneOf(ROLES, v.role), ...paging }),
    key: (query) => ["members", "list", query],
    fetch: (query) => api.GET("/api/v1/members", { params: { query } }),
  });

  const changeRole = useMutation({
    mutationFn: ({ m, role }: { m: Member; role: Role }) =>
      api.PATCH("/api/v1/members/{id}", { params: { path: { id: m.id } }, body: { role } }),
    onSuccess: async (updated) => {
      notifySuccess(`${updated.name} is now ${ROLE_LABELS[updated.role].toLowerCase()}.`);
      // Your own role decides what the app shows you.
      if (updated.userId === user.id) await qc.invalidateQueries({ queryKey: SESSION_KEY });
    },
    onError: (err) => notifyError(err, "Role not changed"),
  });

  const canUpdate = can("members.update");
  const canRemove = can("members.remove");
  const manageOwners = can("members.manage_owners");
  const assignable = roleOptions(manageOwners ? ROLES : ROLES.filter((r) => r !== "owner"));
  const ownerLocked = (m: Member) => m.role === "owner" && !manageOwners;
  const columns: DataTableProps<Member>["columns"] = [
    {
      header: "Person",
      cell: (m) => (
        <Group gap="sm" wrap="nowrap">
          <Avatar radius="xl" size={32} color="brand">
            {initials(m.name)}
          </Avatar>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} truncate="end">
              {m.name}
              {m.userId === user.id && (
                <Text span c="dimmed" size="sm">
                  {" "}
                  (you)
                </Text>
              )}
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {m.email}
            </Text>
          </Stack>
        </Group>
      ),
    },
    {
      header: "Role",
      width: 220,
      cell: (m) =>
        canUpdate && !ownerLocked(m) ? (
          <Select
            aria-label={`Role of ${m.name}`}
            data={assignable}
            value={m.role}
            onChange={(v) => v && v !== m.role && changeRole.mutate({ m, role: v as Role })}
            allowDeselect={false}
            size="xs"
            w={190}
            disabled={changeRole.isPending && changeRole.variables?.m.id === m.id}
          />
        ) : (
          <Badge variant="light" color={m.role === "owner" ? "brand" : "gray"}>
            {ROLE_LABELS[m.role]}
          </Badge>
        ),
    },
    {
      header: "MFA",
      cell: (m) =>
        m.mfaEnabled ? (
          <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={12} />}>
            On
          </Badge>
        ) : (
          <Badge color="gray" variant="light" leftSection={<IconShieldOff size={12} />}>
            Off
          </Badge>
        ),
    },
    { header: "Joined", cell: (m) => <RelativeTime value={m.joinedAt} /> },
    { header: "Last sign-in", cell: (m) => <RelativeTime value={m.lastSignInAt} empty="Never" /> },
    canRemove && {
      header: "Actions",
      hideHeader: true,
      width: 60,
      cell: (m) => {
        if (ownerLocked(m)) return null;
        const label = m.userId === user.id ? "Leave organization" : `Remove ${m.name}`;
        return (
          <Tooltip label={label}>
            <ActionIcon variant="subtle" color="red" onClick={() => setRemoving(m)} aria-label={label}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title="Members"
        description="Everyone with access to this organization and what their role lets them do."
        actions={
          can("invitations.create") && (
            <Button component={Link} to="/settings/invitations">
              Invite people
            </Button>
          )
        }
      />
      <DataTable
        label="Members"
        query={list}
        columns={columns}
        rowKey={(m) => m.id}
        minWidth={760}
        paging={f}
        noun={["member", "members"]}
        toolbar={
          <Group gap="sm" wrap="wrap">
            <SearchInput
              filters={f}
              aria-label="Search members"
              placeholder="Search by name or email"
              style={{ flex: "1 1 260px" }}
            />
            <FilterSelect
              filters={f}
              name="role"
              aria-label="Filter by role"
              placeholder="All roles"
              data={roleOptions()}
              w={{ base: "100%", xs: 220 }}
            />
          </Group>
        }
        empty={{
          icon: <IconUsers size={26} />,
          title: f.any ? "No members match" : "No members yet",
          description: f.any ? "Try another name, email or role." : "Invite colleagues to work in this organization.",
          action: f.any && (
            <Button variant="default" onClick={f.clear}>
              Clear filters
            </Button>
          ),
        }}
      />
      <RemoveMemberModal member={removing} isSelf={removing?.userId === user.id} onClose={() => setRemoving(null)} />
    </>
  );
}

function RemoveMemberModal({
  member,
  isSelf,
  onClose,
}: {
  member: Member | null;
  isSelf: boolean;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: (m: Member) => api.DELETE("/api/v1/members/{id}", { params: { path: { id: m.id } } }),
    onSuccess: async (_r, m) => {
      notifySuccess(isSelf ? "You left the organization." : `${m.name} no longer has access.`);
      onClose();
      // Leaving an organization changes everything on screen.
      if (isSelf) await qc.resetQueries();
    },
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal opened={!!member} onClose={close} title={isSelf ? "Leave this organization?" : `Remove ${member?.name}?`}>
      {member && (
        <Stack>
          <Text size="sm">
            {isSelf
              ? "You lose access to this organization right away. An owner or admin can invite you again."
              : `${member.name} (${member.email}) loses access right away: their sessions in this organization end and their API tokens for it are revoked. Their past activity stays in the ledger.`}
          </Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(member)}>
              {isSelf ? "Leave organization" : "Remove member"}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
