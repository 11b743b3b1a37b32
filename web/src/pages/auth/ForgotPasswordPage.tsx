import { Alert, Anchor, Button, Stack, TextInput } from "@mantine/core";
import { IconMailCheck } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const reset = useMutation({
    mutationFn: () => api.POST("/api/v1/auth/password-reset", { body: { email: email.trim() }, quiet: true }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    reset.mutate();
  };
  return (
    <AuthLayout
      title="Reset your password"
      subtitle="We will email you a link to choose a new password. The link works once and expires after one hour."
      footer={
        <Anchor component={Link} to="/sign-in" size="sm">
          Back to sign in
        </Anchor>
      }
    >
      {reset.isSuccess ? (
        <Alert color="teal" variant="light" icon={<IconMailCheck size={18} />} title="Check your email" role="status">
          If an account exists for {email.trim()}, a reset link is on its way. It can take a minute to arrive; check
          your spam folder too.
        </Alert>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="md">
            <ErrorAlert error={reset.error} />
            <TextInput
              label="Email"
              type="email"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              autoComplete="email"
            />
            <Button type="submit" loading={reset.isPending} fullWidth disabled={!email.trim()}>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
