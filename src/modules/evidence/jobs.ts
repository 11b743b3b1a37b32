import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { EVIDENCE_FRESHNESS_JOB, remindStaleEvidence } from "./reminders.ts";
import { sweepEvidenceStore } from "./sweep.ts";

export const EVIDENCE_SWEEP_JOB = "evidence.sweep";

export const jobs: JobDefinition[] = [
  { name: EVIDENCE_FRESHNESS_JOB, run: (ctx) => remindStaleEvidence(ctx) },
  /** Removes what a crash left in the evidence store: abandoned temporary objects and blobs no row points to. */
  { name: EVIDENCE_SWEEP_JOB, run: (ctx) => sweepEvidenceStore(ctx) },
];

export const schedules: ScheduleDefinition[] = [
  // Hourly: reminders go out early on the day they are due.
  { name: EVIDENCE_FRESHNESS_JOB, intervalSeconds: 3600 },
  { name: EVIDENCE_SWEEP_JOB, intervalSeconds: 6 * 3600 },
];
