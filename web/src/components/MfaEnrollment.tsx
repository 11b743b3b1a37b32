import { Button, Center, Group, Image, Paper, Stack, Stepper, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api/client.ts";
import { CopyField } from "./CopyField.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { RecoveryCodes } from "./RecoveryCodes.tsx";

/** Scan the QR code (or type the secret), confirm with a code, then keep the recovery codes. */
export function MfaEnrollment({
  account,
  onDone,
  onCancel,
  doneLabel = "Done",
}: {
  account: string;
  onDone: () => void;
  onCancel?: () => void;
  doneLabel?: string;
}) {
  const [code, setCode] = useState("");
  const start = useMutation({ mutationFn: () => api.POST("/api/v1/account/mfa/totp") });
  const confirm = useMutation({
    mutationFn: () => api.POST("/api/v1/account/mfa/totp/confirm", { body: { code } }),
    onError: () => setCode(""),
  });
  const step = confirm.data ? 2 : start.data ? 1 : 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate();
  };

  return (
    <Stepper active={step} size="sm" allowNextStepsSelect={false}>
      <Stepper.Step label="Start">
        <Stack gap="md" mt="md">
          <Text size="sm">
            Use an authenticator app such as 1Password, Bitwarden, Google Authenticator or Microsoft Authenticator.
            After setup, signing in asks for a 6-digit code from the app.
          </Text>
          <ErrorAlert error={start.error} />
          <Group>
            <Button onClick={() => start.mutate()} loading={start.isPending} autoFocus>
              Set up authenticator app
            </Button>
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
            )}
          </Group>
        </Stack>
      </Stepper.Step>
      <Stepper.Step label="Scan and confirm">
        {start.data && (
          <form onSubmit={submit}>
            <Stack gap="md" mt="md">
              <Text size="sm">Scan this QR code with your authenticator app, or enter the secret by hand.</Text>
              <Center>
                <Paper withBorder p="xs" bg="white" radius="md">
                  <Image
                    src={start.data.qrCodeDataUrl}
                    alt="QR code for your authenticator app"
                    w={184}
                    h={184}
                    fit="contain"
                  />
                </Paper>
              </Center>
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Secret
                </Text>
                <CopyField value={start.data.secret} label="Secret" />
              </Stack>
              <ErrorAlert error={confirm.error} />
              <TextInput
                label="Code from the app"
                description="The 6 digits the app shows now."
                required
                autoFocus
                value={code}
                onChange={(e) => setCode(e.currentTarget.value.replace(/[^0-9]/g, "").slice(0, 6))}
                inputMode="numeric"
                autoComplete="one-time-code"
                placeholder="123456"
                maw={240}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", letterSpacing: "0.3em" } }}
              />
              <Group>
                <Button type="submit" loading={confirm.isPending} disabled={code.length !== 6}>
                  Turn on MFA
                </Button>
                {onCancel && (
                  <Button variant="default" onClick={onCancel}>
                    Cancel
                  </Button>
                )}
              </Group>
            </Stack>
          </form>
        )}
      </Stepper.Step>
      <Stepper.Step label="Recovery codes">
        {confirm.data && (
          <Stack gap="md" mt="md">
            <RecoveryCodes codes={confirm.data.recoveryCodes} account={account} />
            <Group>
              <Button onClick={onDone}>{doneLabel}</Button>
            </Group>
          </Stack>
        )}
      </Stepper.Step>
    </Stepper>
  );
}
