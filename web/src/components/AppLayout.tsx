import { AppShell, Box, Burger, Group, ScrollArea, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconActivity,
  IconBell,
  IconBuilding,
  IconHome,
  IconKey,
  IconListCheck,
  IconMailPlus,
  IconShieldLock,
  IconUserCog,
  IconUsers,
  IconWebhook,
} from "@tabler/icons-react";
import { Link, Outlet } from "react-router";
import { useCan } from "../session.tsx";
import { ColorSchemeToggle } from "./ColorSchemeToggle.tsx";
import { Logo } from "./Logo.tsx";
import {
  EvidenceNav,
  MonitoringNav,
  type NavItem,
  NavItems,
  PeopleNav,
  RegistersNav,
  YourWorkNav,
} from "./NavItems.tsx";
import { NotificationBell } from "./NotificationBell.tsx";
import { OrganizationSwitcher } from "./OrganizationSwitcher.tsx";
import { ProgramNav } from "./program/ProgramNav.tsx";
import { UserMenu } from "./UserMenu.tsx";

const MAIN: NavItem[] = [
  { to: "/", label: "Home", icon: IconHome },
  { to: "/activity", label: "Activity", icon: IconActivity, action: "ledger.read" },
  { to: "/jobs", label: "Jobs", icon: IconListCheck, action: "jobs.read" },
];

const SETTINGS: NavItem[] = [
  { to: "/settings/organization", label: "Organization", icon: IconBuilding, action: "organization.read" },
  { to: "/settings/members", label: "Members", icon: IconUsers, action: "members.read" },
  { to: "/settings/invitations", label: "Invitations", icon: IconMailPlus, action: "invitations.read" },
  { to: "/settings/tokens", label: "API tokens", icon: IconKey, action: "tokens.read" },
  { to: "/settings/security", label: "Security", icon: IconShieldLock, action: "organization.read" },
  { to: "/settings/notifications", label: "Notifications", icon: IconBell, action: "alerts.read_preferences" },
  { to: "/settings/webhooks", label: "Webhooks", icon: IconWebhook, action: "alerts.read_webhooks" },
  { to: "/settings/people", label: "People", icon: IconUserCog, action: "people.read" },
];

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const can = useCan();
  const settings = SETTINGS.filter((i) => !i.action || can(i.action));

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "md", sm: "xl" }}
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: "xs", xs: "md" }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close navigation" : "Open navigation"}
            />
            <UnstyledButton component={Link} to="/" aria-label="Assay home" onClick={close}>
              <Logo size={26} compact />
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <OrganizationSwitcher />
            <NotificationBell />
            <Box visibleFrom="xs">
              <ColorSchemeToggle />
            </Box>
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <NavItems items={MAIN} onNavigate={close} />
          <YourWorkNav onNavigate={close} />
          <ProgramNav onNavigate={close} />
          <EvidenceNav onNavigate={close} />
          <PeopleNav onNavigate={close} />
          <RegistersNav onNavigate={close} />
          <MonitoringNav onNavigate={close} />
          {settings.length > 0 && (
            <>
              <Text className="assay-nav-section" component="div">
                Settings
              </Text>
              <NavItems items={settings} onNavigate={close} />
            </>
          )}
        </AppShell.Section>
        <AppShell.Section hiddenFrom="xs" pt="sm">
          <Group justify="space-between" px="xs">
            <Text size="sm" c="dimmed">
              Theme
            </Text>
            <ColorSchemeToggle />
          </Group>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main className="assay-main">
        <Box maw={1200} mx="auto" id="main">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
