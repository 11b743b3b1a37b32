/**
 * A person's changes to their own account, recorded in the ledger of the organization their session works in (none
 * when it works in no organization: see `personalChange` in ../auth/actors.ts). No secret ever enters a payload:
 * passwords, TOTP secrets and recovery codes stay out of them.
 */
import { defineEvent } from "../../kernel/events.ts";

const user = (p: { userId: string }) => ({ entityType: "user", entityId: p.userId });

export const accountUpdated = defineEvent<{ userId: string; before: { name: string }; after: { name: string } }>()(
  "user.updated",
  { ledger: (p) => ({ ...user(p), before: p.before, after: p.after }) },
);
export const passwordChanged = defineEvent<{ userId: string }>()("user.password_changed", { ledger: user });
export const mfaEnabled = defineEvent<{ userId: string; method: "totp" }>()("user.mfa_enabled", {
  ledger: (p) => ({ ...user(p), after: { method: p.method } }),
});
export const recoveryCodesRegenerated = defineEvent<{ userId: string }>()("user.mfa_recovery_codes_regenerated", {
  ledger: user,
});
export const mfaDisabled = defineEvent<{ userId: string }>()("user.mfa_disabled", { ledger: user });
