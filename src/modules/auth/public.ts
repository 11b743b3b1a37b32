/** What other modules may use of auth, besides its events, policy and schema. */
export { emitPersonal, personalChange, userActor } from "./actors.ts";
export { setSessionCookie } from "./cookie.ts";
export { checkUnderLockout } from "./lockout.ts";
export { consumeSecondFactor, consumeTotp, newTotpSecret, replaceRecoveryCodes, totpFor, totpStep } from "./mfa.ts";
export { loadSessionPayload, sessionPayloadSchema } from "./payload.ts";
export { createSession, deleteUserSessions, type ResolvedSession, resolveSession, SESSION_COOKIE } from "./sessions.ts";
export { findUserByEmail, findUserById, normalizeEmail } from "./users.ts";
