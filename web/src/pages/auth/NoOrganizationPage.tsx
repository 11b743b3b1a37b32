import { Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import type { SessionInfo } from "../../api/models/account.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { useSignedOut } from "../../lib/sign-out.ts";

/** A person who belongs to no organization (removed from all, or never invited) can start their own. */
export function NoOrganizationPage({ session }: { session: SessionInfo }) {
  const qc = useQueryClient();
  const signedOut = useSignedOut();
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: async () => {
      const org = await api.POST("/api/v1/organizations", { body: { name: name.trim() } });
      await api.POST("/api/v1/auth/switch-organization", { body: { organizationId: org.id } });
    },
    onSuccess: () => qc.resetQueries(),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <AuthLayout
      title="You are not in an organization"
      subtitle={
        session.mayCreateOrganizations
          ? "Ask an owner or admin to invite you, or create a new organization of your own."
          : "Ask an owner or admin of an organization to invite you. On this installation only its admins create organizations."
      }
      footer={
        <>
          Signed in as {session.user.email}.{" "}
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => void api.POST("/api/v1/auth/sign-out", { body: {} }).finally(() => signedOut())}
          >
            Sign out
          </Anchor>
        </>
      }
    >
      {session.mayCreateOrganizations && (
        <form onSubmit={submit}>
          <Stack gap="md">
            <ErrorAlert error={create.error && !fieldError(create.error, "name") ? create.error : null} />
            <TextInput
              label="Organization name"
              required
              autoFocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError(create.error, "name")}
            />
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create organization
            </Button>
            <Text size="xs" c="dimmed">
              You become its owner.
            </Text>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
