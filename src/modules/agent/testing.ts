import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { agentEnrollmentTokens, devices } from "../../db/schema/index.ts";
import { LINUX_AGENT } from "../../integrations/linux-agent/connector.ts";
import { randomToken, sha256Hex } from "../../platform/tokens.ts";
import { seedConnection } from "../monitoring/testing.ts";
import { displayPrefix } from "./enrollment.ts";
import { DEVICE_TOKEN_PREFIX, ENROLLMENT_TOKEN_PREFIX } from "./schema.ts";

/** A Linux agent connection inserted directly. */
export const seedAgentConnection = (db: Db, organizationId: string, userId: string | null) =>
  seedConnection(db, organizationId, userId, { type: LINUX_AGENT, name: `Linux ${newId().slice(-6)}`, config: {} });

/** An enrollment token inserted directly, with its secret. */
export async function seedEnrollmentToken(
  db: Db,
  organizationId: string,
  connectionId: string,
  over: Partial<typeof agentEnrollmentTokens.$inferInsert> = {},
) {
  const token = randomToken(ENROLLMENT_TOKEN_PREFIX);
  const [row] = await db
    .insert(agentEnrollmentTokens)
    .values({
      id: newId(),
      organizationId,
      connectionId,
      name: "Laptops",
      tokenHash: sha256Hex(token),
      tokenPrefix: displayPrefix(token),
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      ...over,
    })
    .returning();
  return { ...row!, token };
}

/** An enrolled device inserted directly (no report yet), with its token. */
export async function seedDevice(
  db: Db,
  organizationId: string,
  connectionId: string,
  over: Partial<typeof devices.$inferInsert> = {},
) {
  const token = randomToken(DEVICE_TOKEN_PREFIX);
  const [row] = await db
    .insert(devices)
    .values({
      id: newId(),
      organizationId,
      connectionId,
      hostname: `host-${newId().slice(-6)}`,
      machineId: newId().replace(/-/g, ""),
      tokenHash: sha256Hex(token),
      tokenPrefix: displayPrefix(token),
      ...over,
    })
    .returning();
  return { ...row!, token };
}
