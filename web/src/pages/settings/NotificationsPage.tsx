import { Badge, Button, Group, SegmentedControl, Stack, Switch, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { api } from "../../api/client.ts";
import type { AlertKind, Preference } from "../../api/models/alerts.ts";
import { DataTable, type DataTableProps } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { useSession } from "../../session.tsx";

type EmailMode = Preference["email"];

const KEY = ["alerts", "preferences"] as const;
const EMAIL_OPTIONS = [
  { value: "immediate", label: "Right away" },
  { value: "digest", label: "Daily digest" },
  { value: "off", label: "Off" },
];
const EMAIL_LABEL: Record<EmailMode, string> = { immediate: "right away", digest: "daily digest", off: "off" };

/**
 * Each person's notification preferences in the current organization: kinds × (in the app, by email). Notices about
 * their own work (assignments, approvals, deadlines) always show in the app; only how email brings them is a choice.
 */
export function NotificationsPage() {
  const { organization } = useSession();
  const qc = useQueryClient();
  const prefs = useQuery({
    queryKey: KEY,
    queryFn: () => api.GET("/api/v1/alerts/preferences"),
  });
  const [draft, setDraft] = useState<Preference[]>([]);
  useEffect(() => {
    if (prefs.data) setDraft(prefs.data.items);
  }, [prefs.data]);
  const changed = draft.filter((d) => {
    const saved = prefs.data?.items.find((p) => p.kind === d.kind);
    return saved && (saved.inApp !== d.inApp || saved.email !== d.email);
  });
  const save = useMutation({
    mutationFn: () =>
      api.PUT("/api/v1/alerts/preferences", {
        body: { preferences: changed.map(({ kind, inApp, email }) => ({ kind: kind as AlertKind, inApp, email })) },
      }),
    onSuccess: (data) => {
      qc.setQueryData(KEY, data);
      notifySuccess("Your notification preferences are saved.", "Saved");
    },
  });
  const set = (kind: string, patch: Partial<Preference>) =>
    setDraft((ds) => ds.map((d) => (d.kind === kind ? { ...d, ...patch } : d)));
  const resetDefaults = () => setDraft((ds) => ds.map((d) => ({ ...d, ...d.default })));

  const columns: DataTableProps<Preference>["columns"] = [
    {
      header: "Notification",
      cell: (p) => (
        <>
          <Group gap="xs">
            <Text size="sm" fw={500}>
              {p.label}
            </Text>
            {(p.inApp !== p.default.inApp || p.email !== p.default.email) && (
              <Badge size="xs" variant="light" color="gray">
                changed from default
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" maw={520}>
            {p.description}
          </Text>
          <Text size="xs" c="dimmed">
            Sent to: {p.recipients}. Default: {p.default.inApp ? "in the app" : "not in the app"}, email{" "}
            {EMAIL_LABEL[p.default.email]}.
          </Text>
        </>
      ),
    },
    {
      header: "In the app",
      width: 110,
      cell: (p) =>
        p.inAppRequired ? (
          <Text size="sm" c="dimmed">
            Always
          </Text>
        ) : (
          <Switch
            aria-label={`${p.label} in the app`}
            checked={p.inApp}
            onChange={(e) => set(p.kind, { inApp: e.currentTarget.checked })}
          />
        ),
    },
    {
      header: "Email",
      width: 330,
      cell: (p) => (
        <SegmentedControl
          aria-label={`${p.label} by email`}
          size="xs"
          value={p.email}
          onChange={(v) => set(p.kind, { email: v as EmailMode })}
          data={EMAIL_OPTIONS}
        />
      ),
    },
  ];

  const table = (label: string, rows: Preference[] | undefined, footer?: ReactNode) => (
    <DataTable
      label={label}
      rows={rows}
      loading={prefs.isPending}
      error={prefs.error}
      columns={columns}
      rowKey={(p) => p.kind}
      minWidth={760}
      tableProps={{ verticalSpacing: "md", highlightOnHover: false }}
      footer={footer}
    />
  );
  const rows = prefs.data && draft;

  return (
    <>
      <PageHeader
        title="Notifications"
        description={`How you hear about your work and about monitoring alerts in ${organization?.name ?? "this organization"}: in the app (the bell), plus an email right away or in one email a day listing everything since the last one. These choices are yours alone.`}
      />
      <Stack gap="lg">
        <Stack gap="xs">
          <Title order={2} fz="lg">
            Your work
          </Title>
          <Text size="sm" c="dimmed">
            Things assigned to you, waiting for your approval or verification, and deadlines. They always show in the
            app; choose whether email brings them right away, in the daily digest, or not at all. You are never notified
            of your own changes.
          </Text>
          {table(
            "Notifications about your work",
            rows?.filter((p) => p.inAppRequired),
          )}
        </Stack>
        <Stack gap="xs">
          <Title order={2} fz="lg">
            Monitoring alerts
          </Title>
          {table(
            "Alert preferences",
            rows?.filter((p) => !p.inAppRequired),
            <Stack p="md" gap="sm">
              <ErrorAlert error={save.error} />
              <Group justify="space-between">
                <Button variant="subtle" onClick={resetDefaults} disabled={!draft.length}>
                  Use the defaults
                </Button>
                <Group gap="sm">
                  {changed.length > 0 && (
                    <Text size="sm" c="dimmed">
                      {changed.length} unsaved change{changed.length === 1 ? "" : "s"}
                    </Text>
                  )}
                  <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!changed.length}>
                    Save preferences
                  </Button>
                </Group>
              </Group>
            </Stack>,
          )}
        </Stack>
      </Stack>
    </>
  );
}
