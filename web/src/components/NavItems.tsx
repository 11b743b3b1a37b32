import { NavLink, Text } from "@mantine/core";
import {
  IconDeviceLaptop,
  IconFileCertificate,
  IconPlugConnected,
  IconServer,
  IconShieldHalf,
  IconTestPipe,
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
  if (!can("monitoring.read")) return null;
  return (
    <>
      <Text className="assay-nav-section" component="div">
        Monitoring
      </Text>
      <NavItems items={MONITORING} onNavigate={onNavigate} />
    </>
  );
}

/** "Evidence": the organization's evidence library, under the program pages it supports. */
export function EvidenceNav({ onNavigate }: { onNavigate: () => void }) {
  const { can } = useEvidenceCan();
  if (!can("evidence.read")) return null;
  return (
    <NavItems items={[{ to: "/evidence", label: "Evidence", icon: IconFileCertificate }]} onNavigate={onNavigate} />
  );
}
