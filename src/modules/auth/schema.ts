import { z } from "zod";
import { sessionPayloadSchema } from "./payload.ts";

/** Loose on purpose: sign-in and reset never say whether an address is well-formed or known. */
export const emailInput = z.string().trim().min(1, "Enter your email address.").max(320);
export const passwordInput = z.string().min(1, "Enter your password.").max(1024);
export const codeInput = z
  .string()
  .trim()
  .min(6, "Enter the 6-digit code from your authenticator app or a recovery code.")
  .max(32);
/** Routes that take no input still refuse unexpected fields. */
export const emptyBody = z.strictObject({}).optional();
export const noContent = z.undefined().describe("No content");

export const signInBody = z.strictObject({ email: emailInput, password: passwordInput });
export const mfaBody = z.strictObject({ code: codeInput });
export const switchOrganizationBody = z.strictObject({ organizationId: z.uuid() });
export const passwordResetBody = z.strictObject({ email: emailInput });
/** Off unless asked: scripts and integrations keep working through a sign-out everywhere or a password reset. */
const revokeApiTokens = z
  .boolean()
  .default(false)
  .describe(
    "Also revoke every API token of mine, in every organization I belong to. Default false: they keep working.",
  );
export const signOutEverywhereBody = z.strictObject({ revokeApiTokens }).optional();
export const passwordResetConfirmBody = z.strictObject({
  token: z.string().trim().min(16, "The reset token is incomplete: open the link from the email again.").max(200),
  password: passwordInput,
  revokeApiTokens,
});
/** What a sign-out everywhere or a password reset did to the person's API tokens. */
export const tokensOutcomeResponse = z.object({
  revokedApiTokens: z.number().int().describe("API tokens revoked with it (0 unless revokeApiTokens was true)"),
  detail: z.string(),
});

export const signedInResponse = sessionPayloadSchema.extend({ status: z.literal("signed_in") });
export const signInResponse = z.union([
  z.object({ status: z.literal("mfa_required"), csrfToken: z.string() }),
  signedInResponse,
]);
export const acceptedResponse = z.object({ detail: z.string() });
