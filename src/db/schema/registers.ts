import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";

/**
 * A register record (a risk, a vendor, an incident…) linked to a control. By control key, not by program control
 * id: a register outlives a program cycle, and the same risk is treated by RSK-03 in this year's program and next.
 */
export const registerControlLinks = pgTable(
  "register_control_links",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    /** Which register the record is in: "risk", "vendor", "incident"… */
    register: text("register").notNull(),
    recordId: uuid("record_id").notNull(),
    controlKey: text("control_key").notNull(),
    linkedBy: uuid("linked_by").references(() => users.id),
    linkedAt: ts("linked_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("register_control_links_link").on(t.organizationId, t.register, t.recordId, t.controlKey),
    index("register_control_links_control").on(t.organizationId, t.controlKey),
  ],
);

/** A list page's filters saved under a name: the person's own, or shared with the organization. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    /** The list it belongs to: "risks", "vendors", "vulnerabilities"… */
    scope: text("scope").notNull(),
    name: text("name").notNull(),
    /** The list's filters as URL search parameters (never the page). */
    query: jsonb("query").$type<Record<string, string>>().notNull(),
    shared: boolean("shared").notNull().default(false),
    ownerUserId: uuid("owner_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("saved_views_scope").on(t.organizationId, t.scope),
    uniqueIndex("saved_views_name").on(t.organizationId, t.scope, t.ownerUserId, t.name),
  ],
);
