import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { IconBuilding } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../../api/client.ts";
import type { InvitationLookup } from "../../api/models/account.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { SectionLoader } from "../../components/Loading.tsx";
import { PasswordField } from "../../components/PasswordField.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { ROLE_LABELS } from "../../roles.ts";
import { useSessionQuery } from "../../session.tsx";

const footer = (
  <Anchor component={Link} to="/sign-in" size="sm">
    Go to sign in
  </Anchor>
);

export function InvitePage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const lookup = useQuery({
    queryKey: ["invitation-lookup", token],
    queryFn: () => api.GET("/api/v1/invitations/lookup/{token}", { params: { path: { token } }, quiet: true }),
    enabled: !!token,
    staleTime: Number.POSITIVE_INFINITY,
  });

  if (!token)
    return (
      <AuthLayout title="Invitation" footer={footer}>
        <Alert color="red" variant="light" role="alert">
          This invitation link is incomplete. Open the link from the email again.
        </Alert>
      </AuthLayout>
    );
  if (lookup.isPending)
    return (
      <AuthLayout title="Invitation">
        <SectionLoader label="Checking your invitation…" />
      </AuthLayout>
    );
  if (lookup.isError)
    return (
      <AuthLayout title="This invitation cannot be used" footer={footer}>
        <Stack>
          <ErrorAlert error={lookup.error} />
          <Text size="sm" c="dimmed">
            Invitations work once and expire after 7 days. Ask the person who invited you to send a new one.
          </Text>
        </Stack>
      </AuthLayout>
    );

  const inv = lookup.data;
  return (
    <AuthLayout
      title={`Join ${inv.organizationName}`}
      subtitle="You have been invited to this organization on Assay."
      width={460}
    >
      <Stack gap="lg">
        <Paper withBorder p="md" bg="var(--assay-surface)">
          <Group gap="sm" wrap="nowrap">
            <IconBuilding size={22} stroke={1.6} aria-hidden />
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600} truncate="end">
                {inv.organizationName}
              </Text>
              <Group gap={6}>
                <Text size="sm" c="dimmed" truncate="end">
                  {inv.email}
                </Text>
                <Badge variant="light" size="sm">
                  {ROLE_LABELS[inv.role] ?? inv.role}
                </Badge>
              </Group>
            </Stack>
          </Group>
        </Paper>
        {inv.accountExists ? (
          <AcceptAsExisting token={token} invitation={inv} />
        ) : (
          <NewAccountForm token={token} invitation={inv} />
        )}
      </Stack>
    </AuthLayout>
  );
}

function AcceptAsExisting({ token, invitation }: { token: string; invitation: InvitationLookup }) {
  const session = useSessionQuery();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const accept = useMutation({
    mutationFn: () => api.POST("/api/v1/invitations/accept", { body: { token }, quiet: true }),
    onSuccess: async () => {
      await qc.resetQueries();
      notifySuccess(`You joined ${invitation.organizationName}.`);
      navigate("/", { replace: true });
    },
  });
  const next = encodeURIComponent(`/invite?token=${token}`);
  if (session.isPending) return <SectionLoader />;
  if (!session.isSuccess)
    return (
      <Stack gap="sm">
        <Text size="sm">
          You already have an Assay account for {invitation.email}. Sign in to accept the invitation.
        </Text>
        <Button component={Link} to={`/sign-in?next=${next}&email=${encodeURIComponent(invitation.email)}`}>
          Sign in to accept
        </Button>
      </Stack>
    );
  const sameEmail = session.data.user.email.toLowerCase() === invitation.email.toLowerCase();
  return (
    <Stack gap="sm">
      <ErrorAlert error={accept.error} />
      {sameEmail ? (
        <Text size="sm">
          Signed in as {session.data.user.email}. Accept to add {invitation.organizationName} to your organizations.
        </Text>
      ) : (
        <Alert color="yellow" variant="light">
          This invitation is for {invitation.email}, but you are signed in as {session.data.user.email}. Sign out and
          sign in with the invited account to accept it.
        </Alert>
      )}
      <Button onClick={() => accept.mutate()} loading={accept.isPending} disabled={!sameEmail} autoFocus>
        Accept invitation
      </Button>
    </Stack>
  );
}

function NewAccountForm({ token, invitation }: { token: string; invitation: InvitationLookup }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const accept = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/invitations/accept", { body: { token, name: name.trim(), password }, quiet: true }),
    onSuccess: async () => {
      // Accepting with a new account signs the person in.
      await qc.resetQueries();
      notifySuccess(`Welcome to ${invitation.organizationName}.`, "Your account is ready");
      navigate("/", { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    accept.mutate();
  };
  const err = accept.error;
  const showGeneral = err && !fieldError(err, "name") && !("code" in err && err.code === "weak_password");
  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Text size="sm">Create your account to accept. You sign in with {invitation.email}.</Text>
        {showGeneral && <ErrorAlert error={err} />}
        <TextInput label="Email" value={invitation.email} readOnly variant="filled" autoComplete="username" />
        <TextInput
          label="Your name"
          required
          autoFocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(err, "name")}
          autoComplete="name"
        />
        <PasswordField value={password} onChange={setPassword} error={err} personal={[name, invitation.email]} />
        <Button type="submit" loading={accept.isPending} fullWidth disabled={!name.trim() || !password}>
          Create account and join
        </Button>
      </Stack>
    </form>
  );
}
