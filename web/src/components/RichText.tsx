import { Code, List, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * Renders guidance written in simple Markdown as React elements — paragraphs, "-" / "*" / "1." lists, **bold**,
 * *italic* and `code` — without ever handing HTML to the browser. Anything else shows as the text it is.
 */
function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;
  let last = 0;
  let i = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const t = m[0];
    if (t.startsWith("**")) out.push(<strong key={i++}>{t.slice(2, -2)}</strong>);
    else if (t.startsWith("`")) out.push(<Code key={i++}>{t.slice(1, -1)}</Code>);
    else out.push(<em key={i++}>{t.slice(1, -1)}</em>);
    last = m.index + t.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Blocks and list items carry keys made while parsing (the text never reorders). */
type Item = { key: string; text: string };
type Block = { key: string; kind: "p"; text: string } | { key: string; kind: "ul" | "ol"; items: Item[] };

function blocks(source: string): Block[] {
  const result: Block[] = [];
  let n = 0;
  const key = () => `b${n++}`;
  for (const chunk of source.replace(/\r\n/g, "\n").split(/\n\s*\n/)) {
    const lines = chunk.split("\n").filter((l) => l.trim());
    if (lines.length === 0) continue;
    let para: string[] = [];
    const flush = () => {
      if (para.length) result.push({ key: key(), kind: "p", text: para.join(" ") });
      para = [];
    };
    for (const line of lines) {
      const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
      const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      const item = bullet ?? numbered;
      const kind = bullet ? "ul" : "ol";
      if (item) {
        flush();
        const prev = result[result.length - 1];
        if (prev && prev.kind === kind) prev.items.push({ key: key(), text: item[1]! });
        else result.push({ key: key(), kind, items: [{ key: key(), text: item[1]! }] });
      } else {
        const prev = result[result.length - 1];
        // A wrapped line continues the list item above it.
        if (para.length === 0 && prev && prev.kind !== "p" && /^\s{2,}/.test(line))
          prev.items[prev.items.length - 1]!.text += ` ${line.trim()}`;
        else para.push(line.trim().replace(/^#+\s*/, ""));
      }
    }
    flush();
  }
  return result;
}

export function RichText({ children, size = "sm" }: { children: string; size?: "xs" | "sm" | "md" }) {
  const parts = blocks(children);
  return (
    <Stack gap="xs">
      {parts.map((b) =>
        b.kind === "p" ? (
          <Text key={b.key} size={size}>
            {inline(b.text)}
          </Text>
        ) : (
          <List key={b.key} size={size} type={b.kind === "ol" ? "ordered" : "unordered"} spacing={2} withPadding>
            {b.items.map((item) => (
              <List.Item key={item.key}>{inline(item.text)}</List.Item>
            ))}
          </List>
        ),
      )}
    </Stack>
  );
}
