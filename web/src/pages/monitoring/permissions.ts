import { policy } from "../../../../src/modules/monitoring/policy.ts";
import { useSession } from "../../session.tsx";

/** The monitoring actions, read from the server's own policy table so the two can never disagree. */
export type MonitoringAction = keyof typeof policy;

export function mayDo(role: string | null | undefined, action: MonitoringAction): boolean {
  return !!role && (policy[action].roles as readonly string[]).includes(role);
}

/** `can("monitoring.sync")` for the signed-in role; the server still decides and pages handle a 403. */
export function useMonitoringCan() {
  const { role } = useSession();
  return (action: MonitoringAction) => mayDo(role, action);
}

/** Roles that may approve an exception (the approver must also be someone else than the requester). */
export const APPROVER_ROLES = policy["monitoring.approve_exception"].roles;
