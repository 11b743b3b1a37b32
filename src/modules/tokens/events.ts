/**
 * Personal API tokens. Payloads carry what the ledger keeps about a token (name, scope, display prefix, owner,
 * expiry): never the secret or its hash.
 */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };
const token = (p: Recorded) => ({ entityType: "api_token", entityId: p.id, before: p.before, after: p.after });

export const tokenCreated = defineEvent<Recorded>()("token.created", { ledger: token });
/** Revoked by its owner or an admin, or because its owner left the organization (members). */
export const tokenRevoked = defineEvent<Recorded>()("token.revoked", { ledger: token });
