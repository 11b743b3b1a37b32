import { Badge, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconShieldCheck, IconShieldOff } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { MfaEnrollment } from "../../components/MfaEnrollment.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PasswordField } from "../../components/PasswordField.tsx";
import { RecoveryCodes } from "../../components/RecoveryCodes.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { SESSION_KEY, useSession } from "../../session.tsx";

export function AccountPage() {
  return (
    <>
      <PageHeader title="Account" description="Your profile, password and multi-factor authentication." />
      <Stack gap="lg" maw={760}>
        <ProfileSection />
        <PasswordSection />
        <MfaSection />
      </Stack>
    </>
  );
}

function ProfileSection() {
  const { user } = useSession();
  const qc = useQueryClient();
  const [name, setName] = useState(user.name);
  const save = useMutation({
    mutationFn: () => api.PATCH("/api/v1/account", { body: { name: name.trim() } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
      notifySuccess("Your name is updated.");
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <SectionCard title="Profile" description="Your name appears to colleagues and in the activity ledger.">
      <form onSubmit={submit}>
        <Stack gap="md">
          <ErrorAlert error={save.error && !fieldError(save.error, "name") ? save.error : null} />
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(save.error, "name")}
            autoComplete="name"
            maw={420}
          />
          <TextInput
            label="Email"
            value={user.email}
            readOnly
            variant="filled"
            description="Your sign-in email. An administrator can help you change it."
            maw={420}
          />
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!name.trim() || name.trim() === user.name}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

function PasswordSection() {
  const { user } = useSession();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const mismatch = confirm.length > 0 && confirm !== next;
  const change = useMutation({
    mutationFn: () => api.POST("/api/v1/account/password", { body: { currentPassword: current, newPassword: next } }),
    onSuccess: () => {
      setCurrent("");
      setNext("");
      setConfirm("");
      notifySuccess("Your password is changed.", "Password changed");
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) change.mutate();
  };
  const err = change.error;
  const weak = err && "code" in err && err.code === "weak_password";
  return (
    <SectionCard title="Password" description="Use a unique password that you do not use anywhere else.">
      <form onSubmit={submit}>
        <Stack gap="md" maw={420}>
          {!weak && <ErrorAlert error={err && !fieldError(err, "currentPassword") ? err : null} />}
          <PasswordInput
            label="Current password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            autoComplete="current-password"
            error={fieldError(err, "currentPassword")}
          />
          <PasswordField
            label="New password"
            name="newPassword"
            value={next}
            onChange={setNext}
            error={err}
            personal={[user.name, user.email]}
          />
          <PasswordInput
            label="Confirm new password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            autoComplete="new-password"
            error={mismatch ? "The passwords do not match." : undefined}
          />
          <Group>
            <Button type="submit" loading={change.isPending} disabled={!current || !next || mismatch}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

function MfaSection() {
  const { user } = useSession();
  const qc = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const [regenOpen, regen] = useDisclosure(false);
  const [disableOpen, disable] = useDisclosure(false);
  const refresh = () => qc.invalidateQueries({ queryKey: SESSION_KEY });

  return (
    <SectionCard
      title="Multi-factor authentication"
      description="A code from an authenticator app on your phone, asked at every sign-in, keeps your account safe even if your password leaks."
      aside={
        user.mfaEnabled ? (
          <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={14} />}>
            On
          </Badge>
        ) : (
          <Badge color="gray" variant="light" leftSection={<IconShieldOff size={14} />}>
            Off
          </Badge>
        )
      }
    >
      {user.mfaEnabled ? (
        <Stack gap="sm">
          <Text size="sm">
            Signing in asks for a code from your authenticator app. If you lose the app, use one of your recovery codes.
          </Text>
          <Group>
            <Button variant="default" onClick={regen.open}>
              Regenerate recovery codes
            </Button>
            <Button variant="subtle" color="red" onClick={disable.open}>
              Turn off MFA
            </Button>
          </Group>
        </Stack>
      ) : enrolling ? (
        <MfaEnrollment
          account={user.email}
          onCancel={() => setEnrolling(false)}
          onDone={async () => {
            setEnrolling(false);
            await refresh();
            notifySuccess("Multi-factor authentication is on.");
          }}
        />
      ) : (
        <Button onClick={() => setEnrolling(true)} leftSection={<IconShieldCheck size={16} />}>
          Set up MFA
        </Button>
      )}
      <RegenerateModal opened={regenOpen} onClose={regen.close} account={user.email} />
      <DisableModal
        opened={disableOpen}
        onClose={disable.close}
        onDisabled={async () => {
          disable.close();
          await refresh();
          notifySuccess("Multi-factor authentication is off.");
        }}
      />
    </SectionCard>
  );
}

function CodeInput({
  value,
  onChange,
  autoFocus = false,
}: {
  value: string;
  onChange: (v: string) => void;
  autoFocus?: boolean;
}) {
  return (
    <TextInput
      label="Code from your authenticator app"
      required
      data-autofocus={autoFocus || undefined}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.replace(/[^0-9]/g, "").slice(0, 6))}
      inputMode="numeric"
      autoComplete="one-time-code"
      placeholder="123456"
      styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", letterSpacing: "0.3em" } }}
    />
  );
}

function RegenerateModal({ opened, onClose, account }: { opened: boolean; onClose: () => void; account: string }) {
  const [code, setCode] = useState("");
  const regen = useMutation({
    mutationFn: () => api.POST("/api/v1/account/mfa/recovery-codes", { body: { code } }),
    onError: () => setCode(""),
  });
  const close = () => {
    setCode("");
    regen.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    regen.mutate();
  };
  return (
    <Modal opened={opened} onClose={close} title="Regenerate recovery codes" size="lg">
      {regen.data ? (
        <Stack>
          <RecoveryCodes codes={regen.data.recoveryCodes} account={account} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm">Your current recovery codes stop working and you get a new set.</Text>
            <ErrorAlert error={regen.error} />
            <CodeInput value={code} onChange={setCode} autoFocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={regen.isPending} disabled={code.length !== 6}>
                Regenerate
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function DisableModal({
  opened,
  onClose,
  onDisabled,
}: {
  opened: boolean;
  onClose: () => void;
  onDisabled: () => void;
}) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const off = useMutation({
    mutationFn: () => api.DELETE("/api/v1/account/mfa", { body: { password, code } }),
    onSuccess: () => {
      setPassword("");
      setCode("");
      onDisabled();
    },
    onError: () => setCode(""),
  });
  const close = () => {
    off.reset();
    setPassword("");
    setCode("");
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    off.mutate();
  };
  return (
    <Modal opened={opened} onClose={close} title="Turn off multi-factor authentication?">
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm">
            Your account will be protected by your password alone. Organizations that require MFA will not let you turn
            it off.
          </Text>
          <ErrorAlert error={off.error} />
          <PasswordInput
            label="Password"
            required
            data-autofocus
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="current-password"
          />
          <CodeInput value={code} onChange={setCode} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={off.isPending} disabled={!password || code.length !== 6}>
              Turn off MFA
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
