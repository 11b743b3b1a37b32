import { Code, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined)
    return (
      <Text span size="sm" c="dimmed">
        {value === null ? "null" : "—"}
      </Text>
    );
  if (typeof value === "boolean")
    return (
      <Text span size="sm" c={value ? "teal" : "red"} fw={500}>
        {String(value)}
      </Text>
    );
  if (typeof value === "number")
    return (
      <Text span size="sm" className="assay-mono">
        {value}
      </Text>
    );
  if (typeof value === "string")
    return (
      <Text span size="sm" style={{ wordBreak: "break-word" }}>
        {value || "\u201c\u201d"}
      </Text>
    );
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null))
    return value.length === 0 ? (
      <Text span size="sm" c="dimmed">
        (empty list)
      </Text>
    ) : (
      <Text span size="sm" style={{ wordBreak: "break-word" }}>
        {value.map(String).join(", ")}
      </Text>
    );
  return (
    <Code block fz="xs">
      {JSON.stringify(value, null, 2)}
    </Code>
  );
}

/** A resource's raw attributes: a readable key/value table, or the exact JSON. */
export function JsonView({ data, label }: { data: Record<string, unknown>; label: string }) {
  const [mode, setMode] = useState("table");
  const keys = Object.keys(data).sort();
  return (
    <Stack gap="sm">
      <SegmentedControl
        size="xs"
        w="fit-content"
        aria-label="Show attributes as"
        value={mode}
        onChange={setMode}
        data={[
          { value: "table", label: "Table" },
          { value: "json", label: "JSON" },
        ]}
      />
      {mode === "json" ? (
        <Code block fz="xs" aria-label={label}>
          {JSON.stringify(data, null, 2)}
        </Code>
      ) : keys.length === 0 ? (
        <Text size="sm" c="dimmed">
          No attributes.
        </Text>
      ) : (
        <Table aria-label={label} verticalSpacing={6} withRowBorders>
          <Table.Tbody>
            {keys.map((k) => (
              <Table.Tr key={k}>
                <Table.Td w="35%" valign="top">
                  <Text span size="sm" className="assay-mono" c="dimmed">
                    {k}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Value value={data[k]} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
