import { FINISHED_STEP_STATUSES, type RemediationStatus, type StepStatus } from "./schema.ts";

/**
 * The life of a plan item, as a pure rule:
 *   open → in_progress → done → verified
 *   done | verified → in_progress (reopen, with a reason)
 * Verification (done → verified) has its own endpoint and permission; this rule only answers whether a move is
 * allowed and what it clears or stamps.
 */

export type Transition =
  | {
      ok: true;
      reopen: boolean;
      set: {
        completedAt?: Date | null;
        verifiedAt?: Date | null;
        verifiedBy?: null;
        doneNote?: string;
        verificationNote?: string;
      };
    }
  | { ok: false; code: "invalid_transition" | "reason_required" | "note_required"; message: string };

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
      set:
        from === "verified"
          ? { completedAt: null, verifiedAt: null, verifiedBy: null, doneNote: "", verificationNote: "" }
          : { completedAt: null, doneNote: "" },
    };
  }
  // to === "done": the note says what was done (the verifier and the auditor read it).
  if (from === "in_progress") {
    if (!note?.trim())
      return {
        ok: false,
        code: "note_required",
        message: `Say what was done to fix ${ref}: send a note (e.g. “MFA enforced for every console user in the identity provider”).`,
      };
    return { ok: true, reopen: false, set: { completedAt: now, doneNote: note.trim() } };
  }
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

/** What an item's plan needs before it can be marked done. */
export interface DoneReadiness {
  rootCause: string;
  action: string;
  monitoring: string;
  steps: readonly { title: string; status: string }[];
}

/**
 * What is missing before an item may be marked done (empty: nothing). The corrective action is either an action
 * text or at least one step: small fixes need no step list, larger ones are broken into steps. Every step must be
 * done or explicitly skipped.
 */
export function doneProblems(item: DoneReadiness): string[] {
  const problems: string[] = [];
  if (!item.rootCause.trim()) problems.push("the root cause (why the gap exists)");
  if (!item.action.trim() && !item.steps.length)
    problems.push("the corrective action (an action text or at least one step)");
  if (!item.monitoring.trim()) problems.push("how the fix will be monitored afterwards");
  const open = item.steps.filter((s) => !FINISHED_STEP_STATUSES.includes(s.status as StepStatus));
  if (open.length)
    problems.push(
      `${open.length === 1 ? "step" : "steps"} ${open.map((s) => `“${s.title}”`).join(", ")} to be done or skipped`,
    );
  return problems;
}
