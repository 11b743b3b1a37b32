import { z } from "zod";

export const setupBody = z.strictObject({
  organizationName: z.string().trim().min(1, "Name the organization.").max(200),
  name: z.string().trim().min(1, "Enter your name.").max(200),
  email: z.email("Enter a valid email address.").trim().max(320),
  password: z.string().min(1, "Choose a password.").max(1024),
});
export type SetupInput = z.infer<typeof setupBody>;

export const setupStatusResponse = z.object({ needsSetup: z.boolean() });
