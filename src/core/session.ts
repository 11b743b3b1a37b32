import type { Role } from "./roles.ts";

export type SessionStage = "mfa" | "active";

/** A signed-in session as the access check resolved it. */
export interface ResolvedSession {
  id: string;
  stage: SessionStage;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  user: { id: string; email: string; name: string; mfaEnabled: boolean };
  organizationId: string | null;
  role: Role | null;
  orgRequiresMfa: boolean;
}
