/**
 * Invitations to join an organization. Payloads carry the address, role and expiry: never the link's secret or its
 * hash. Accepting also emits `member.added` (members).
 */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };
const invitation = (p: Recorded) => ({ entityType: "invitation", entityId: p.id, before: p.before, after: p.after });

export const invitationCreated = defineEvent<Recorded>()("invitation.created", { ledger: invitation });
export const invitationResent = defineEvent<Recorded>()("invitation.resent", { ledger: invitation });
/** Revoked by an admin, or replaced by a new invitation to the same address once expired. */
export const invitationRevoked = defineEvent<Recorded>()("invitation.revoked", { ledger: invitation });
export const invitationAccepted = defineEvent<Recorded>()("invitation.accepted", { ledger: invitation });
