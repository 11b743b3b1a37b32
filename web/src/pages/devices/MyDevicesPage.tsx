import { Alert, Button, Card, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconDeviceLaptop, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { DeviceChecks, DeviceStatusBadges, PlatformBadge } from "./DeviceChecks.tsx";
import { InstallOneLiners } from "./EnrollPanel.tsx";

/** The employee's own computers: enrol one with a personal one-time token, and see what each check says. */
export function MyDevicesPage() {
  const mine = useQuery({ queryKey: ["devices", "mine"], queryFn: () => api.GET("/api/v1/me/devices") });
  const enrol = useMutation({ mutationFn: () => api.POST("/api/v1/me/devices/enrollment-token") });
  const data = mine.data;
  const notInDirectory = data && !data.person;
  return (
    <>
      <PageHeader
        title="My devices"
        description="The computers you work on report their security settings to Assay every hour. Enrol yours here; each check says what to fix."
        actions={
          !notInDirectory && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => enrol.mutate()} loading={enrol.isPending}>
              Enrol a computer
            </Button>
          )
        }
      />
      <Stack>
        <ErrorAlert error={mine.error ?? enrol.error} />
        {notInDirectory && (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title="You are not in People yet"
          >
            A computer can only be recorded as yours once you are in this organization's people directory. Ask an admin
            to add you under People with the email you sign in with.
          </Alert>
        )}
        {enrol.data && (
          <Card withBorder padding="md">
            <Stack gap="sm">
              <Title order={2} size="h4">
                Enrol this computer
              </Title>
              <Text size="sm">
                Run the command for your system on the computer itself. The code in it works once, for one computer, and
                expires <RelativeTime value={enrol.data.expiresAt} />. The computer is then recorded as yours and
                appears below within a minute.
              </Text>
              <InstallOneLiners commands={enrol.data.commands} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => void mine.refetch()}>
                  I ran it: refresh
                </Button>
              </Group>
            </Stack>
          </Card>
        )}
        {mine.isPending && <Skeleton h={160} />}
        {data?.person && data.devices.length === 0 && !enrol.data && (
          <Empty
            icon={<IconDeviceLaptop size={26} />}
            title="No computer enrolled yet"
            description="Enrol the computer you work on: one command, and it reports disk encryption, firewall, updates and screen lock every hour."
            action={
              <Button variant="default" onClick={() => enrol.mutate()} loading={enrol.isPending}>
                Enrol a computer
              </Button>
            }
          />
        )}
        {data?.devices.map((d) => (
          <Card key={d.id} withBorder padding="md" component="section" aria-label={d.hostname}>
            <Stack gap="sm">
              <Group justify="space-between" wrap="wrap">
                <Group gap="xs">
                  <Title order={2} size="h4">
                    {d.hostname}
                  </Title>
                  <PlatformBadge platform={d.platform} />
                  <DeviceStatusBadges device={d} />
                </Group>
                <Text size="sm" c="dimmed">
                  {d.os ?? "—"} · last report <RelativeTime value={d.lastReportAt} empty="never" />
                </Text>
              </Group>
              <DeviceChecks device={d} />
            </Stack>
          </Card>
        ))}
      </Stack>
    </>
  );
}
