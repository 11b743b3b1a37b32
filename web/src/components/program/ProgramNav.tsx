import { Group, Menu, Text, UnstyledButton } from "@mantine/core";
import {
  IconChartBar,
  IconCheck,
  IconClipboardCheck,
  IconGauge,
  IconLayoutList,
  IconRocket,
  IconSelector,
  IconShieldCheck,
  IconStack2,
  IconTarget,
  IconTool,
} from "@tabler/icons-react";
import { useLocation, useNavigate } from "react-router";
import { useCurrentProgramId } from "../../program/context.tsx";
import { useCan } from "../../session.tsx";
import { type NavItem, NavItems } from "../NavItems.tsx";

/** The program's pages, with the path below /programs/:id. */
const PAGES: (Omit<NavItem, "to"> & { path: string })[] = [
  { path: "", label: "Dashboard", icon: IconGauge, exact: true },
  { path: "/scope", label: "Scope", icon: IconTarget },
  { path: "/assessment", label: "Self-assessment", icon: IconClipboardCheck },
  { path: "/controls", label: "Controls", icon: IconShieldCheck },
  { path: "/readiness", label: "Readiness & gaps", icon: IconChartBar },
  { path: "/remediation", label: "Remediation", icon: IconTool, action: "remediation.read" },
  { path: "/frameworks", label: "Frameworks", icon: IconStack2 },
];

function ProgramSwitcher({ currentId }: { currentId: string }) {
  const { programs } = useCurrentProgramId();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = programs.find((p) => p.id === currentId);
  if (!current) return null;
  if (programs.length < 2)
    return (
      <Text size="xs" c="dimmed" px="sm" pb={4} truncate="end" title={current.name}>
        {current.name}
      </Text>
    );
  const go = (id: string) => {
    const rest = pathname.match(/^\/programs\/[^/]+(\/[a-z-]+)?/)?.[1] ?? "";
    navigate(`/programs/${id}${rest}`);
  };
  return (
    <Menu position="bottom-start" width={232} shadow="md">
      <Menu.Target>
        <UnstyledButton
          aria-label={`Program: ${current.name}. Switch program`}
          mx={4}
          mb={6}
          px="sm"
          py={6}
          w="calc(100% - 8px)"
          style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: "var(--mantine-radius-md)" }}
        >
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Text size="sm" fw={500} truncate="end">
              {current.name}
            </Text>
            <IconSelector size={14} stroke={1.7} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Programs</Menu.Label>
        {programs.map((p) => (
          <Menu.Item
            key={p.id}
            onClick={() => p.id !== currentId && go(p.id)}
            rightSection={p.id === currentId ? <IconCheck size={14} aria-label="Current" /> : null}
          >
            {p.name}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item leftSection={<IconLayoutList size={14} />} onClick={() => navigate("/programs")}>
          All programs
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The "Program" section of the navigation, for roles that may read programs. */
export function ProgramNav({ onNavigate }: { onNavigate: () => void }) {
  const can = useCan();
  const { programId, loading } = useCurrentProgramId();
  if (!can("programs.read") || loading) return null;
  const items: NavItem[] = programId
    ? PAGES.map(({ path, ...rest }) => ({ ...rest, to: `/programs/${programId}${path}` }))
    : [{ to: "/programs", label: "Get started", icon: IconRocket, exact: true }];
  return (
    <>
      <Text className="assay-nav-section" component="div">
        Program
      </Text>
      {programId && <ProgramSwitcher currentId={programId} />}
      <NavItems items={items} onNavigate={onNavigate} />
    </>
  );
}
