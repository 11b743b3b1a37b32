import { type Action, can, POLICIES } from "../../permissions.ts";
import { useSession } from "../../session.tsx";

export type MonitoringAction = Extract<Action, `monitoring.${string}`>;

/** `can("monitoring.sync")` for the signed-in role; the server still decides and pages handle a 403. */
export function useMonitoringCan() {
  const { role } = useSession();
  return (action: MonitoringAction) => can(role, action);
}

/** Roles that may approve an exception (the approver must also be someone else than the requester). */
export const APPROVER_ROLES = POLICIES["monitoring.approve_exception"].roles;
