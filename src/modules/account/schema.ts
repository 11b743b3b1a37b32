import { z } from "zod";
import { codeInput, passwordInput } from "../auth/schema.ts";

export const accountResponse = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  mfaEnabled: z.boolean(),
  mfaEnabledAt: z.iso.datetime().nullable(),
  recoveryCodesRemaining: z.number().int(),
  createdAt: z.iso.datetime(),
});

export const updateAccountBody = z.strictObject({ name: z.string().trim().min(1, "Enter your name.").max(200) });
export const changePasswordBody = z.strictObject({ currentPassword: passwordInput, newPassword: passwordInput });
export const codeBody = z.strictObject({ code: codeInput });
export const disableMfaBody = z.strictObject({ password: passwordInput, code: codeInput });

export const totpEnrollmentResponse = z.object({
  secret: z.string().describe("Base32 secret, for typing into an app that cannot scan the QR code"),
  otpauthUrl: z.string(),
  qrCodeDataUrl: z.string().describe("PNG of the otpauth URL as a data: URL"),
});
export const recoveryCodesResponse = z.object({
  recoveryCodes: z.array(z.string()).describe("Shown once: each code signs in once when the authenticator is lost"),
});
