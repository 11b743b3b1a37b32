import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";
import { notifications } from "./program.ts";

/**
 * Alerts (docs/alerts.md): monitoring events become in-app notifications; each person chooses per kind whether
 * they also get an email right away, only the daily digest, or nothing; webhooks (Slack-compatible) receive the
 * kinds they subscribe to. Email and webhook sends go through an outbox so a slow or dead receiver never holds a
 * transaction, and a failed send is retried and visible.
 */

/** One person's choice for one kind of alert in one organization (no row: the kind's default). */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    organizationId: orgRef().references(() => organizations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** test.failing, evidence.stale, exception.expiring, sync.failed, remediation.overdue, … */
    kind: text("kind").notNull(),
    inApp: boolean("in_app").notNull(),
    /** immediate | digest | off */
    email: text("email").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId, t.kind] })],
);

/** A Slack-compatible incoming webhook of an organization. Its URL is a secret: sealed, never returned. */
export const alertWebhooks = pgTable(
  "alert_webhooks",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    name: text("name").notNull(),
    urlSealed: text("url_sealed").notNull(),
    /** The host of the URL, shown to people instead of the URL. */
    urlHost: text("url_host").notNull(),
    /** The alert kinds it receives. */
    kinds: jsonb("kinds").$type<string[]>().notNull(),
    enabled: boolean("enabled").notNull().default(true),
    lastDeliveryAt: ts("last_delivery_at"),
    lastError: text("last_error"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    deletedAt: ts("deleted_at"),
  },
  (t) => [index("alert_webhooks_org").on(t.organizationId)],
);

/** The outbox: one email or webhook message to send, written in the transaction of the event it reports. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    /** email | webhook | digest */
    channel: text("channel").notNull(),
    userId: uuid("user_id").references(() => users.id),
    webhookId: uuid("webhook_id").references(() => alertWebhooks.id),
    notificationId: uuid("notification_id").references(() => notifications.id),
    kind: text("kind").notNull(),
    /** What to send, rendered when the event happened (subject, text, link, …). */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** pending | sent | failed (failed: gave up after the last attempt) */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: ts("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("alert_deliveries_due").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index("alert_deliveries_org").on(t.organizationId, t.createdAt),
  ],
);

/** When each person last received their daily digest for an organization (a digest covers what came since). */
export const alertDigests = pgTable(
  "alert_digests",
  {
    organizationId: orgRef().references(() => organizations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    lastSentAt: ts("last_sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);

/**
 * Deadline reminders already sent about someone's work (docs/notifications.md): one per person, kind
 * (remediation.due_soon | remediation.overdue), record (a remediation item or step) and due date, so a reminder is
 * sent once however often the job runs, and again if the due date moves.
 */
export const workReminders = pgTable(
  "work_reminders",
  {
    organizationId: orgRef().references(() => organizations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    /** The remediation item's or step's id. */
    subjectId: uuid("subject_id").notNull(),
    dueDate: date("due_date").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId, t.kind, t.subjectId, t.dueDate] })],
);
