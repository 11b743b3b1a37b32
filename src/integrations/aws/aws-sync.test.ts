import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/context.ts";
import { seedOrg } from "../../../test/seed.ts";
import { newId } from "../../core/id.ts";
import { connections, resources } from "../../db/schema/index.ts";
import { runSync } from "../../modules/monitoring/sync/sync.ts";
import { registerConnector } from "../registry.ts";
import { createAwsConnector } from "./connector.ts";
import { recorded, replayHandler } from "./replay.ts";

/** The AWS connector through the real sync engine: a sync that fails midway loses nothing. */
const DIR = path.join(import.meta.dirname, "fixtures/account");
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SG_PAGE_2 =
  "ec2 us-east-1 DescribeSecurityGroups MaxResults=1000 NextToken=eyJ2IjoiMiIsImMiOiJ1c2VhMXNncGFnZTIifQ==";
const handler = replayHandler(DIR);
registerConnector(createAwsConnector({ requestHandler: handler, now: () => new Date("2026-11-20T00:00:00Z") }));

let ctx: TestContext;
let orgId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  orgId = (await seedOrg(ctx.db)).id;
});
afterAll(async () => {
  await ctx.close();
});

describe("AWS connector through the sync engine", () => {
  it("stores every resource; a later sync failing on a page keeps them all and marks none missing", async () => {
    const id = newId();
    await ctx.db.insert(connections).values({
      id,
      organizationId: orgId,
      type: "aws",
      name: "aws prod",
      config: { regions: ["us-east-1", "eu-west-1"] },
      secretsSealed: ctx.keys.encrypt(JSON.stringify({ accessKeyId: "AKIA2Y4NHJ5EXAMPLEMN", secretAccessKey: SECRET })),
      secretFields: ["accessKeyId", "secretAccessKey"],
    });
    const sync = () => runSync(ctx, orgId, id, { trigger: "manual", retry: { sleep: async () => {}, baseMs: 1 } });
    const first = await sync();
    expect(first).toMatchObject({ status: "succeeded", counts: { resources: 23, new: 23 } });

    handler.always(SG_PAGE_2, recorded(DIR, "ec2-error-InternalError.xml", 500));
    const broken = await sync();
    expect(broken.status).toBe("failed");
    expect(broken.error).toMatch(/ec2:DescribeSecurityGroups us-east-1 \(page 2\): still failing after 6 attempts/);
    expect(broken.error).not.toContain(SECRET);
    const rows = await ctx.db.select().from(resources).where(eq(resources.connectionId, id));
    expect(rows).toHaveLength(23);
    expect(rows.every((r) => r.missingSince === null)).toBe(true);
    const [conn] = await ctx.db.select().from(connections).where(eq(connections.id, id));
    expect(conn).toMatchObject({ lastSyncStatus: "failed", syncLockId: null });
  });
});
