/** Shapes of the remediation plan and notifications APIs (src/modules/remediation, src/modules/notifications). */
import type { Person } from "./types.ts";

export const REMEDIATION_STATUSES = ["open", "in_progress", "done", "verified"] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];
export const PRIORITIES = ["critical", "high", "medium", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];
export type RemediationSource = "manual" | "self_assessment" | "gap";

export interface RemediationItem {
  id: string;
  programId: string;
  ref: string;
  title: string;
  gap: string;
  rootCause: string;
  likelihood: number;
  impact: number;
  riskScore: number;
  priority: Priority;
  action: string;
  owner: Person | null;
  dueDate: string | null;
  overdue: boolean;
  monitoring: string;
  status: RemediationStatus;
  source: RemediationSource;
  criteria: string[];
  controls: string[];
  evidence: string[];
  completedAt: string | null;
  verifiedAt: string | null;
  verifiedBy: Person | null;
  createdBy: Person | null;
  createdAt: string;
  updatedAt: string;
}

export interface RemediationHistoryEntry {
  seq: number;
  at: string;
  actorType: string;
  actorLabel: string | null;
  action: string;
  changes: { before?: unknown; after?: unknown };
}

export interface RemediationItemDetail extends RemediationItem {
  history: RemediationHistoryEntry[];
}

/** The writable fields of an item (POST and PATCH bodies). */
export interface RemediationInput {
  title: string;
  gap: string;
  rootCause: string;
  likelihood: number;
  impact: number;
  action: string;
  ownerUserId: string | null;
  dueDate: string | null;
  monitoring: string;
  criteria: string[];
  controls: string[];
  evidence: string[];
  source?: RemediationSource;
}

export interface BurndownPoint {
  day: string;
  open: number;
  created: number;
}

export interface RemediationSummary {
  total: number;
  byStatus: Record<RemediationStatus, number>;
  byPriority: Record<Priority, number>;
  openByPriority: Record<Priority, number>;
  overdue: number;
  unassigned: number;
  burndown: BurndownPoint[];
}

// ------------------------------------------------------------------ notifications

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}
