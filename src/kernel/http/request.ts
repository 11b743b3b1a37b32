import type { FastifyRequest } from "fastify";
import type { Actor, OrgActor } from "../../core/actor.ts";
import type { ResolvedSession } from "../../core/session.ts";
import { unauthorized } from "../../platform/errors.ts";
import type { Action } from "../policies.ts";

/**
 * Every /api route declares `config.access`; a route without one fails at startup (default deny).
 * - public: anyone (setup, sign-in, password reset, invitation lookup, health).
 * - signedIn: a person with a session; `stage: "mfa"` routes accept a session still waiting for its second factor;
 *   `tokens: true` also lets API tokens in.
 * - action: a member of the current organization whose role (and token scope) allows the action.
 * `mfaEnrollment: true` keeps a route open to someone whose organization requires MFA they have not set up yet.
 */
export type Access =
  | { public: true }
  | { signedIn: true; stage?: "mfa"; tokens?: boolean; mfaEnrollment?: boolean }
  | { action: Action; mfaEnrollment?: boolean };

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session: ResolvedSession | null;
    actor: Actor | null;
  }
}

/** A route's `config` for an action check: `config: requires("programs.read")` (the action name is type-checked). */
export const requires = (action: Action, options: { mfaEnrollment?: boolean } = {}) => ({
  access: { action, ...options } satisfies Access,
});

/** The actor of a request that passed an `action` or `signedIn` check. */
export function actorOf(req: FastifyRequest): OrgActor {
  const a = req.actor;
  if (!a || a.kind === "system") throw unauthorized();
  return a;
}

/** The session of a request that passed a `signedIn` check. */
export function sessionOf(req: FastifyRequest): ResolvedSession {
  if (!req.session) throw unauthorized();
  return req.session;
}
