import type { Role, Subject } from "./roles.ts";

/** Who is acting: a signed-in person, a personal API token, or the system itself (jobs, setup). */
export type Actor =
  | {
      kind: "user" | "token";
      userId: string;
      email: string;
      name: string;
      organizationId: string;
      role: Role;
      sessionId?: string;
      tokenId?: string;
      scope?: "read" | "write";
      requestId?: string;
    }
  | { kind: "system"; organizationId: string; requestId?: string; label?: string };

export const systemActor = (organizationId: string, label = "system"): Actor => ({
  kind: "system",
  organizationId,
  label,
});

/**
 * The installation itself (scheduler, operator CLI, a person acting outside any organization): for writes that
 * belong to no organization, always with `change(…, { organizationId: null })`, so nothing reaches a ledger.
 */
export const installationActor = (label = "installation"): Actor => ({ kind: "system", organizationId: "", label });

/** A person acting in an organization, through a session or one of their API tokens. */
export type OrgActor = Extract<Actor, { kind: "user" | "token" }>;

/** The actor as record rules see it (policy.ts `rules`): who, in which role, and whether only reading. */
export const subjectOf = (actor: OrgActor): Subject => ({
  userId: actor.userId,
  role: actor.role,
  readOnly: actor.kind === "token" && actor.scope !== "write",
});
