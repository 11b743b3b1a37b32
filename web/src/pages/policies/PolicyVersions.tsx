import { Badge, Box, Code, Group, Select, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { OrgPolicyDetail, PolicyDiff } from "../../api/models/org-policies.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { orgPolicyKeys, STATUS_COLORS, STATUS_LABELS } from "./labels.ts";

const COLORS = { added: "var(--mantine-color-green-light)", removed: "var(--mantine-color-red-light)" } as const;

/** Each part with a stable key: its kind and where it starts in the diff's text. */
function keyed(parts: PolicyDiff["parts"]) {
  let at = 0;
  return parts.map((p) => {
    const key = `${p.kind}@${at}`;
    at += p.text.length;
    return { ...p, key };
  });
}

type Part = PolicyDiff["parts"][number];
type Word = NonNullable<Part["words"]>[number] & { key: string };

/** Words split into the lines they fall on (each keyed by its offset), so every line keeps its +/− sign. */
function wordLines(words: NonNullable<Part["words"]>): { key: string; words: Word[] }[] {
  const lines: { key: string; words: Word[] }[] = [{ key: "0", words: [] }];
  let at = 0;
  for (const w of words)
    w.text.split("\n").forEach((piece, i) => {
      if (i > 0) lines.push({ key: String(at), words: [] });
      if (piece) lines.at(-1)!.words.push({ ...w, text: piece, key: String(at) });
      at += piece.length + 1;
    });
  if (!lines.at(-1)!.words.length) lines.pop();
  return lines;
}

const WORD_STYLE = {
  added: {
    background: "var(--mantine-color-green-filled)",
    color: "var(--mantine-color-white)",
    textDecoration: "none",
  },
  removed: { background: "var(--mantine-color-red-filled)", color: "var(--mantine-color-white)" },
} as const;

/** A changed block: its lines with their sign, and the words that changed inside them marked. */
function ChangedText({ part }: { part: Part & { kind: "added" | "removed" } }) {
  const sign = part.kind === "added" ? "+" : "−";
  if (!part.words)
    return part.text
      .replace(/\n$/, "")
      .split("\n")
      .map((l) => `${sign} ${l}`)
      .join("\n");
  const Tag = part.kind === "added" ? "ins" : "del";
  return wordLines(part.words).map((line, i) => (
    <span key={line.key}>
      {i > 0 && "\n"}
      {`${sign} `}
      {line.words.map((w) =>
        w.kind === "unchanged" ? (
          w.text
        ) : (
          <Tag key={w.key} style={{ ...WORD_STYLE[part.kind], borderRadius: 2 }}>
            {w.text}
          </Tag>
        ),
      )}
    </span>
  ));
}

/** The version history and a line diff between any two versions, with changed words marked. */
export function PolicyVersions({ policy }: { policy: OrgPolicyDetail }) {
  const numbers = policy.versions.map((v) => String(v.number));
  const [from, setFrom] = useState<string | null>(numbers[1] ?? null);
  const [to, setTo] = useState<string | null>(numbers[0] ?? null);
  const ready = !!from && !!to && from !== to;
  const diff = useQuery({
    queryKey: orgPolicyKeys.diff(policy.id, Number(from), Number(to)),
    queryFn: () =>
      api.GET("/api/v1/policies/{id}/diff", {
        params: { path: { id: policy.id }, query: { from: Number(from), to: Number(to) } },
      }),
    enabled: ready,
  });
  return (
    <Stack gap="lg">
      <Table aria-label="Versions" fz="sm" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Change</Table.Th>
            <Table.Th>Author</Table.Th>
            <Table.Th>Published</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {policy.versions.map((v) => (
            <Table.Tr key={v.id}>
              <Table.Td>v{v.number}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={STATUS_COLORS[v.status]}>
                  {STATUS_LABELS[v.status]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  <Text span c="dimmed" size="xs">
                    {v.significance}
                  </Text>{" "}
                  {v.changeSummary}
                </Text>
              </Table.Td>
              <Table.Td>{v.authorName ?? "Assay"}</Table.Td>
              <Table.Td>{v.publishedAt ? formatDateTime(v.publishedAt) : ""}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {numbers.length < 2 ? (
        <Text size="sm" c="dimmed">
          Only one version so far: the differences show here once there is a second.
        </Text>
      ) : (
        <Stack gap="sm">
          <Group>
            <Select
              label="Compare"
              data={numbers.map((n) => ({ value: n, label: `v${n}` }))}
              value={from}
              onChange={setFrom}
              w={120}
            />
            <Select
              label="with"
              data={numbers.map((n) => ({ value: n, label: `v${n}` }))}
              value={to}
              onChange={setTo}
              w={120}
            />
            {diff.data && (
              <Text size="sm" mt="lg">
                <Text span c="green" fw={600}>
                  +{diff.data.added}
                </Text>{" "}
                <Text span c="red" fw={600}>
                  −{diff.data.removed}
                </Text>{" "}
                lines
              </Text>
            )}
          </Group>
          <ErrorAlert error={diff.error} />
          {diff.data && (
            <Box component="pre" data-testid="policy-diff" style={{ margin: 0, overflow: "auto", maxHeight: 600 }}>
              {keyed(diff.data.parts).map((p) =>
                p.kind === "unchanged" ? (
                  <Code key={p.key} block c="dimmed" bg="transparent" style={{ whiteSpace: "pre-wrap" }}>
                    {p.text.split("\n").length > 8
                      ? `${p.text.split("\n").slice(0, 3).join("\n")}\n…\n${p.text.split("\n").slice(-4).join("\n")}`
                      : p.text}
                  </Code>
                ) : (
                  <Code
                    key={p.key}
                    block
                    style={{ whiteSpace: "pre-wrap", background: COLORS[p.kind] }}
                    aria-label={p.kind === "added" ? "Added" : "Removed"}
                  >
                    <ChangedText part={p as Part & { kind: "added" | "removed" }} />
                  </Code>
                ),
              )}
            </Box>
          )}
        </Stack>
      )}
    </Stack>
  );
}
