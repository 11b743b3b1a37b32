import { NavLink, Text } from "@mantine/core";
import {
  IconAlertTriangle,
  IconBug,
  IconBuildingStore,
  IconCertificate,
  IconChartBar,
  IconChecklist,
  IconDeviceLaptop,
  IconFileCertificate,
  IconFileCheck,
  IconFileText,
  IconGitMerge,
  IconLifebuoy,
  IconListDetails,
  IconPlugConnected,
  IconSchool,
  IconServer,
  IconShieldCheck,
  IconShieldExclamation,
  IconShieldHalf,
  IconTestPipe,
  IconUserCheck,
  IconUsersGroup,
} from "@tabler/icons-react";
import type { ComponentType } from "react";
import { Link, useLocation } from "react-router";
import { useEvidenceCan } from "../pages/evidence/permissions.ts";
import type { Action } from "../permissions.ts";
import { useCan } from "../session.tsx";

export interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** Shown only to roles that may do this. */
  action?: Action;
  /** Active only on this exact path (not on the pages below it). */
  exact?: boolean;
}

export function NavItems({ items, onNavigate }: { items: NavItem[]; onNavigate: () => void }) {
  const { pathname } = useLocation();
  const can = useCan();
  return items
    .filter((i) => !i.action || can(i.action))
    .map((i) => {
      const active = i.to === "/" || i.exact ? pathname === i.to : pathname === i.to || pathname.startsWith(`${i.to}/`);
      return (
        <NavLink
          key={i.to}
          component={Link}
          to={i.to}
          label={i.label}
          leftSection={<i.icon size={18} stroke={1.7} />}
          active={active}
          aria-current={active ? "page" : undefined}
          onClick={onNavigate}
          variant="light"
          style={{ borderRadius: "var(--mantine-radius-md)" }}
          fw={500}
        />
      );
    });
}

/** The signed-in member's own computers (every role: src/modules/agent/policy.ts agent.enroll_own). */
export const MY_DEVICES: NavItem = {
  to: "/portal/devices",
  label: "My devices",
  icon: IconDeviceLaptop,
  action: "agent.enroll_own",
};

/** The "Monitoring" section: connected systems, their resources, the tests on them and accepted exceptions. */
const MONITORING: NavItem[] = [
  { to: "/monitoring/integrations", label: "Integrations", icon: IconPlugConnected },
  { to: "/monitoring/resources", label: "Resources", icon: IconServer },
  { to: "/monitoring/tests", label: "Tests", icon: IconTestPipe },
  { to: "/monitoring/exceptions", label: "Exceptions", icon: IconShieldHalf },
  { to: "/devices", label: "Devices", icon: IconDeviceLaptop },
];

export function MonitoringNav({ onNavigate }: { onNavigate: () => void }) {
  const can = useCan();
  return can("monitoring.read") ? <NavSection title="Monitoring" items={MONITORING} onNavigate={onNavigate} /> : null;
}

/** "Evidence": the organization's evidence library and its policies, under the program pages they support. */
export function EvidenceNav({ onNavigate }: { onNavigate: () => void }) {
  const { can } = useEvidenceCan();
  const items: NavItem[] = [
    ...(can("evidence.read_own") ? [{ to: "/evidence", label: "Evidence", icon: IconFileCertificate }] : []),
    { to: "/policies", label: "Policies", icon: IconFileText, action: "policies.read" },
  ];
  return <NavItems items={items} onNavigate={onNavigate} />;
}

/** A titled group of items, left out entirely when the role sees none of them. */
function NavSection({ title, items, onNavigate }: { title: string; items: NavItem[]; onNavigate: () => void }) {
  const can = useCan();
  if (!items.some((i) => !i.action || can(i.action))) return null;
  return (
    <>
      <Text className="assay-nav-section" component="div">
        {title}
      </Text>
      <NavItems items={items} onNavigate={onNavigate} />
    </>
  );
}

/** "Your work": what the program asks of the signed-in member, for every role (employees see little else). */
const YOUR_WORK: NavItem[] = [
  { to: "/portal", label: "My tasks", icon: IconChecklist, action: "portal.read_own", exact: true },
  { to: "/portal/policies", label: "My policies", icon: IconFileCheck, action: "policies.acknowledge" },
  { to: "/portal/training", label: "My training", icon: IconCertificate, action: "training.take" },
  MY_DEVICES,
  { to: "/portal/tasks/checklist", label: "My checklist steps", icon: IconListDetails, action: "people.own_tasks" },
  { to: "/access-reviews/assigned", label: "Accounts to review", icon: IconUserCheck, action: "access_reviews.decide" },
];

export function YourWorkNav({ onNavigate }: { onNavigate: () => void }) {
  return <NavSection title="Your work" items={YOUR_WORK} onNavigate={onNavigate} />;
}

/** "People": the directory, its dashboard, training and access reviews, for those who run them. */
const PEOPLE: NavItem[] = [
  { to: "/people", label: "Directory", icon: IconUsersGroup, action: "people.read", exact: true },
  { to: "/people/dashboard", label: "People dashboard", icon: IconChartBar, action: "people.read" },
  { to: "/training", label: "Training", icon: IconSchool, action: "training.read" },
  { to: "/access-reviews", label: "Access reviews", icon: IconShieldCheck, action: "access_reviews.read", exact: true },
];

export function PeopleNav({ onNavigate }: { onNavigate: () => void }) {
  return <NavSection title="People" items={PEOPLE} onNavigate={onNavigate} />;
}

/** "Registers": what SOC 2 expects an organization to keep year-round and auditors sample from. */
const REGISTERS: NavItem[] = [
  { to: "/risks", label: "Risks", icon: IconShieldExclamation, action: "risks.read" },
  { to: "/vendors", label: "Vendors", icon: IconBuildingStore, action: "vendors.read" },
  { to: "/assets", label: "Assets", icon: IconServer, action: "assets.read" },
  { to: "/incidents", label: "Incidents", icon: IconAlertTriangle, action: "incidents.read" },
  { to: "/changes", label: "Changes", icon: IconGitMerge, action: "changes.read" },
  { to: "/vulnerabilities", label: "Vulnerabilities", icon: IconBug, action: "vulnerabilities.read" },
  { to: "/continuity", label: "Continuity", icon: IconLifebuoy, action: "continuity.read" },
];

export function RegistersNav({ onNavigate }: { onNavigate: () => void }) {
  return <NavSection title="Registers" items={REGISTERS} onNavigate={onNavigate} />;
}
