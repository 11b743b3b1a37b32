import { Alert, Button, Group, List, Select, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";

export interface SourceConnection {
  id: string;
  name: string;
  type: string;
}

const TYPE_LABELS: Record<string, string> = { github: "GitHub", git: "git" };

/**
 * The connection a register syncs from (changes, vulnerabilities): a select of the organization's connections of
 * the kinds that can, or — once loaded and there are none — where to add one.
 */
export function SourceConnectionSelect({
  items,
  value,
  onChange,
  kinds,
}: {
  /** The sources, once loaded (undefined while loading). */
  items: SourceConnection[] | undefined;
  value: string | null;
  onChange: (id: string | null) => void;
  /** What kind of connection it takes, for the empty state: "GitHub or git". */
  kinds: string;
}) {
  if (items && !items.length)
    return (
      <Alert color="yellow" title={`No ${kinds} connection yet`}>
        <Link to="/monitoring/integrations">Add one under Monitoring → Integrations</Link>, then sync it here.
      </Alert>
    );
  return (
    <Select
      label="Connection"
      required
      data={(items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${TYPE_LABELS[s.type] ?? s.type})` }))}
      value={value}
      onChange={onChange}
      allowDeselect={false}
      data-autofocus
    />
  );
}

/** What a sync did: its counts in a sentence, and the notes (warnings, skipped sources) below. */
export function SyncOutcome({ summary, notes, warn }: { summary: ReactNode; notes: ReactNode[]; warn?: boolean }) {
  return (
    <Alert color={warn ? "yellow" : "teal"} title="Synced" role="status">
      <Text size="sm">{summary}</Text>
      {notes.length > 0 && (
        <List size="sm" mt="xs">
          {notes.map((n, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the notes of one answer, never reordered
            <List.Item key={i}>{n}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** Close (Cancel before, Done after a sync) and Sync. */
export function SyncActions({
  done,
  disabled,
  loading,
  onClose,
}: {
  done: boolean;
  disabled: boolean;
  loading: boolean;
  onClose: () => void;
}) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onClose}>
        {done ? "Done" : "Cancel"}
      </Button>
      <Button type="submit" disabled={disabled} loading={loading}>
        Sync
      </Button>
    </Group>
  );
}
