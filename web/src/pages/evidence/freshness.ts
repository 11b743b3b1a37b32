import { FRESHNESS_RULES } from "../../../../src/core/freshness.ts";
import type { Evidence, EvidenceControlLink } from "../../api/models/evidence.ts";
import type { FreshnessState } from "./labels.ts";

const DAY_MS = 86_400_000;
type Clocked = "current" | "due_soon" | "stale";
const RANK: Record<Clocked, number> = { current: 0, due_soon: 1, stale: 2 };

/**
 * How fresh a piece of evidence is for one control. Reminder windows come from the shared rule in
 * src/core/freshness.ts, so “due soon” here means what the reminder job means.
 */
export function linkFreshness(c: EvidenceControlLink, now = Date.now()): Clocked | "no_clock" {
  if (!c.staleAt) return "no_clock";
  const staleAt = Date.parse(c.staleAt);
  const remind = (FRESHNESS_RULES[c.frequency]?.remindDays ?? 0) * DAY_MS;
  return now >= staleAt ? "stale" : remind > 0 && now >= staleAt - remind ? "due_soon" : "current";
}

/**
 * How fresh a piece of evidence is across the controls it supports: as fresh as it is for its best control (the
 * server calls it stale only when it is stale for all of them).
 */
export function pieceFreshness(e: Evidence, now = Date.now()): { state: FreshnessState; staleAt: string | null } {
  if (!e.current) return { state: "superseded", staleAt: null };
  if (e.controls.length === 0) return { state: "unlinked", staleAt: null };
  const states = e.controls.map((c) => linkFreshness(c, now));
  if (states.includes("no_clock"))
    return { state: states.every((s) => s === "no_clock") ? "no_clock" : "current", staleAt: null };
  const best = (states as Clocked[]).reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
  return { state: best, staleAt: e.staleAt };
}
