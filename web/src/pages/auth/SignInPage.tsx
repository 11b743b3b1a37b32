import { Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { api, setCsrfToken } from "../../api/client.ts";
import { ApiError } from "../../api/errors.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FullPageLoader } from "../../components/Loading.tsx";
import { safeNext } from "../../lib/next.ts";
import { SESSION_KEY, useSessionQuery } from "../../session.tsx";

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const session = useSessionQuery();
  // A reload while the second factor is pending lands straight on the code step.
  const pendingMfa = session.error instanceof ApiError && session.error.code === "mfa_required";
  const [step, setStep] = useState<"password" | "mfa" | null>(null);
  const currentStep = step ?? (pendingMfa ? "mfa" : "password");

  const finish = async () => {
    await qc.invalidateQueries({ queryKey: SESSION_KEY });
    navigate(next, { replace: true });
  };

  if (session.isPending) return <FullPageLoader />;
  if (session.isSuccess && step === null) return <Navigate to={next} replace />;

  return currentStep === "password" ? (
    <PasswordStep initialEmail={params.get("email") ?? ""} onSignedIn={finish} onMfaRequired={() => setStep("mfa")} />
  ) : (
    <MfaStep onSignedIn={finish} onRestart={() => setStep("password")} />
  );
}

function PasswordStep({
  initialEmail,
  onSignedIn,
  onMfaRequired,
}: {
  initialEmail: string;
  onSignedIn: () => void;
  onMfaRequired: () => void;
}) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState("");
  const signIn = useMutation({
    mutationFn: () => api.POST("/api/v1/auth/sign-in", { body: { email: email.trim(), password }, quiet: true }),
    onSuccess: (res) => {
      if (res.csrfToken) setCsrfToken(res.csrfToken);
      if (res.status === "mfa_required") onMfaRequired();
      else onSignedIn();
    },
    onError: () => setPassword(""),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };

  return (
    <AuthLayout
      title="Sign in to Assay"
      subtitle="Use the email and password of your Assay account."
      footer={<>New to Assay? Ask an owner or admin of your organization for an invitation.</>}
    >
      <form onSubmit={submit}>
        <Stack gap="md">
          <ErrorAlert error={signIn.error} />
          <TextInput
            label="Email"
            type="email"
            required
            autoFocus={!initialEmail}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            autoComplete="username"
          />
          <Stack gap={4}>
            <PasswordInput
              label="Password"
              required
              autoFocus={!!initialEmail}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="current-password"
            />
            <Group justify="flex-end">
              <Anchor component={Link} to="/forgot-password" size="sm">
                Forgot your password?
              </Anchor>
            </Group>
          </Stack>
          <Button type="submit" loading={signIn.isPending} fullWidth>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}

function MfaStep({ onSignedIn, onRestart }: { onSignedIn: () => void; onRestart: () => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState("");
  const verify = useMutation({
    mutationFn: () => api.POST("/api/v1/auth/mfa", { body: { code: code.replace(/\s+/g, "") }, quiet: true }),
    onSuccess: () => onSignedIn(),
    onError: (err) => {
      setCode("");
      // The half-signed-in session lasts a few minutes; after that, start again with the password.
      if (err instanceof ApiError && err.status === 401 && err.code !== "invalid_code") onRestart();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate();
  };

  return (
    <AuthLayout
      title="Two-factor authentication"
      subtitle={
        useRecovery
          ? "Enter one of the recovery codes you saved when you set up MFA. Each code works once."
          : "Enter the 6-digit code from your authenticator app."
      }
    >
      <form onSubmit={submit}>
        <Stack gap="md">
          <ErrorAlert error={verify.error} />
          {useRecovery ? (
            <TextInput
              key="recovery"
              label="Recovery code"
              required
              autoFocus
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            />
          ) : (
            <TextInput
              key="totp"
              label="Authentication code"
              required
              autoFocus
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.replace(/[^0-9]/g, "").slice(0, 6))}
              inputMode="numeric"
              autoComplete="one-time-code"
              placeholder="123456"
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", letterSpacing: "0.3em" } }}
            />
          )}
          <Button type="submit" loading={verify.isPending} fullWidth disabled={!code}>
            Verify
          </Button>
          <Group justify="space-between">
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                setUseRecovery((v) => !v);
                setCode("");
                verify.reset();
              }}
            >
              {useRecovery ? "Use your authenticator app" : "Use a recovery code"}
            </Anchor>
            <Anchor component="button" type="button" size="sm" c="dimmed" onClick={onRestart}>
              Start over
            </Anchor>
          </Group>
          <Text size="xs" c="dimmed">
            Lost your device and your recovery codes? An owner or admin of your organization can help you regain access.
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
