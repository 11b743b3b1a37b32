import { z } from "zod";
import { ROLES } from "../../core/roles.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export const listMembersQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  role: z.enum(ROLES).optional(),
  ...pageQuery,
});
export type MemberFilter = z.infer<typeof listMembersQuery>;

export const updateMemberBody = z.strictObject({ role: z.enum(ROLES) });

export const member = z.object({
  /** The membership id (what PATCH/DELETE /members/:id take). */
  id: z.uuid(),
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  mfaEnabled: z.boolean(),
  joinedAt: z.date(),
  lastSignInAt: z.date().nullable(),
});
export type Member = z.infer<typeof member>;
export const memberList = pageOf(member);
