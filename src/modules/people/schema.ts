import { z } from "zod";
import { TEXT_LIMITS, tooLongMessage } from "../../core/text-limits.ts";
import { EMPLOYMENT_STATUSES, PERSON_KINDS, PERSON_SOURCES } from "../../db/schema/people.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export { EMPLOYMENT_STATUSES, PERSON_KINDS, PERSON_SOURCES };
export type PersonKind = (typeof PERSON_KINDS)[number];
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

const name = (what: string) =>
  z.string().trim().min(1, `Enter ${what}.`).max(TEXT_LIMITS.name, tooLongMessage(TEXT_LIMITS.name));
const optionalName = z
  .string()
  .trim()
  .max(TEXT_LIMITS.name, tooLongMessage(TEXT_LIMITS.name))
  .nullable()
  .optional()
  .transform((v) => v || null);
const plainDate = z.iso
  .date("Use a date like 2027-01-31.")
  .nullable()
  .optional()
  .transform((v) => v ?? null);

/** A person as people enter them (by hand or one row of an import). */
export const personInput = z.strictObject({
  email: z
    .email("Enter the person's work email address.")
    .max(254)
    .transform((v) => v.toLowerCase()),
  fullName: name("the person's name"),
  kind: z.enum(PERSON_KINDS).default("employee"),
  status: z.enum(EMPLOYMENT_STATUSES).default("active"),
  title: optionalName,
  department: optionalName,
  /** The manager's id in the directory. */
  managerId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  startDate: plainDate,
  endDate: plainDate,
});
export type PersonInput = z.output<typeof personInput>;

export const personPatch = personInput.partial();
export type PersonPatch = z.output<typeof personPatch>;

export const person = z.object({
  id: z.uuid(),
  email: z.string(),
  fullName: z.string(),
  kind: z.enum(PERSON_KINDS),
  status: z.enum(EMPLOYMENT_STATUSES),
  title: z.string().nullable(),
  department: z.string().nullable(),
  managerId: z.uuid().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  source: z.enum(PERSON_SOURCES),
  /** The member account linked to this person (matched on email), if they sign in to Assay. */
  userId: z.uuid().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Person = z.infer<typeof person>;
export const personList = pageOf(person);

export const listPeopleQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.enum(EMPLOYMENT_STATUSES).optional(),
  kind: z.enum(PERSON_KINDS).optional(),
  department: z.string().max(TEXT_LIMITS.name).optional(),
  ...pageQuery,
});
export type PeopleFilter = z.infer<typeof listPeopleQuery>;
