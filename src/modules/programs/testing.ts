import { eq } from "drizzle-orm";
import type { OrgActor } from "../../core/actor.ts";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/index.ts";
import { createControlsService } from "./controls.ts";
import type { CreateControl, CreateProgram } from "./schema.ts";
import { createProgramsService } from "./service.ts";

/** The member `userId` as an actor of the organization (tests only). */
export async function seedActor(
  db: Db,
  organizationId: string,
  userId: string,
  role: Role = "owner",
): Promise<OrgActor> {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  return { kind: "user", userId, email: u!.email, name: u!.name, organizationId, role };
}

/** A program created through the service (tests only). */
export async function seedProgram(db: Db, organizationId: string, userId: string, input: Partial<CreateProgram> = {}) {
  return createProgramsService({ db }).create(await seedActor(db, organizationId, userId), {
    name: "SOC 2 Type II 2027",
    reportType: "type2",
    windowStart: "2027-01-01",
    windowEnd: "2027-06-30",
    adoptLibrary: true,
    ...input,
  });
}

/** A custom control added through the service (tests only). */
export async function seedControl(
  db: Db,
  organizationId: string,
  userId: string,
  programId: string,
  input: Partial<CreateControl> = {},
) {
  return createControlsService({ db }).create(await seedActor(db, organizationId, userId), programId, {
    name: "Custom control",
    description: "A control written for a test",
    ownerRole: "control_owner",
    ownerUserId: null,
    frequency: "annually",
    natureType: "preventive",
    natureMode: "manual",
    evidence: [],
    guidance: "",
    policies: [],
    criteria: ["CC1.1"],
    narrative: "",
    ...input,
  });
}
