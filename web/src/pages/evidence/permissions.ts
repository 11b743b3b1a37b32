import { policy } from "../../../../src/modules/evidence/policy.ts";
import { useSession } from "../../session.tsx";

/**
 * Who may do what with evidence, read from the evidence module's own policy table (plain data, no I/O) so the web
 * app cannot drift from the server. Used only to hide what a role cannot do; the server still decides.
 */
export type EvidenceAction = keyof typeof policy;

export function useEvidenceCan() {
  const { role, user } = useSession();
  const can = (action: EvidenceAction) => !!role && (policy[action].roles as readonly string[]).includes(role);
  return {
    can,
    /** Corrections: the person who submitted it, or anyone who manages evidence. */
    canCorrect: (e: { collectedBy: { id: string } | null }) =>
      can("evidence.upload") && (e.collectedBy?.id === user.id || can("evidence.manage")),
  };
}
