import { z } from "zod";
import { ROLES } from "../../core/roles.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;

export const listTokensQuery = z.strictObject({
  /** true: every member's tokens (tokens.manage_all). */
  all: z.enum(["true", "false"]).optional(),
  ...pageQuery,
});

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1, "Name the token after where it is used, e.g. “CI pipeline”.").max(100),
  scope: z.enum(["read", "write"]).default("read"),
  /** Days until it stops working; default 90 (or, for a token made by a token, no later than that token). */
  expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).optional(),
});
export type CreateToken = z.infer<typeof createTokenBody>;

export const apiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the secret, to recognize it; the secret itself is never shown again. */
  prefix: z.string(),
  scope: z.enum(["read", "write"]),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
});
export type ApiToken = z.infer<typeof apiToken>;
export const apiTokenList = pageOf(apiToken);
export const createdToken = apiToken.extend({
  /** Shown once: store it now. Send it as `Authorization: Bearer <secret>`. */
  secret: z.string(),
});

export const currentToken = z.object({
  token: apiToken,
  organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
  role: z.enum(ROLES),
});
