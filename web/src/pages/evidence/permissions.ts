import { type Action, can as roleCan } from "../../permissions.ts";
import { useSession } from "../../session.tsx";

/** Who may do what with evidence (the server's policy table, through web/src/permissions.ts); the server decides. */
export type EvidenceAction = Extract<Action, `evidence.${string}`>;

export function useEvidenceCan() {
  const { role, user } = useSession();
  const can = (action: EvidenceAction) => roleCan(role, action);
  return {
    can,
    /** Corrections: the person who submitted it, or anyone who manages evidence. */
    canCorrect: (e: { collectedBy: { id: string } | null }) =>
      can("evidence.upload") && (e.collectedBy?.id === user.id || can("evidence.manage")),
  };
}
