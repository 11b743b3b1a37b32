/**
 * Events of signing in and out and of password resets. A person's change belongs to no organization: it is recorded
 * in the organization the session works in (sign-in, sign-out everywhere) or in each one the person belongs to
 * (password reset, see actors.ts).
 */
import { defineEvent } from "../../kernel/events.ts";

export const signedIn = defineEvent<{ userId: string; method: string }>()("auth.signed_in", {
  ledger: (p) => ({ entityType: "user", entityId: p.userId, after: { method: p.method } }),
});

export const signedOutEverywhere = defineEvent<{ userId: string }>()("auth.signed_out_everywhere", {
  ledger: (p) => ({ entityType: "user", entityId: p.userId }),
});

export const passwordReset = defineEvent<{ userId: string }>()("user.password_reset", {
  ledger: (p) => ({ entityType: "user", entityId: p.userId, after: { via: "email link" } }),
});
