import { Code, Grid, Stack, Table, Text } from "@mantine/core";
import type { LedgerEntry } from "../../api/models/activity.ts";

const show = (v: unknown) => (v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v, null, 2));
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** Before/after of one ledger entry: a field-by-field table for objects, raw values otherwise. */
export function ChangesView({ entry }: { entry: LedgerEntry }) {
  const { before, after } = entry.changes ?? {};
  const hasBefore = before !== undefined && before !== null;
  const hasAfter = after !== undefined && after !== null;
  const objects = (!hasBefore || isRecord(before)) && (!hasAfter || isRecord(after));
  // The entry as the ledger holds it (what its hash and signature cover), without what the page adds in words.
  const { description: _d, recordLabel: _r, group: _g, ...raw } = entry;
  const meta = (
    <Stack gap="xs" mt="sm">
      <Grid gap="xs">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Text size="xs" c="dimmed">
            Entry hash
          </Text>
          <Text className="assay-mono" size="xs" style={{ overflowWrap: "anywhere" }}>
            {entry.hash}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Text size="xs" c="dimmed">
            Entity id
          </Text>
          <Text className="assay-mono" size="xs">
            {entry.entityId ?? "—"}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Text size="xs" c="dimmed">
            Request id
          </Text>
          <Text className="assay-mono" size="xs">
            {entry.requestId ?? "—"}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Text size="xs" c="dimmed">
            Signature
          </Text>
          <Text className="assay-mono" size="xs" style={{ overflowWrap: "anywhere" }} data-testid="ledger-signature">
            {entry.signature ?? "— (written before entries were signed)"}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Text size="xs" c="dimmed">
            Signing key
          </Text>
          <Text className="assay-mono" size="xs">
            {entry.keyId ?? "—"}
          </Text>
        </Grid.Col>
      </Grid>
      <details>
        <summary>
          <Text span size="xs" c="dimmed">
            Raw entry (JSON) · {entry.action}
          </Text>
        </summary>
        <Code block mt={4} data-testid="ledger-raw">
          {JSON.stringify(raw, null, 2)}
        </Code>
      </details>
    </Stack>
  );

  if (!hasBefore && !hasAfter)
    return (
      <Stack gap={4}>
        <Text size="sm" c="dimmed">
          This entry records an event without field changes.
        </Text>
        {meta}
      </Stack>
    );

  if (objects) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return (
      <Stack gap={4}>
        <Table
          withTableBorder
          withColumnBorders
          fz="xs"
          verticalSpacing={4}
          aria-label={`Changes in entry ${entry.seq}`}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="22%">Field</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((k) => {
              const changed = JSON.stringify(b[k]) !== JSON.stringify(a[k]);
              return (
                <Table.Tr key={k}>
                  <Table.Td>
                    <Text size="xs" fw={changed ? 600 : 400} className="assay-mono">
                      {k}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <pre className="assay-diff">{hasBefore ? show(b[k]) : "—"}</pre>
                  </Table.Td>
                  <Table.Td bg={changed ? "var(--mantine-color-teal-light)" : undefined}>
                    <pre className="assay-diff">{hasAfter ? show(a[k]) : "—"}</pre>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {meta}
      </Stack>
    );
  }

  return (
    <Stack gap={4}>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Text size="xs" c="dimmed" mb={4}>
            Before
          </Text>
          <Code block>{hasBefore ? show(before) : "—"}</Code>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Text size="xs" c="dimmed" mb={4}>
            After
          </Text>
          <Code block>{hasAfter ? show(after) : "—"}</Code>
        </Grid.Col>
      </Grid>
      {meta}
    </Stack>
  );
}
