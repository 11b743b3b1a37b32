import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import type { PolicyAudience } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { adoptTemplates, createPolicy, decide, publishVersion, submitForReview } from "./commands.ts";
import { versionsOf } from "./store.ts";

/** A member acting in commands (tests): approvals need a person, not the system. */
export const memberActor = (organizationId: string, user: { id: string; email: string; name: string }): Actor => ({
  kind: "user",
  userId: user.id,
  email: user.email,
  name: user.name,
  organizationId,
  role: "owner",
});

/**
 * Test fixture: a template adopted by `owner` (author: the system), and with `publish`, submitted to `approver`,
 * approved and published to the audience, through the commands the API uses.
 */
export async function seedPolicy(
  db: Db,
  organizationId: string,
  owner: { id: string; email: string; name: string },
  opts: {
    templateId?: string | null;
    publish?: { approver: { id: string; email: string; name: string }; audience?: PolicyAudience };
  } = {},
) {
  const templateId = opts.templateId === undefined ? "acceptable-use" : opts.templateId;
  // No template: a policy of the organization's own (as imported), so a test may make any number of them.
  const author = templateId ? memberActor(organizationId, owner) : ({ kind: "system", organizationId } as Actor);
  const [p] = await change(db, author, async (c) =>
    templateId
      ? adoptTemplates(c, { templateIds: [templateId], ownerUserId: owner.id, reviewCadenceMonths: 12 })
      : [
          await createPolicy(c, {
            title: `House rules ${crypto.randomUUID().slice(0, 6)}`,
            body: "# House rules\n\nBe kind.\n",
            ownerUserId: null,
            changeSummary: "Imported.",
          }),
        ],
  );
  const [v] = await versionsOf(db, organizationId, p!.id);
  if (opts.publish) {
    const { approver, audience } = opts.publish;
    const system: Actor = { kind: "system", organizationId };
    await change(db, system, (c) => submitForReview(c, p!.id, v!.id, [approver.id]));
    await change(db, memberActor(organizationId, approver), (c) => decide(c, p!.id, v!.id, "approved", null));
    await change(db, system, (c) => publishVersion(c, p!.id, v!.id, audience ?? {}));
  }
  return { policy: p!, version: v! };
}
