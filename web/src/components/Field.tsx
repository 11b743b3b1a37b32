import { Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A labelled value on a record's page: a small uppercase label over the value. Text values keep their line breaks
 * and long words wrap; an empty text shows a dash.
 */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: "0.04em" }}>
        {label}
      </Text>
      {typeof children === "string" ? (
        <Text
          size="sm"
          c={children ? undefined : "dimmed"}
          style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
        >
          {children || "—"}
        </Text>
      ) : (
        children
      )}
    </Stack>
  );
}
