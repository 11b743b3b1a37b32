import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";
import { connections, resources } from "./monitoring.ts";
import { people } from "./people.ts";

/** The operating systems the agent collects from. */
export const DEVICE_PLATFORMS = ["linux", "macos", "windows"] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];

/**
 * The Linux endpoint agent (docs/agent.md): an admin creates an enrollment token on an agent connection, a
 * machine exchanges it once for its own device token, then reports its posture with that token. Tokens are kept
 * only as SHA-256 hashes.
 */

/** A token that lets machines enroll into one agent connection, until it expires, is used up or is revoked. */
export const agentEnrollmentTokens = pgTable(
  "agent_enrollment_tokens",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id),
    /** A label people recognise ("Engineering laptops"). */
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, shown so people can tell tokens apart. */
    tokenPrefix: text("token_prefix").notNull(),
    /** How many more machines may enroll with it (null: no limit until it expires). */
    usesLeft: integer("uses_left"),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
    createdBy: uuid("created_by").references(() => users.id),
    /** A personal token (from the employee's own "My devices" page): the machine it enrolls is this person's. */
    personId: uuid("person_id").references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("agent_enrollment_tokens_hash").on(t.tokenHash),
    index("agent_enrollment_tokens_org").on(t.organizationId, t.connectionId),
  ],
);

/** An enrolled machine. Its posture is a `device` resource of the agent connection; this row holds its token. */
export const devices = pgTable(
  "devices",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id),
    enrollmentTokenId: uuid("enrollment_token_id").references(() => agentEnrollmentTokens.id),
    hostname: text("hostname").notNull(),
    /** The machine's /etc/machine-id (or equivalent): re-enrolling the same machine replaces its device row. */
    machineId: text("machine_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    tokenPrefix: text("token_prefix").notNull(),
    resourceId: uuid("resource_id").references(() => resources.id),
    /** The person who uses the machine, when known (an email from enrollment or set by an admin). */
    ownerEmail: text("owner_email"),
    /** The person the machine belongs to: from a personal enrollment token, or assigned by an admin. */
    personId: uuid("person_id").references(() => people.id),
    platform: text("platform", { enum: DEVICE_PLATFORMS }).notNull().default("linux"),
    agentVersion: text("agent_version"),
    enrolledAt: createdAt(),
    lastReportAt: ts("last_report_at"),
    revokedAt: ts("revoked_at"),
    revokedBy: uuid("revoked_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("devices_token_hash").on(t.tokenHash),
    uniqueIndex("devices_machine").on(t.connectionId, t.machineId).where(sql`revoked_at IS NULL`),
    index("devices_org").on(t.organizationId),
    index("devices_org_person").on(t.organizationId, t.personId),
  ],
);
