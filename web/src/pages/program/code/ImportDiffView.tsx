import { Alert, Badge, Box, Group, List, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconMinus, IconPencil, IconPlus } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { EntityChanges, FieldChange, ImportDiff, Listed } from "../../../api/models/program.ts";

/** What an import would change (or changed), section by section: the web version of the CLI's diff. */

const count = (s: EntityChanges) => s.added.length + s.changed.length + s.removed.length;

/** How many records and fields the import touches. */
export function countChanges(d: ImportDiff): number {
  return (
    (d.program.create ? 1 : 0) +
    d.program.changes.length +
    d.scope.length +
    count(d.controls) +
    count(d.remediation) +
    count(d.assessment)
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 controls changed, 1 remediation item added": the headline of a preview. */
export function summarize(d: ImportDiff): string {
  const parts: string[] = [];
  if (d.program.create) parts.push(`a new program “${d.program.name}”`);
  if (d.program.changes.length) parts.push(plural(d.program.changes.length, "program field", "program fields"));
  if (d.scope.length) parts.push(plural(d.scope.length, "scope field", "scope fields"));
  const entity = (s: EntityChanges, one: string, many: string) => {
    for (const [list, verb] of [
      [s.added, "added"],
      [s.changed, "changed"],
      [s.removed, "removed"],
    ] as const)
      if (list.length) parts.push(`${plural(list.length, one, many)} ${verb}`);
  };
  entity(d.controls, "control", "controls");
  entity(d.remediation, "remediation item", "remediation items");
  entity(d.assessment, "self-assessment answer", "self-assessment answers");
  return parts.join(", ");
}

const LONG = 140;
/** A value for people: text as is, lists joined, nothing as "(empty)". */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === "") return "(empty)";
  if (Array.isArray(v)) {
    if (!v.length) return "(none)";
    return v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ");
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return v.replace(/\s+/g, " ").trim();
  return JSON.stringify(v);
}
const clip = (s: string) => (s.length > LONG ? `${s.slice(0, LONG)}…` : s);

function FieldChanges({ changes }: { changes: FieldChange[] }) {
  return (
    <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
      {changes.map((c) => {
        const before = showValue(c.before);
        const after = showValue(c.after);
        return (
          <Group component="li" key={c.field} gap={6} wrap="nowrap" align="flex-start">
            <Text span size="sm" className="assay-mono" c="dimmed" style={{ flex: "0 0 auto", minWidth: 140 }}>
              {c.field}
            </Text>
            <Text span size="sm" style={{ minWidth: 0, overflowWrap: "anywhere" }}>
              <Text span size="sm" c="dimmed" td="line-through" title={before}>
                {clip(before)}
              </Text>
              <Text span size="sm" c="dimmed" aria-hidden>
                {" → "}
              </Text>
              <VisuallyHidden> changes to </VisuallyHidden>
              <Text span size="sm" fw={500} title={after}>
                {clip(after)}
              </Text>
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}

const KIND = {
  added: { label: "Added", color: "teal", icon: IconPlus },
  changed: { label: "Changed", color: "blue", icon: IconPencil },
  removed: { label: "Removed", color: "red", icon: IconMinus },
} as const;

function KindBadge({ kind }: { kind: keyof typeof KIND }) {
  const k = KIND[kind];
  return (
    <Badge
      size="sm"
      variant="light"
      color={k.color}
      leftSection={<k.icon size={12} />}
      w={92}
      style={{ flex: "0 0 auto" }}
    >
      {k.label}
    </Badge>
  );
}

function Row({ kind, item, label }: { kind: keyof typeof KIND; item: Listed; label: (l: Listed) => string }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <KindBadge kind={kind} />
      <Text size="sm" style={{ minWidth: 0 }}>
        <Text span size="sm" className="assay-mono" fw={600}>
          {item.id}
        </Text>{" "}
        {label(item)}
      </Text>
    </Group>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <Box component="section" aria-label={title} data-testid={testId}>
      <Title order={3} fz="sm" mb={6}>
        {title}
      </Title>
      {children}
    </Box>
  );
}

function EntitySection({
  title,
  changes,
  testId,
  label = (l) => l.title,
}: {
  title: string;
  changes: EntityChanges;
  testId: string;
  label?: (l: Listed) => string;
}) {
  if (!count(changes)) return null;
  const counts = `${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed`;
  return (
    <Section title={`${title}: ${counts}`} testId={testId}>
      <Stack gap={8}>
        {changes.added.map((a) => (
          <Row key={`+${a.id}`} kind="added" item={a} label={label} />
        ))}
        {changes.changed.map((c) => (
          <Stack key={`~${c.id}`} gap={4}>
            <Row kind="changed" item={c} label={label} />
            <Box pl={104}>
              <FieldChanges changes={c.changes} />
            </Box>
          </Stack>
        ))}
        {changes.removed.map((r) => (
          <Row key={`-${r.id}`} kind="removed" item={r} label={label} />
        ))}
      </Stack>
    </Section>
  );
}

const ANSWER: Record<string, string> = { yes: "Yes — in place", partly: "Partly", no: "No — not yet" };

export function ImportDiffView({ diff, warnings }: { diff: ImportDiff; warnings: string[] }) {
  return (
    <Stack gap="md">
      {diff.unchanged ? (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="No changes">
          The program already matches this folder. There is nothing to import.
        </Alert>
      ) : (
        <Text size="sm" fw={500}>
          The import would change: {summarize(diff)}.
        </Text>
      )}
      {diff.program.create && (
        <Section title="Program" testId="diff-program">
          <Row kind="added" item={{ id: "program", title: diff.program.name }} label={(l) => l.title} />
        </Section>
      )}
      {diff.program.changes.length > 0 && (
        <Section title={`Program “${diff.program.name}”`} testId="diff-program">
          <FieldChanges changes={diff.program.changes} />
        </Section>
      )}
      {diff.scope.length > 0 && (
        <Section title="Scope" testId="diff-scope">
          <FieldChanges changes={diff.scope} />
        </Section>
      )}
      <EntitySection title="Controls" changes={diff.controls} testId="diff-controls" />
      <EntitySection title="Remediation items" changes={diff.remediation} testId="diff-remediation" />
      <EntitySection
        title="Self-assessment answers"
        changes={diff.assessment}
        testId="diff-assessment"
        label={(l) => ANSWER[l.title] ?? l.title}
      />
      {diff.controls.removed.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          Removed controls are deleted with their status history (the activity log keeps a full record). To keep a
          control that no longer applies, keep its file with <code>applicable: false</code>.
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={plural(warnings.length, "warning", "warnings")}
          data-testid="import-warnings"
        >
          <List size="sm">
            {warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
