import { z } from "zod";
import { ROLES } from "../../core/roles.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

const orgName = z.string().trim().min(1, "Give the organization a name.").max(200);

export const createOrganizationBody = z.strictObject({ name: orgName });
export const updateOrganizationBody = z.strictObject({ name: orgName });
export const listOrganizationsQuery = z.strictObject({ ...pageQuery });

export const organizationSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  role: z.enum(ROLES),
  /** The organization this session or token is working in. */
  current: z.boolean(),
});
export const organizationList = pageOf(organizationSummary);

export const logoInfo = z
  .object({
    contentType: z.enum(["image/png", "image/jpeg"]),
    size: z.number().int().meta({ description: "Bytes" }),
    sha256: z.string(),
    width: z.number().int().meta({ description: "Pixels" }),
    height: z.number().int().meta({ description: "Pixels" }),
    updatedAt: z.date(),
  })
  .meta({ id: "OrganizationLogo" });

export const organizationProfile = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  /** The logo on PDF reports, if one was uploaded (its bytes: GET /organization/logo). */
  logo: logoInfo.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const SESSION_IDLE_MINUTES = { min: 5, max: 1440 } as const;
export const SESSION_ABSOLUTE_HOURS = { min: 1, max: 720 } as const;

export const securitySettings = z.object({
  requireMfa: z.boolean(),
  sessionIdleMinutes: z.number().int(),
  sessionAbsoluteHours: z.number().int(),
});
export const updateSecurityBody = z
  .strictObject({
    requireMfa: z.boolean().optional(),
    sessionIdleMinutes: z.number().int().min(SESSION_IDLE_MINUTES.min).max(SESSION_IDLE_MINUTES.max).optional(),
    sessionAbsoluteHours: z.number().int().min(SESSION_ABSOLUTE_HOURS.min).max(SESSION_ABSOLUTE_HOURS.max).optional(),
  })
  .refine(
    (b) => Object.keys(b).length > 0,
    "Send at least one of requireMfa, sessionIdleMinutes, sessionAbsoluteHours.",
  );

export type SecuritySettings = z.infer<typeof securitySettings>;
export type SecurityChange = z.infer<typeof updateSecurityBody>;
