/**
 * Which controls a change may have moved: the signals subscriber refreshes exactly these. No program means every
 * program of the organization; no keys means every control of the program(s).
 */
export interface ControlScope {
  programId?: string;
  keys?: readonly string[];
}

/**
 * Fewest refreshes covering all the scopes: one per program with the union of its keys, or a single
 * organization-wide one when any scope names no program (it then covers the keys of every scope, or all controls).
 */
export function mergeControlScopes(scopes: readonly ControlScope[]): ControlScope[] {
  const union = (list: readonly ControlScope[]) =>
    list.some((s) => !s.keys) ? undefined : [...new Set(list.flatMap((s) => s.keys ?? []))].sort();
  if (scopes.some((s) => !s.programId)) {
    const keys = union(scopes);
    return [keys ? { keys } : {}];
  }
  const byProgram = Map.groupBy(scopes, (s) => s.programId!);
  return [...byProgram].map(([programId, list]) => {
    const keys = union(list);
    return keys ? { programId, keys } : { programId };
  });
}
