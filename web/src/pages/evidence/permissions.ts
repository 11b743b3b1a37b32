import { rules } from "../../../../src/modules/evidence/policy.ts";
import { type Action, can as roleCan } from "../../permissions.ts";
import { useSession, useSubject } from "../../session.tsx";

/** Who may do what with evidence (the server's policy table, through web/src/permissions.ts); the server decides. */
export type EvidenceAction = Extract<Action, `evidence.${string}`>;

export function useEvidenceCan() {
  const { role } = useSession();
  const subject = useSubject();
  const can = (action: EvidenceAction) => roleCan(role, action);
  return {
    can,
    /** The whole library; without it (employees), the evidence they submitted themselves (server: the same rule). */
    readsAll: rules.readsAllEvidence(subject),
    /** Corrections: the server's record rule (who submitted it, or anyone who manages evidence). */
    canCorrect: (e: { collectedBy: { id: string } | null }) =>
      rules.correctsEvidence(subject, { collectedBy: e.collectedBy?.id ?? null }),
  };
}
