import { Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** A small uppercase label over a value (detail cards). */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: "0.04em" }}>
        {label}
      </Text>
      {typeof children === "string" ? <Text size="sm">{children}</Text> : children}
    </Stack>
  );
}
