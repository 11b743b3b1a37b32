import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { revokePersonsTokens } from "../tokens/public.ts";
import { emitPersonal, inEveryMembership, type Person, personalChange } from "./actors.ts";
import { signedOutEverywhere } from "./events.ts";
import { deleteUserSessions } from "./sessions.ts";

/**
 * Ends every session of the person and, when asked, revokes every API token they hold (each in its organization's
 * ledger); the sign-out is recorded in the organization the session works in. Returns how many tokens were revoked.
 */
export function signOutEverywhere(
  db: Db,
  actor: Actor | null,
  person: Person,
  opts: { revokeApiTokens: boolean; requestId?: string },
): Promise<number> {
  return personalChange(db, actor, async (c) => {
    const revoked = opts.revokeApiTokens
      ? await inEveryMembership(c, person, (inOrg) => revokePersonsTokens(inOrg, person.id, "signed_out_everywhere"), {
          requestId: opts.requestId,
        })
      : [];
    await deleteUserSessions(c.tx, person.id);
    await emitPersonal(c, signedOutEverywhere, { userId: person.id });
    return revoked.reduce((a, b) => a + b, 0);
  });
}

/** The answer's `detail`: what happened to the person's API tokens, and how to choose otherwise. */
export function tokensOutcome(done: string, revokeApiTokens: boolean, revoked: number) {
  const tokens = revokeApiTokens
    ? `${revoked} API token${revoked === 1 ? " was" : "s were"} revoked as well, in every organization.`
    : "Your API tokens keep working (send revokeApiTokens: true to revoke them too, or revoke them under API tokens).";
  return { revokedApiTokens: revoked, detail: `${done} ${tokens}` };
}
