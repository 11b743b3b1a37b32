/** Shapes of the API answers the web app uses (see docs/api.md and the zod schemas in src/modules/*). */

import { ROLE_LABELS, ROLES, type Role } from "../../src/core/roles.ts";

export { ROLE_LABELS, ROLES, type Role };

export const roleOptions = (roles: readonly Role[] = ROLES) => roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Membership {
  organizationId: string;
  name: string;
  slug: string;
  role: Role;
}

/** GET /auth/session (src/modules/auth/payload.ts). */
export interface SessionInfo {
  user: { id: string; email: string; name: string; mfaEnabled: boolean };
  organization: { id: string; name: string; slug: string } | null;
  role: Role | null;
  memberships: Membership[];
  csrfToken: string;
  /** The current organization requires MFA and this person has not set it up. */
  mfaEnrollmentRequired: boolean;
  expiresAt: string;
}

export type SignInResult = { status: "mfa_required"; csrfToken: string } | ({ status: "signed_in" } & SessionInfo);

export interface OrganizationSummary {
  id: string;
  name: string;
  slug: string;
  role: Role;
  current: boolean;
}

export interface OrganizationProfile {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
  updatedAt: string;
}

export interface Account {
  id: string;
  email: string;
  name: string;
  mfaEnabled: boolean;
  mfaEnabledAt: string | null;
  recoveryCodesRemaining: number;
  createdAt: string;
}

export interface SecuritySettings {
  requireMfa: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

export interface Member {
  /** The membership id (PATCH/DELETE /members/:id). */
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  mfaEnabled: boolean;
  joinedAt: string;
  lastSignInAt: string | null;
}

/** Pending (until expiresAt) or expired; accepted and revoked ones are not listed. */
export interface Invitation {
  id: string;
  email: string;
  role: Role;
  status: "pending" | "expired";
  expiresAt: string;
  createdAt: string;
  invitedBy: { id: string; name: string; email: string } | null;
}

export interface InvitationLookup {
  organizationName: string;
  email: string;
  role: Role;
  accountExists: boolean;
  expiresAt: string;
}

/** GET /tokens items (src/modules/tokens/schema.ts). */
export interface ApiToken {
  id: string;
  name: string;
  /** The first characters of the secret, to recognise it. */
  prefix: string;
  scope: "read" | "write";
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  revokedAt: string | null;
  user: { id: string; name: string; email: string };
}

export interface CreatedToken extends ApiToken {
  secret: string;
}

/** GET /ledger items (src/modules/ledger/schema.ts). */
export interface LedgerEntry {
  seq: number;
  at: string;
  actorType: "user" | "token" | "system" | string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: { before?: unknown; after?: unknown };
  requestId: string | null;
  hash: string;
}

export interface LedgerFacets {
  actions: string[];
  entityTypes: string[];
  actors: { actorType: string; actorId: string | null; actorLabel: string | null }[];
}

export type LedgerProblemKind =
  | "edited"
  | "deleted"
  | "inserted"
  | "reordered"
  | "truncated"
  | "bad_signature"
  | "checkpoint_mismatch";

export interface LedgerVerification {
  ok: boolean;
  entries: number;
  checkpoints: number;
  headSeq: number;
  headHash: string;
  firstProblem?: { seq: number; kind: LedgerProblemKind; detail: string };
  verifiedAt: string;
}

export interface PublicKey {
  keyId: string;
  algorithm: "Ed25519";
  publicKeyPem: string;
}

export type JobStatus = "queued" | "running" | "succeeded" | "failed";
export const JOB_STATUSES: JobStatus[] = ["queued", "running", "succeeded", "failed"];

/** GET /jobs items (src/modules/jobs/schema.ts). */
export interface Job {
  id: string;
  name: string;
  /** installation: maintenance shared by every organization. */
  scope: "organization" | "installation";
  organizationId: string | null;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: number | null;
  progressMessage: string | null;
  lastError: string | null;
  createdAt: string;
}

export interface MfaEnrollment {
  secret: string;
  otpauthUrl: string;
  qrCodeDataUrl: string;
}
