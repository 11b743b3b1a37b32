import {
  ActionIcon,
  Avatar,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconSearch, IconShieldCheck, IconShieldOff, IconTrash, IconUsers } from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { Member } from "../../api/models/account.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { TablePager } from "../../components/TablePager.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { initials } from "../../components/UserMenu.tsx";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useDebounced } from "../../lib/use-debounced.ts";
import { ROLE_LABELS, ROLES, type Role, roleOptions } from "../../roles.ts";
import { SESSION_KEY, useCan, useSession } from "../../session.tsx";

const PAGE_SIZE = 25;

export function MembersPage() {
  const can = useCan();
  const { user } = useSession();
  const qc = useQueryClient();
  const [q, setQ] = useState("");
  const [role, setRole] = useState<Role | null>(null);
  const [page, setPage] = useState(1);
  const [removing, setRemoving] = useState<Member | null>(null);
  const search = useDebounced(q.trim());

  const members = useQuery({
    queryKey: ["members", { q: search, role, page }],
    queryFn: () =>
      api.GET("/api/v1/members", {
        params: { query: { q: search || undefined, role: role ?? undefined, page, pageSize: PAGE_SIZE } },
      }),
    placeholderData: keepPreviousData,
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
  const filtered = !!search || !!role;

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
      <Card withBorder padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <TextInput
            aria-label="Search members"
            placeholder="Search by name or email"
            leftSection={<IconSearch size={16} />}
            value={q}
            onChange={(e) => {
              setQ(e.currentTarget.value);
              setPage(1);
            }}
            style={{ flex: "1 1 260px" }}
          />
          <Select
            aria-label="Filter by role"
            placeholder="All roles"
            data={roleOptions()}
            value={role}
            onChange={(v) => {
              setRole(v as Role | null);
              setPage(1);
            }}
            clearable
            w={{ base: "100%", xs: 220 }}
          />
        </Group>
        {members.isError && (
          <Stack px="md" pb="md">
            <ErrorAlert error={members.error} />
          </Stack>
        )}
        {members.isPending ? (
          <Stack p="md" gap="sm">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} h={40} />
            ))}
          </Stack>
        ) : members.data && members.data.items.length === 0 ? (
          <Empty
            icon={<IconUsers size={26} />}
            title={filtered ? "No members match" : "No members yet"}
            description={
              filtered ? "Try another name, email or role." : "Invite colleagues to work in this organization."
            }
            action={
              filtered ? (
                <Button
                  variant="default"
                  onClick={() => {
                    setQ("");
                    setRole(null);
                  }}
                >
                  Clear filters
                </Button>
              ) : undefined
            }
          />
        ) : members.data ? (
          <Table.ScrollContainer minWidth={760}>
            <Table horizontalSpacing="md" verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th w={220}>Role</Table.Th>
                  <Table.Th>MFA</Table.Th>
                  <Table.Th>Joined</Table.Th>
                  <Table.Th>Last sign-in</Table.Th>
                  {canRemove && (
                    <Table.Th w={60}>
                      <span className="sr-only">Actions</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data.items.map((m) => {
                  const isSelf = m.userId === user.id;
                  const ownerLocked = m.role === "owner" && !manageOwners;
                  return (
                    <Table.Tr key={m.id}>
                      <Table.Td>
                        <Group gap="sm" wrap="nowrap">
                          <Avatar radius="xl" size={32} color="brand">
                            {initials(m.name)}
                          </Avatar>
                          <Stack gap={0} style={{ minWidth: 0 }}>
                            <Text size="sm" fw={500} truncate="end">
                              {m.name}
                              {isSelf && (
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
                      </Table.Td>
                      <Table.Td>
                        {canUpdate && !ownerLocked ? (
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
                        )}
                      </Table.Td>
                      <Table.Td>
                        {m.mfaEnabled ? (
                          <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={12} />}>
                            On
                          </Badge>
                        ) : (
                          <Badge color="gray" variant="light" leftSection={<IconShieldOff size={12} />}>
                            Off
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <RelativeTime value={m.joinedAt} />
                      </Table.Td>
                      <Table.Td>
                        <RelativeTime value={m.lastSignInAt} empty="Never" />
                      </Table.Td>
                      {canRemove && (
                        <Table.Td>
                          {!ownerLocked && (
                            <Tooltip label={isSelf ? "Leave organization" : `Remove ${m.name}`}>
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                onClick={() => setRemoving(m)}
                                aria-label={isSelf ? "Leave organization" : `Remove ${m.name}`}
                              >
                                <IconTrash size={16} />
                              </ActionIcon>
                            </Tooltip>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {members.data && members.data.total > 0 && (
          <Stack px="md" pb="md">
            <TablePager
              page={page}
              pageSize={PAGE_SIZE}
              total={members.data.total}
              onChange={setPage}
              noun={["member", "members"]}
            />
          </Stack>
        )}
      </Card>
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
