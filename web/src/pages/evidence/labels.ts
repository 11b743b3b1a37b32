import type { MantineColor } from "@mantine/core";
import { IconFileText, IconLink, IconWriting } from "@tabler/icons-react";
import dayjs from "dayjs";
import type { ComponentType } from "react";
import type { EvidenceKind, EvidenceSource } from "../../api/models/evidence.ts";
import { everyOf } from "../../lib/every-of.ts";

/** Words, icons and colours for evidence, in one place so the library, detail and control pages agree. */

export const EVIDENCE_KINDS = everyOf<EvidenceKind>()(["file", "link", "statement"]);
export const EVIDENCE_SOURCES = everyOf<EvidenceSource>()(["manual", "integration", "agent"]);

export const KIND: Record<EvidenceKind, { label: string; icon: ComponentType<{ size?: number; stroke?: number }> }> = {
  file: { label: "File", icon: IconFileText },
  link: { label: "Link", icon: IconLink },
  statement: { label: "Statement", icon: IconWriting },
};

export const SOURCE: Record<EvidenceSource, { label: string; hint: string }> = {
  manual: { label: "Manual", hint: "Submitted by a person" },
  integration: { label: "Integration", hint: "Collected by a connected system" },
  agent: { label: "Agent", hint: "Collected by the endpoint agent" },
};

export type FreshnessState = "missing" | "current" | "due_soon" | "stale" | "no_clock" | "unlinked" | "superseded";

export const FRESHNESS: Record<FreshnessState, { label: string; color: MantineColor; hint: string }> = {
  missing: { label: "Missing", color: "red", hint: "No evidence has been linked yet." },
  current: { label: "Current", color: "teal", hint: "Recent enough for the controls it supports." },
  due_soon: { label: "Due soon", color: "yellow", hint: "Newer evidence will be needed shortly." },
  stale: { label: "Stale", color: "red", hint: "Too old for every control it supports: collect newer evidence." },
  no_clock: { label: "No expiry", color: "gray", hint: "Its controls operate on an event, so it does not expire." },
  unlinked: { label: "Unlinked", color: "gray", hint: "Link it to a control to count towards its status." },
  superseded: { label: "Corrected", color: "gray", hint: "A newer version replaced this one." },
};

const DAY_FORMAT = "D MMM YYYY";
/** A plain date (YYYY-MM-DD) or a moment, as “3 Mar 2027”. */
export const formatDay = (value: string) => dayjs(value.length === 10 ? `${value}T00:00:00` : value).format(DAY_FORMAT);

/** “1 Jan 2027 – 31 Mar 2027”, an open end as “from …”/“until …”, or null without a period. */
export function formatPeriod(from: string | null, to: string | null): string | null {
  if (from && to) return from === to ? formatDay(from) : `${formatDay(from)} – ${formatDay(to)}`;
  if (from) return `from ${formatDay(from)}`;
  if (to) return `until ${formatDay(to)}`;
  return null;
}

/** 1536 → “1.5 KB”. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** “q1-access_review.pdf” → “Q1 access review”: a readable default title for an uploaded file. */
export function titleFromFileName(name: string): string {
  const base = name
    .replace(/\.[A-Za-z0-9]{1,8}$/, "")
    .replace(/[_-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return base ? base[0]!.toUpperCase() + base.slice(1) : name;
}
