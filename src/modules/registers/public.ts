// STUB until the lead's "registers: shared" commit lands on main: same signatures, no behaviour. Take main's side.
import type { Db } from "../../db/client.ts";
import type { Change } from "../../kernel/change.ts";
import type { Action } from "../../kernel/policies.ts";

export function controlLinkRoutes(
  _route: unknown,
  _db: Db,
  _o: {
    path: string;
    register: string;
    noun: string;
    read: Action;
    write: Action;
    exists: (db: Db, organizationId: string, id: string) => Promise<boolean>;
  },
): void {}
export async function linkedControlKeys(
  _db: Db,
  _organizationId: string,
  _register: string,
  _ids: readonly string[],
): Promise<Map<string, string[]>> {
  return new Map();
}
export async function unlinkRecord(_c: Change, _register: string, _recordId: string): Promise<void> {}
