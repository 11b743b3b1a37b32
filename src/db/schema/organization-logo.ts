import { sql } from "drizzle-orm";
import { check, customType, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./identity.ts";

/** Raw bytes (PostgreSQL bytea) as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** An organization's logo (PNG or JPEG, at most 512 KB): shown in settings and on PDF reports. One per organization. */
export const organizationLogos = pgTable(
  "organization_logos",
  {
    organizationId: uuid("organization_id")
      .primaryKey()
      .references(() => organizations.id),
    contentType: text("content_type").notNull(),
    bytes: bytea("bytes").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("organization_logos_content_type_check", sql`${t.contentType} IN ('image/png', 'image/jpeg')`),
    check("organization_logos_size_check", sql`${t.size} > 0 AND ${t.size} <= 524288`),
  ],
);
