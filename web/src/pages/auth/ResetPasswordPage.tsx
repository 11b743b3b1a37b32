import { Alert, Anchor, Button, Checkbox, PasswordInput, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../../api/client.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PasswordField } from "../../components/PasswordField.tsx";
import { notifySuccess } from "../../lib/notify.ts";

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [revokeApiTokens, setRevokeApiTokens] = useState(false);
  const mismatch = confirm.length > 0 && confirm !== password;
  const reset = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/auth/password-reset/confirm", { body: { token, password, revokeApiTokens }, quiet: true }),
    onSuccess: (res) => {
      const tokens = res.revokedApiTokens
        ? ` ${res.revokedApiTokens} API token${res.revokedApiTokens === 1 ? " was" : "s were"} revoked.`
        : "";
      notifySuccess(`Sign in with your new password. Every other session was signed out.${tokens}`, "Password changed");
      navigate("/sign-in", { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) reset.mutate();
  };

  const footer = (
    <Anchor component={Link} to="/sign-in" size="sm">
      Back to sign in
    </Anchor>
  );
  if (!token)
    return (
      <AuthLayout title="Reset your password" footer={footer}>
        <Alert color="red" variant="light" role="alert">
          This link is incomplete. Open the link from the email again, or{" "}
          <Anchor component={Link} to="/forgot-password">
            request a new one
          </Anchor>
          .
        </Alert>
      </AuthLayout>
    );

  const weak = reset.error && "code" in reset.error && reset.error.code === "weak_password";
  return (
    <AuthLayout
      title="Choose a new password"
      subtitle="After this, every session of your account is signed out."
      footer={footer}
    >
      <form onSubmit={submit}>
        <Stack gap="md">
          {!weak && <ErrorAlert error={reset.error} />}
          {reset.isError && !weak && (
            <Anchor component={Link} to="/forgot-password" size="sm">
              Request a new reset link
            </Anchor>
          )}
          <PasswordField autoFocus label="New password" value={password} onChange={setPassword} error={reset.error} />
          <PasswordInput
            label="Confirm new password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            autoComplete="new-password"
            error={mismatch ? "The passwords do not match." : undefined}
          />
          <Checkbox
            label="Also revoke my API tokens"
            description="If someone else may have used your account, revoke them too. Unchecked, scripts and integrations that use them keep working."
            checked={revokeApiTokens}
            onChange={(e) => setRevokeApiTokens(e.currentTarget.checked)}
          />
          <Button type="submit" loading={reset.isPending} fullWidth disabled={!password || mismatch}>
            Set new password
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
