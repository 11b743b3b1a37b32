/**
 * Repetitive system entries of one run — the batches of one sync, the notices of one job run — shown as one row
 * that opens to its entries. Groups are formed within one page of the list, newest first: consecutive system
 * entries of the same actor and action (and the same sync), written within a few minutes of each other.
 */
import { actorName, count, type DescribableEntry, kindLabel, type Names, recordKey, recordLabel } from "./describe.ts";

export interface EntryGroup {
  /** Stable within the page: the newest entry's seq. */
  id: string;
  size: number;
  /** "12 resource changes from the sync of GitHub (acme)" (the web app adds the time). */
  summary: string;
}

/** Entries further apart than this start a new group, even of the same job. */
const GAP_MS = 10 * 60_000;

type Grouped = DescribableEntry & { seq: number };

function groupKey(e: Grouped): string | null {
  if (e.actorType !== "system") return null;
  const run = e.entityType === "connection_sync" ? (e.entityId ?? "") : "";
  return `${e.actorLabel ?? ""}\u0000${e.action}\u0000${run}`;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const after = (e: DescribableEntry) => (e.changes.after ?? {}) as Record<string, Record<string, unknown> | undefined>;

function summary(members: readonly Grouped[], names: Names): string {
  const first = members[0]!;
  if (first.action === "monitoring.results_recorded") {
    const sum = (k: string) => members.reduce((n, e) => n + num(after(e).resources?.[k]), 0);
    const changed = sum("new") + sum("changed") + sum("reappeared");
    const closed = members.reduce((n, e) => n + num(after(e).intervals?.closed), 0);
    const opened = members.reduce(
      (n, e) =>
        n +
        Object.values((after(e).intervals?.opened ?? {}) as Record<string, unknown>).reduce<number>(
          (m, v) => m + num(v),
          0,
        ),
      0,
    );
    const connection =
      (first.entityId && names.records.get(recordKey("connection_sync", first.entityId))) ||
      recordLabel(first, names) ||
      actorName(first, names).replace(/^Sync of /, "");
    const results = opened + closed ? ` and ${count(opened + closed, "test result change")}` : "";
    return `${count(changed, "resource change")}${results} from the sync of ${connection}`;
  }
  return `${count(members.length, "entry", "entries")} from ${actorName(first, names)}: ${kindLabel(first.action)}`;
}

/** For each entry, the group it belongs to (null: shown on its own). */
export function groupEntries(entries: readonly Grouped[], names: Names): (EntryGroup | null)[] {
  const out: (EntryGroup | null)[] = entries.map(() => null);
  let i = 0;
  while (i < entries.length) {
    const key = groupKey(entries[i]!);
    let j = i + 1;
    while (
      key &&
      j < entries.length &&
      groupKey(entries[j]!) === key &&
      entries[j - 1]!.at.getTime() - entries[j]!.at.getTime() <= GAP_MS
    )
      j++;
    if (j - i > 1) {
      const members = entries.slice(i, j);
      const group = { id: String(entries[i]!.seq), size: members.length, summary: summary(members, names) };
      for (let k = i; k < j; k++) out[k] = group;
    }
    i = j;
  }
  return out;
}
