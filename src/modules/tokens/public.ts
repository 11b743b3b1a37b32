/** What other modules may use of tokens, besides its events, policy and schema. */
export { type RevokeAllReason, revokePersonsTokens } from "./revoke.ts";
