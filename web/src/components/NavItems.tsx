import { NavLink } from "@mantine/core";
import type { ComponentType } from "react";
import { Link, useLocation } from "react-router";
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
