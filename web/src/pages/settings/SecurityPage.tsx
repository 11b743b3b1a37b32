import { Alert, Anchor, Button, Group, NumberInput, Skeleton, Stack, Switch, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { SecuritySettings } from "../../api/models/account.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ReadOnlyNotice } from "../../components/ReadOnlyNotice.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useCan, useSession } from "../../session.tsx";

const IDLE = { min: 5, max: 1440 };
const ABSOLUTE = { min: 1, max: 720 };
const SECURITY_KEY = ["organization", "security"] as const;

const hoursText = (minutes: number) =>
  minutes >= 60 ? `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}` : `${minutes} min`;

export function SecurityPage() {
  const can = useCan();
  const { user } = useSession();
  const qc = useQueryClient();
  const editable = can("organization.security");
  const settings = useQuery({
    queryKey: SECURITY_KEY,
    queryFn: () => api.GET("/api/v1/organization/security"),
  });
  const [form, setForm] = useState<SecuritySettings | null>(null);
  useEffect(() => {
    if (settings.data) setForm(settings.data);
  }, [settings.data]);

  const save = useMutation({
    mutationFn: (body: Partial<SecuritySettings>) => api.PATCH("/api/v1/organization/security", { body }),
    onSuccess: (updated) => {
      qc.setQueryData(SECURITY_KEY, updated);
      notifySuccess("Security settings saved.");
    },
  });
  const changed =
    form && settings.data
      ? (Object.keys(form) as (keyof SecuritySettings)[]).filter((k) => form[k] !== settings.data[k])
      : [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form || changed.length === 0) return;
    save.mutate(Object.fromEntries(changed.map((k) => [k, form[k]])));
  };
  const inRange = (v: number, r: { min: number; max: number }) => Number.isInteger(v) && v >= r.min && v <= r.max;
  const idleTooLong = !!form && form.sessionIdleMinutes > form.sessionAbsoluteHours * 60;
  const valid =
    !!form && inRange(form.sessionIdleMinutes, IDLE) && inRange(form.sessionAbsoluteHours, ABSOLUTE) && !idleTooLong;

  return (
    <>
      <PageHeader
        title="Security"
        description="Rules that apply to every member of this organization when they work in it."
      />
      <Stack gap="lg" maw={760}>
        {!editable && <ReadOnlyNotice>Only owners and admins can change security settings.</ReadOnlyNotice>}
        <ErrorAlert error={settings.error} />
        {settings.isPending || !form ? (
          settings.isPending && <Skeleton h={320} />
        ) : (
          <form onSubmit={submit}>
            <Stack gap="lg">
              <SectionCard
                title="Multi-factor authentication"
                description="When required, members without an authenticator app are asked to set one up before they can do anything else here. SOC 2 auditors expect MFA on systems that hold compliance evidence."
              >
                <Stack gap="sm">
                  <Switch
                    label="Require MFA for every member"
                    checked={form.requireMfa}
                    onChange={(e) => setForm({ ...form, requireMfa: e.currentTarget.checked })}
                    disabled={!editable || (!form.requireMfa && !user.mfaEnabled)}
                    size="md"
                  />
                  {editable && !form.requireMfa && !user.mfaEnabled && (
                    <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
                      Set up MFA for your own account first, so that requiring it cannot lock you out.{" "}
                      <Anchor component={Link} to="/account" size="sm">
                        Set up MFA
                      </Anchor>
                    </Alert>
                  )}
                </Stack>
              </SectionCard>
              <SectionCard
                title="Sessions"
                description="How long a browser stays signed in. Shorter sessions limit the damage of an unattended or stolen laptop; API tokens have their own expiry."
              >
                <Stack gap="md">
                  <NumberInput
                    label="Sign out after inactivity (minutes)"
                    description={`A session with no activity for this long ends. ${IDLE.min}–${IDLE.max} minutes (now ${hoursText(form.sessionIdleMinutes || 0)}).`}
                    min={IDLE.min}
                    max={IDLE.max}
                    allowDecimal={false}
                    allowNegative={false}
                    value={form.sessionIdleMinutes}
                    onChange={(v) =>
                      setForm({ ...form, sessionIdleMinutes: typeof v === "number" ? v : Number(v) || 0 })
                    }
                    error={
                      fieldError(save.error, "sessionIdleMinutes") ??
                      (inRange(form.sessionIdleMinutes, IDLE) ? undefined : `Use ${IDLE.min} to ${IDLE.max} minutes.`)
                    }
                    readOnly={!editable}
                    maw={420}
                  />
                  <NumberInput
                    label="Maximum session length (hours)"
                    description={`Even an active session ends after this long and the person signs in again. ${ABSOLUTE.min}–${ABSOLUTE.max} hours.`}
                    min={ABSOLUTE.min}
                    max={ABSOLUTE.max}
                    allowDecimal={false}
                    allowNegative={false}
                    value={form.sessionAbsoluteHours}
                    onChange={(v) =>
                      setForm({ ...form, sessionAbsoluteHours: typeof v === "number" ? v : Number(v) || 0 })
                    }
                    error={
                      fieldError(save.error, "sessionAbsoluteHours") ??
                      (inRange(form.sessionAbsoluteHours, ABSOLUTE)
                        ? undefined
                        : `Use ${ABSOLUTE.min} to ${ABSOLUTE.max} hours.`)
                    }
                    readOnly={!editable}
                    maw={420}
                  />
                  {idleTooLong && (
                    <Text size="sm" c="red" role="alert">
                      The inactivity limit cannot be longer than the maximum session length.
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    The inactivity limit applies to every session from its next request; the maximum length applies to
                    sessions started after you save.
                  </Text>
                </Stack>
              </SectionCard>
              {editable && (
                <Stack gap="sm">
                  <ErrorAlert
                    error={
                      save.error &&
                      !fieldError(save.error, "sessionIdleMinutes") &&
                      !fieldError(save.error, "sessionAbsoluteHours")
                        ? save.error
                        : null
                    }
                  />
                  <Group>
                    <Button type="submit" loading={save.isPending} disabled={changed.length === 0 || !valid}>
                      Save security settings
                    </Button>
                    {changed.length > 0 && (
                      <Button variant="default" onClick={() => settings.data && setForm(settings.data)}>
                        Discard changes
                      </Button>
                    )}
                  </Group>
                </Stack>
              )}
            </Stack>
          </form>
        )}
      </Stack>
    </>
  );
}
