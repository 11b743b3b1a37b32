import { ActionIcon, Badge, Button, Group, Modal, Select, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { IconMailForward, IconMailPlus, IconSend, IconX } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import type { Invitation } from "../../api/models/account.ts";
import { DataTable, type DataTableProps } from "../../components/DataTable.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ReadOnlyNotice } from "../../components/ReadOnlyNotice.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { emailProblem, useFormErrors } from "../../lib/form-errors.ts";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { ROLE_LABELS, ROLES, type Role, roleOptions } from "../../roles.ts";
import { useCan } from "../../session.tsx";

const INVITATIONS_KEY = ["invitations"] as const;

export function InvitationsPage() {
  const can = useCan();
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const { filters, list } = useListQuery({
    filters: [],
    query: (_v, paging) => paging,
    key: (query) => [...INVITATIONS_KEY, query],
    fetch: (query) => api.GET("/api/v1/invitations", { params: { query } }),
  });
  const resend = useMutation({
    mutationFn: (inv: Invitation) =>
      api.POST("/api/v1/invitations/{id}/resend", { params: { path: { id: inv.id } }, body: {} }),
    onSuccess: (inv) =>
      notifySuccess(`A new link is on its way to ${inv.email}. The previous link no longer works.`, "Invitation sent"),
    onError: (err) => notifyError(err, "Invitation not sent"),
  });
  const columns: DataTableProps<Invitation>["columns"] = [
    {
      header: "Email",
      cell: (inv) => (
        <Text size="sm" fw={500}>
          {inv.email}
        </Text>
      ),
    },
    {
      header: "Role",
      cell: (inv) => (
        <Badge variant="light" color="gray">
          {ROLE_LABELS[inv.role]}
        </Badge>
      ),
    },
    { header: "Invited by", cell: (inv) => <Text size="sm">{inv.invitedBy?.name ?? "—"}</Text> },
    { header: "Sent", cell: (inv) => <RelativeTime value={inv.createdAt} /> },
    {
      header: "Status",
      cell: (inv) =>
        inv.status === "expired" ? (
          <Badge color="red" variant="light">
            Expired
          </Badge>
        ) : (
          <Group gap={6} wrap="nowrap">
            <Badge color="blue" variant="light">
              Pending
            </Badge>
            <Text size="xs" c="dimmed">
              expires <RelativeTime value={inv.expiresAt} />
            </Text>
          </Group>
        ),
    },
    {
      header: "Actions",
      hideHeader: true,
      width: 100,
      cell: (inv) => (
        <Group gap={4} wrap="nowrap" justify="flex-end">
          {can("invitations.create") && (
            <Tooltip label={inv.status === "expired" ? "Send a new link" : "Resend"}>
              <ActionIcon
                variant="subtle"
                onClick={() => resend.mutate(inv)}
                loading={resend.isPending && resend.variables?.id === inv.id}
                aria-label={`Resend invitation to ${inv.email}`}
              >
                <IconMailForward size={16} />
              </ActionIcon>
            </Tooltip>
          )}
          {can("invitations.revoke") && (
            <Tooltip label="Revoke">
              <ActionIcon
                variant="subtle"
                color="red"
                onClick={() => setRevoking(inv)}
                aria-label={`Revoke invitation to ${inv.email}`}
              >
                <IconX size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Invitations"
        description="Invite people by email. Each link works once and expires after 7 days."
      />
      <Stack gap="lg">
        {can("invitations.create") ? (
          <InviteForm />
        ) : (
          <ReadOnlyNotice>Only owners and admins can invite people.</ReadOnlyNotice>
        )}
        <section aria-label="Open invitations">
          <DataTable
            label="Open invitations"
            query={list}
            columns={columns}
            rowKey={(inv) => inv.id}
            toolbar={<Text fw={600}>Open invitations</Text>}
            paging={filters}
            pagerOnlyWhenPaged
            noun={["invitation", "invitations"]}
            empty={{
              icon: <IconMailPlus size={26} />,
              title: "No open invitations",
              description: "Invitations that have not been accepted yet appear here, so you can resend or revoke them.",
            }}
          />
        </section>
      </Stack>
      <RevokeModal invitation={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}

function InviteForm() {
  const can = useCan();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("employee");
  const roles = can("members.manage_owners") ? ROLES : ROLES.filter((r) => r !== "owner");
  const invite = useMutation({
    mutationFn: () => api.POST("/api/v1/invitations", { body: { email: email.trim(), role } }),
    onSuccess: (inv) => {
      notifySuccess(
        `${inv.email} will get an email with a link to join as ${ROLE_LABELS[inv.role].toLowerCase()}.`,
        "Invitation sent",
      );
      setEmail("");
      errors.reset();
    },
  });
  const err = invite.error;
  const errors = useFormErrors({ email, role }, err, { email: emailProblem });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (errors.submit(e)) invite.mutate();
  };
  return (
    <SectionCard
      title="Invite a colleague"
      description="They get an email with a link to create their account and join."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={err && !fieldError(err, "email") && !fieldError(err, "role") ? err : null} />
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Email"
              type="email"
              required
              placeholder="name@company.com"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.of("email")}
              style={{ flex: "1 1 260px" }}
              autoComplete="off"
            />
            <Select
              label="Role"
              required
              data={roleOptions(roles)}
              value={role}
              onChange={(v) => v && setRole(v as Role)}
              allowDeselect={false}
              error={errors.of("role")}
              w={{ base: "100%", xs: 220 }}
            />
            <Button
              type="submit"
              loading={invite.isPending}
              leftSection={<IconSend size={16} />}
              mt={{ base: 0, xs: 25 }}
            >
              Send invitation
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            {ROLE_DESCRIPTIONS[role]}
          </Text>
        </Stack>
      </form>
    </SectionCard>
  );
}

/** What each role is for, in a sentence (the full rules live in the policy files). */
const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Owner: full control, including granting and taking away the owner role.",
  admin: "Admin: manages members, invitations, security settings and background jobs.",
  compliance_manager: "Compliance manager: runs the compliance program and reads the activity ledger.",
  control_owner: "Control owner: looks after the controls assigned to them.",
  employee: "Employee: takes part in the program without seeing the member list.",
  auditor: "Auditor: read access for the audit, including the activity ledger.",
  viewer: "Viewer: can look around without changing anything.",
};

function RevokeModal({ invitation, onClose }: { invitation: Invitation | null; onClose: () => void }) {
  const revoke = useMutation({
    mutationFn: (inv: Invitation) => api.DELETE("/api/v1/invitations/{id}", { params: { path: { id: inv.id } } }),
    onSuccess: (_r, inv) => {
      notifySuccess(`The invitation to ${inv.email} no longer works.`, "Invitation revoked");
      onClose();
    },
  });
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <Modal opened={!!invitation} onClose={close} title="Revoke invitation?">
      {invitation && (
        <Stack>
          <Text size="sm">The link sent to {invitation.email} stops working. You can invite them again later.</Text>
          <ErrorAlert error={revoke.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(invitation)}>
              Revoke invitation
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
