/**
 * "Sync the directory from a connection": the user accounts a Google Workspace or Okta connection collected
 * (monitoring resources of type `user`) added to or updated in the people directory. A suspended, archived or
 * deprovisioned account makes its person `left` (with the end date when the provider says when); people entered by
 * hand are never overwritten. Preview first, then apply, like the HR CSV.
 */
import { and, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { connections, people, resources } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { createPerson, type PersonRow, updatePerson } from "./commands.ts";

/** Connector type → the person source it writes. */
export const IDENTITY_SOURCES = { google: "google_workspace", okta: "okta" } as const;
type IdentityType = keyof typeof IDENTITY_SOURCES;
const isIdentity = (t: string): t is IdentityType => t in IDENTITY_SOURCES;

export interface DirectoryAccount {
  email: string;
  fullName: string;
  offboarded: boolean;
  /** The plain date the account was deprovisioned, when the provider tells (Okta's status change). */
  endDate: string | null;
}

/** A user resource's attributes as a directory account; null when it has no usable email. */
export function accountOf(type: IdentityType, name: string, a: Record<string, unknown>): DirectoryAccount | null {
  const s = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  const email = (s(a.email) ?? s(a.primary_email) ?? s(a.login))?.toLowerCase();
  if (!email?.includes("@")) return null;
  const fullName =
    s(a.full_name) ?? ([s(a.first_name), s(a.last_name)].filter(Boolean).join(" ") || name.replace(/\s*<.*>$/, ""));
  const offboarded = a.offboarded === true;
  const changed = type === "okta" ? s(a.status_changed) : null;
  return {
    email,
    fullName: fullName || email,
    offboarded,
    endDate: offboarded && changed ? changed.slice(0, 10) : null,
  };
}

export interface SyncRow {
  email: string;
  fullName: string;
  action: "create" | "update" | "unchanged" | "skip";
  /** What changes, or why it is skipped. */
  messages: string[];
}

/** The identity connections a directory can be synced from. */
export async function identityConnections(db: Db, organizationId: string) {
  const rows = await db
    .select({
      id: connections.id,
      name: connections.name,
      type: connections.type,
      lastSuccessAt: connections.lastSuccessAt,
    })
    .from(connections)
    .where(
      and(eq(connections.organizationId, organizationId), inArray(connections.type, Object.keys(IDENTITY_SOURCES))),
    );
  const counts = rows.length
    ? await db
        .select({ connectionId: resources.connectionId, n: count() })
        .from(resources)
        .where(
          and(
            eq(resources.organizationId, organizationId),
            inArray(
              resources.connectionId,
              rows.map((r) => r.id),
            ),
            eq(resources.type, "user"),
            isNull(resources.missingSince),
          ),
        )
        .groupBy(resources.connectionId)
    : [];
  return rows.map((r) => ({ ...r, users: counts.find((c) => c.connectionId === r.id)?.n ?? 0 }));
}

async function plan(db: Db, organizationId: string, connectionId: string) {
  const [conn] = await db
    .select({ id: connections.id, name: connections.name, type: connections.type })
    .from(connections)
    .where(and(eq(connections.organizationId, organizationId), eq(connections.id, connectionId)));
  if (!conn) throw notFound("The connection");
  if (!isIdentity(conn.type))
    throw badRequest(
      "not_an_identity_connection",
      `${conn.name} is not a Google Workspace or Okta connection: only those list the people of the organization.`,
    );
  const users = await db
    .select({ name: resources.name, attributes: resources.attributes })
    .from(resources)
    .where(
      and(
        eq(resources.organizationId, organizationId),
        eq(resources.connectionId, conn.id),
        eq(resources.type, "user"),
        isNull(resources.missingSince),
      ),
    );
  const accounts = users.flatMap((u) => accountOf(conn.type as IdentityType, u.name, u.attributes) ?? []);
  const existing = new Map(
    (accounts.length
      ? await db
          .select()
          .from(people)
          .where(
            and(
              eq(people.organizationId, organizationId),
              inArray(
                sql`lower(${people.email})`,
                accounts.map((a) => a.email),
              ),
            ),
          )
      : []
    ).map((p) => [p.email.toLowerCase(), p]),
  );
  const planned = accounts
    .sort((a, b) => a.fullName.localeCompare(b.fullName))
    .map((a) => ({ account: a, person: existing.get(a.email) ?? null, ...decide(a, existing.get(a.email) ?? null) }));
  const counts = { create: 0, update: 0, unchanged: 0, skip: 0 };
  for (const p of planned) counts[p.action]++;
  return {
    connection: { id: conn.id, name: conn.name, type: conn.type },
    source: IDENTITY_SOURCES[conn.type],
    planned,
    counts,
  };
}

function decide(
  a: DirectoryAccount,
  p: PersonRow | null,
): { action: SyncRow["action"]; messages: string[]; patch?: Partial<PersonRow> } {
  if (!p)
    return a.offboarded
      ? { action: "skip", messages: ["The account is suspended and the person is not in the directory: not added."] }
      : { action: "create", messages: [] };
  if (p.source === "manual")
    return { action: "skip", messages: [`${p.fullName} was entered by hand, so the sync leaves them as they are.`] };
  const patch: Partial<PersonRow> = {};
  if (a.fullName !== p.fullName) patch.fullName = a.fullName;
  if (a.offboarded && p.status !== "left") {
    patch.status = "left";
    if (a.endDate && !p.endDate && (!p.startDate || a.endDate >= p.startDate)) patch.endDate = a.endDate;
  }
  const messages = [
    patch.fullName ? `Name becomes ${patch.fullName}.` : "",
    patch.status ? `The account is suspended: status becomes left${patch.endDate ? ` on ${patch.endDate}` : ""}.` : "",
  ].filter(Boolean);
  return Object.keys(patch).length ? { action: "update", messages, patch } : { action: "unchanged", messages: [] };
}

const previewOf = (p: Awaited<ReturnType<typeof plan>>) => ({
  connection: p.connection,
  counts: p.counts,
  rows: p.planned.map((r) => ({
    email: r.account.email,
    fullName: r.account.fullName,
    action: r.action,
    messages: r.messages,
  })),
});

export const previewDirectorySync = async (db: Db, organizationId: string, connectionId: string) =>
  previewOf(await plan(db, organizationId, connectionId));

/** Applies the sync in this change: people added or updated, one ledger event each. */
export async function applyDirectorySync(c: Change, connectionId: string) {
  const p = await plan(c.tx, c.organizationId!, connectionId);
  for (const r of p.planned) {
    if (r.action === "create")
      await createPerson(
        c,
        {
          email: r.account.email,
          fullName: r.account.fullName,
          kind: "employee",
          status: "active",
          title: null,
          department: null,
          managerId: null,
          startDate: null,
          endDate: null,
        },
        p.source,
      );
    else if (r.action === "update") await updatePerson(c, r.person!.id, r.patch!);
  }
  return previewOf(p);
}
