import { ConnectorError } from "../types.ts";

/**
 * The provider refused one call on one object (a user the credentials may not read): the collection goes on
 * without it and the sync ends partial, instead of failing.
 */
export class ForbiddenError extends ConnectorError {}

/**
 * Removes secret values from a message before it leaves the connector (errors, guidance, warnings). The SDKs
 * build their own messages; none is known to include a credential, but a message is cheap to scrub.
 */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 8) out = out.split(s).join("[redacted]");
  return out
    .replace(/\b(SSWS|Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g, "$1 [redacted]")
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, "[redacted key]");
}
