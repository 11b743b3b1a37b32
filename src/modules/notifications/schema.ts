import { z } from "zod";
import { pageQuery } from "../../kernel/http/schemas.ts";

export const listNotificationsQuery = z.strictObject({
  /** true: only unread ones. */
  unread: z.enum(["true", "false"]).optional(),
  ...pageQuery,
});
export type NotificationFilter = z.infer<typeof listNotificationsQuery>;

export const notification = z.object({
  id: z.uuid(),
  kind: z.string().describe("What happened, e.g. remediation.assigned, remediation.overdue"),
  title: z.string(),
  body: z.string(),
  /** A path in the web app, e.g. /programs/…/remediation/… */
  link: z.string().nullable(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});
export type Notification = z.infer<typeof notification>;

export const notificationList = z.object({
  items: z.array(notification),
  total: z.number().int(),
  /** Unread notifications in this organization, whatever the filter (for the bell badge). */
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const emptyBody = z.strictObject({}).optional();
export const readAllResult = z.object({ updated: z.number().int() });
