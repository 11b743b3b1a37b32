import type { RemediationStatus } from "./schema.ts";

/**
 * The life of a plan item, as a pure rule:
 *   open → in_progress → done → verified
 *   done | verified → in_progress (reopen, with a reason)
 * Verification (done → verified) has its own endpoint and permission; this rule only answers whether a move is
 * allowed and what it clears or stamps.
 */

export type Transition =
  | { ok: true; reopen: boolean; set: { completedAt?: Date | null; verifiedAt?: Date | null; verifiedBy?: null } }
  | { ok: false; code: "invalid_transition" | "reason_required"; message: string };

const LABEL: Record<RemediationStatus, string> = {
  open: "open",
  in_progress: "in progress",
  done: "done",
  verified: "verified",
};

export function transition(
  ref: string,
  from: RemediationStatus,
  to: "in_progress" | "done",
  note: string | undefined,
  now: Date,
): Transition {
  if (from === to) return { ok: false, code: "invalid_transition", message: `${ref} is already ${LABEL[to]}.` };
  if (to === "in_progress") {
    if (from === "open") return { ok: true, reopen: false, set: {} };
    // done or verified: a reopen needs a reason, and undoes completion (and verification).
    if (!note?.trim())
      return {
        ok: false,
        code: "reason_required",
        message: `Say why ${ref} is reopened: send a note with the reason (e.g. “the fix did not cover staging”).`,
      };
    return {
      ok: true,
      reopen: true,
      set: from === "verified" ? { completedAt: null, verifiedAt: null, verifiedBy: null } : { completedAt: null },
    };
  }
  // to === "done"
  if (from === "in_progress") return { ok: true, reopen: false, set: { completedAt: now } };
  if (from === "open")
    return {
      ok: false,
      code: "invalid_transition",
      message: `${ref} has not been started: move it to in_progress first, then mark it done.`,
    };
  return {
    ok: false,
    code: "invalid_transition",
    message: `${ref} is verified. Reopen it (in_progress, with a reason) if the fix needs more work.`,
  };
}

/** Whether `from` may be verified now; null when it may. */
export function verifyProblem(ref: string, from: RemediationStatus): string | null {
  if (from === "done") return null;
  if (from === "verified") return `${ref} is already verified.`;
  return `${ref} is ${LABEL[from]}: mark it done before verifying it.`;
}
