import type { Sync } from "../../../api/models/monitoring.ts";

const n = (v: number) => v.toLocaleString();
const plural = (v: number, one: string, many = `${one}s`) => `${n(v)} ${v === 1 ? one : many}`;

/** "24 resources (24 new) · 9 result changes · 3 failing" — what a sync saw and what it changed. */
export function syncSummary({ counts: c }: Pick<Sync, "counts">): string {
  const seen = [
    c.new ? `${n(c.new)} new` : null,
    c.changed ? `${n(c.changed)} changed` : null,
    c.missing ? `${n(c.missing)} missing` : null,
    c.reappeared ? `${n(c.reappeared)} back` : null,
  ].filter(Boolean);
  const parts = [
    `${plural(c.resources ?? 0, "resource")}${seen.length ? ` (${seen.join(", ")})` : ""}`,
    plural(c.opened ?? 0, "result change"),
  ];
  if (c.failing !== undefined) parts.push(`${n(c.failing)} failing`);
  return parts.join(" · ");
}
