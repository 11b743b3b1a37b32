import { Group, Text } from "@mantine/core";
import { useId } from "react";

/** The Assay mark: an "A" drawn like an assay balance's beam on a rounded indigo tile. */
export function LogoMark({ size = 28 }: { size?: number }) {
  const gradient = `assay-logo-${useId().replace(/:/g, "")}`;
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" role="img" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#6366f1" />
          <stop offset="1" stopColor="#4338ca" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill={`url(#${gradient})`} />
      <path
        d="M9.5 23 16 9l6.5 14"
        fill="none"
        stroke="#fff"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path d="M12.2 18h7.6" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  );
}

/** The mark and the name; `compact` shows the name only from the `xs` breakpoint up (narrow phone headers). */
export function Logo({ size = 28, compact = false }: { size?: number; compact?: boolean }) {
  return (
    <Group gap={10} wrap="nowrap">
      <LogoMark size={size} />
      <Text
        fw={700}
        fz={size * 0.68}
        lh={1}
        style={{ letterSpacing: "-0.02em" }}
        visibleFrom={compact ? "xs" : undefined}
      >
        Assay
      </Text>
    </Group>
  );
}
