import { Anchor, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import {
  IconActivity,
  IconArrowRight,
  IconCircleCheck,
  IconMailPlus,
  IconShieldCheck,
  IconShieldLock,
  IconUsers,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { ComponentType, ReactNode } from "react";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { ProgramHomeCard } from "../components/program/ProgramHomeCard.tsx";
import { RelativeTime } from "../components/Time.tsx";
import { ROLE_LABELS } from "../roles.ts";
import { useCan, useSession } from "../session.tsx";
import { LedgerVerifyButton } from "./activity/LedgerVerify.tsx";
import { PortalHomeCard } from "./portal/PortalHomeCard.tsx";

function QuickLink({
  to,
  icon: Icon,
  title,
  text,
  done,
}: {
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  title: string;
  text: string;
  done?: boolean;
}) {
  return (
    <Card withBorder padding="lg" component={Link} to={to} style={{ textDecoration: "none" }}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <ThemeIcon variant="light" size={40} radius="md" color={done ? "teal" : "brand"}>
          {done ? <IconCircleCheck size={22} /> : <Icon size={22} stroke={1.7} />}
        </ThemeIcon>
        <IconArrowRight size={18} stroke={1.5} color="var(--mantine-color-dimmed)" aria-hidden />
      </Group>
      <Text fw={600} mt="md">
        {title}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {text}
      </Text>
    </Card>
  );
}

function Stat({ label, value, children }: { label: string; value: ReactNode; children?: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.05em" }}>
        {label}
      </Text>
      <Text fw={600} fz="xl">
        {value}
      </Text>
      {children}
    </Stack>
  );
}

export function HomePage() {
  const { user, organization, role } = useSession();
  const can = useCan();
  const firstName = user.name.split(/\s+/)[0] ?? user.name;
  const members = useQuery({
    queryKey: ["members", "count"],
    queryFn: () => api.GET("/api/v1/members", { params: { query: { pageSize: 1 } } }),
    enabled: can("members.read"),
  });
  const invitations = useQuery({
    queryKey: ["invitations", "home"],
    queryFn: () => api.GET("/api/v1/invitations", { params: { query: { pageSize: 100 } } }),
    enabled: can("invitations.read"),
  });
  const ledger = useQuery({
    queryKey: ["ledger", "latest"],
    queryFn: () => api.GET("/api/v1/ledger", { params: { query: { pageSize: 1 } } }),
    enabled: can("ledger.read"),
  });
  const pending = invitations.data?.items.filter((i) => !i.status || i.status === "pending").length;
  const latest = ledger.data?.items[0];

  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1} fz={28}>
          Welcome, {firstName}
        </Title>
        <Text c="dimmed">
          {organization?.name} · you are{" "}
          {role ? `${/^[aeiou]/i.test(ROLE_LABELS[role]) ? "an" : "a"} ${ROLE_LABELS[role].toLowerCase()}` : "a member"}
        </Text>
      </Stack>

      <PortalHomeCard />
      <ProgramHomeCard />

      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {can("invitations.create") && (
          <QuickLink
            to="/settings/invitations"
            icon={IconMailPlus}
            title="Invite a colleague"
            text="Bring in the people who own controls and evidence."
          />
        )}
        <QuickLink
          to="/account"
          icon={IconShieldLock}
          title={user.mfaEnabled ? "MFA is on" : "Set up MFA"}
          text={
            user.mfaEnabled
              ? "Your account asks for an authenticator code at sign-in."
              : "Protect your account with an authenticator app."
          }
          done={user.mfaEnabled}
        />
        {can("ledger.read") && (
          <QuickLink
            to="/activity"
            icon={IconActivity}
            title="View activity"
            text="Every change, recorded in a tamper-evident ledger."
          />
        )}
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {can("ledger.read") && (
          <Card withBorder padding="lg" component="section" aria-label="Ledger">
            <Group justify="space-between" mb="md">
              <Group gap="xs">
                <IconShieldCheck size={20} stroke={1.7} />
                <Title order={2} fz="lg">
                  Ledger
                </Title>
              </Group>
              <Anchor component={Link} to="/activity" size="sm">
                Open activity
              </Anchor>
            </Group>
            <Text size="sm" c="dimmed" mb="md">
              Each change is hash-chained to the one before it and the chain head is signed, so an edit, deletion or
              reordering shows up when the ledger is verified.
            </Text>
            <ErrorAlert error={ledger.error} />
            {ledger.isPending ? (
              <Skeleton h={54} />
            ) : ledger.isSuccess ? (
              <Group gap="xl" mb="md" align="flex-start">
                <Stat label="Entries" value={ledger.data.total.toLocaleString()} />
                <Stat
                  label="Latest entry"
                  value={
                    latest ? (
                      <Text span className="assay-mono" fw={600}>
                        {latest.action}
                      </Text>
                    ) : (
                      "None yet"
                    )
                  }
                >
                  {latest && <RelativeTime value={latest.at} />}
                </Stat>
              </Group>
            ) : null}
            {can("ledger.verify") && <LedgerVerifyButton compact />}
          </Card>
        )}
        {(can("members.read") || can("invitations.read")) && (
          <Card withBorder padding="lg" component="section" aria-label="People">
            <Group justify="space-between" mb="md">
              <Group gap="xs">
                <IconUsers size={20} stroke={1.7} />
                <Title order={2} fz="lg">
                  People
                </Title>
              </Group>
              {can("members.read") && (
                <Anchor component={Link} to="/settings/members" size="sm">
                  Manage members
                </Anchor>
              )}
            </Group>
            <ErrorAlert error={members.error ?? invitations.error} />
            <Group gap="xl" align="flex-start">
              {can("members.read") && (
                <Stat
                  label="Members"
                  value={members.isPending ? <Skeleton h={28} w={40} /> : (members.data?.total ?? "—")}
                />
              )}
              {can("invitations.read") && (
                <Stat
                  label="Pending invitations"
                  value={invitations.isPending ? <Skeleton h={28} w={40} /> : (pending ?? "—")}
                />
              )}
              <Stat
                label="Your MFA"
                value={
                  user.mfaEnabled ? (
                    <Badge color="teal" variant="light">
                      On
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light">
                      Off
                    </Badge>
                  )
                }
              />
            </Group>
            {can("invitations.create") && (
              <Button
                component={Link}
                to="/settings/invitations"
                variant="light"
                mt="lg"
                leftSection={<IconMailPlus size={16} />}
              >
                Invite a colleague
              </Button>
            )}
          </Card>
        )}
      </SimpleGrid>
    </Stack>
  );
}
