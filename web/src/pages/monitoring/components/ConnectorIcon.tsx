import { ThemeIcon } from "@mantine/core";
import {
  IconBrandGit,
  IconCloud,
  IconDatabase,
  IconDeviceDesktop,
  IconFingerprint,
  IconPlug,
  IconUsers,
} from "@tabler/icons-react";

/** An icon per connector category; categories the server adds later fall back to a plug. */
const ICONS: Record<string, typeof IconPlug> = {
  database: IconDatabase,
  source_code: IconBrandGit,
  people: IconUsers,
  cloud: IconCloud,
  identity: IconFingerprint,
  endpoint: IconDeviceDesktop,
  endpoints: IconDeviceDesktop,
  devices: IconDeviceDesktop,
};

export function CategoryIcon({ category, size = 34 }: { category: string; size?: number }) {
  const Icon = ICONS[category] ?? IconPlug;
  return (
    <ThemeIcon variant="light" size={size} radius="md" aria-hidden>
      <Icon size={Math.round(size * 0.55)} stroke={1.7} />
    </ThemeIcon>
  );
}
