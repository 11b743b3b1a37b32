import { z } from "zod";
import { AppError } from "../../platform/errors.ts";

/**
 * Zod pieces every module shares: id params, pagination (docs/api.md "Lists") and the problem+json body (route.ts adds
 * the error responses that apply to each route).
 */

export const idParams = z.strictObject({ id: z.uuid("Use the id (a UUID) shown in the list.") });

/** Spread into a route's strictObject query: `z.strictObject({ q: ..., ...pageQuery })`. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};
export interface Page {
  page: number;
  pageSize: number;
}
export const pageOffset = (p: Page) => (p.page - 1) * p.pageSize;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** RFC 9457 body as src/server/errors.ts sends it; loose so extra members (errors, problems) pass through. */
export const problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
});

/**
 * Validates what a handler reads itself (multipart fields, a JSON body next to a multipart one) and fails the way the
 * server's own validation does: 400 validation_failed with `errors` by path.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where = "body"): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join("."),
    message: i.message,
  }));
  throw new AppError(400, "validation_failed", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
}
