import { z } from "zod";
import { ROLES } from "../../core/roles.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export const INVITATION_DAYS = 7;

export const listInvitationsQuery = z.strictObject({ ...pageQuery });

export const createInvitationBody = z.strictObject({
  email: z.email("Enter an email address like name@example.com.").max(320),
  role: z.enum(ROLES),
});

export const invitation = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(ROLES),
  /** pending until expiresAt, then expired (resend to renew). Accepted and revoked ones are not listed. */
  status: z.enum(["pending", "expired"]),
  expiresAt: z.date(),
  createdAt: z.date(),
  invitedBy: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
});
export type Invitation = z.infer<typeof invitation>;
export const invitationList = pageOf(invitation);

/** The secret from the emailed link. Anything that is not a known token answers 400 invalid_invitation. */
const secret = z.string().min(1).max(512);
export const lookupParams = z.strictObject({ token: secret });
export const invitationLookup = z.object({
  organizationName: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  /** True: sign in with that account, then accept. False: accept with a name and a password. */
  accountExists: z.boolean(),
  expiresAt: z.date(),
});

export const acceptBody = z.strictObject({
  token: secret,
  name: z.string().trim().min(1, "Enter your name.").max(200).optional(),
  password: z.string().max(256).optional(),
});
export type AcceptInput = z.infer<typeof acceptBody>;
export const acceptResult = z.object({ status: z.literal("signed_in"), organizationId: z.uuid() });
