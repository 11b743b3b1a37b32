import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext } from "react";
import type { Role, Subject } from "../../src/core/roles.ts";
import { api, setCsrfToken } from "./api/client.ts";
import type { SessionInfo } from "./api/models/account.ts";
import { type Action, can } from "./permissions.ts";

export const SESSION_KEY = ["session"] as const;

export async function fetchSession(): Promise<SessionInfo> {
  const s = await api.GET("/api/v1/auth/session", { quiet: true });
  setCsrfToken(s.csrfToken);
  return s;
}

/** The session probe: quiet (no global redirect), so callers decide what a 401 means for them. */
export const useSessionQuery = () =>
  useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: false });

const SessionContext = createContext<SessionInfo | null>(null);

export function SessionProvider({ session, children }: { session: SessionInfo; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The signed-in session; only inside the signed-in part of the app. */
export function useSession(): SessionInfo {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a signed-in page");
  return s;
}

/** The signed-in person as the server's record rules (`rules` in src/modules/<module>/policy.ts) see them. */
export function useSubject(): Subject {
  const s = useSession();
  return { userId: s.user.id, role: (s.role ?? "viewer") as Role };
}

/** `can("members.update")`: whether the current role may do it (from the server's own policy tables). */
export function useCan() {
  const s = useSession();
  return (action: Action) => can(s.role, action);
}
