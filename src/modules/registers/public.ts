/** TEMPORARY stub until main's shared registers module lands (merge takes main's version). */
import type { Db } from "../../db/client.ts";
import type { routesFor } from "../../kernel/http/route.ts";
import type { Action } from "../../kernel/policies.ts";
import type { Change } from "../../kernel/types.ts";

export interface ControlLinkDeclaration {
  path: string;
  register: string;
  noun: string;
  read: Action;
  write: Action;
  exists: (db: Db, organizationId: string, id: string) => Promise<boolean>;
}
export function controlLinkRoutes(_route: ReturnType<typeof routesFor>, _db: Db, _d: ControlLinkDeclaration) {}
export async function linkedControlKeys(
  _db: Db,
  _organizationId: string,
  _register: string,
  recordIds: readonly string[],
): Promise<Map<string, string[]>> {
  return new Map(recordIds.map((id) => [id, []]));
}
export async function unlinkRecord(_c: Change, _register: string, _recordId: string) {}
