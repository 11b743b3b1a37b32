import { createContext, type ReactNode, useContext } from "react";
import { useMatch } from "react-router";
import type { Program } from "../api/models/program.ts";
import { useSession } from "../session.tsx";
import { usePrograms } from "./queries.ts";

const ProgramContext = createContext<Program | null>(null);

export function ProgramProvider({ program, children }: { program: Program; children: ReactNode }) {
  return <ProgramContext.Provider value={program}>{children}</ProgramContext.Provider>;
}

/** The program of the page (inside /programs/:programId). */
export function useProgram(): Program {
  const p = useContext(ProgramContext);
  if (!p) throw new Error("useProgram outside a program page");
  return p;
}

const storageKey = (organizationId: string) => `assay.program.${organizationId}`;

export function rememberProgram(organizationId: string, programId: string) {
  try {
    localStorage.setItem(storageKey(organizationId), programId);
  } catch {
    // private mode: nothing to remember
  }
}

function remembered(organizationId: string): string | null {
  try {
    return localStorage.getItem(storageKey(organizationId));
  } catch {
    return null;
  }
}

/**
 * The program the navigation points at: the one in the URL, else the last one opened in this organization, else
 * the first. Undefined while loading or when the organization has no program yet.
 */
export function useCurrentProgramId(): { programId: string | undefined; programs: Program[]; loading: boolean } {
  const { organization } = useSession();
  const match = useMatch("/programs/:programId/*");
  const programs = usePrograms();
  const items = programs.data?.items ?? [];
  const fromUrl = match?.params.programId;
  const last = organization ? remembered(organization.id) : null;
  const programId =
    (fromUrl && items.some((p) => p.id === fromUrl) ? fromUrl : undefined) ??
    items.find((p) => p.id === last)?.id ??
    items[0]?.id ??
    fromUrl;
  return { programId, programs: items, loading: programs.isPending && programs.fetchStatus !== "idle" };
}
