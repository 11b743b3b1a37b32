import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { organizations } from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";
import { type Current, loadCurrent } from "./model.ts";

/**
 * Pieces shared by the OSCAL exports (docs/oscal.md): deterministic UUIDs, property and text helpers that keep
 * values inside the OSCAL data types, metadata, and the program data both documents are built from.
 */

export const OSCAL_VERSION = "1.2.1";
/** Namespace of Assay's own properties and facets (OSCAL props outside the NIST namespace carry one). */
export const NS = "https://assay.dev/ns/oscal";
/** NIST's namespace: the standard facet names (likelihood, impact) live there. */
export const NIST_NS = "http://csrc.nist.gov/ns/oscal";

/**
 * A fixed namespace for Assay's name-based UUIDs. It was derived once (v5 of the project's first property namespace
 * in the URL namespace) and is kept as a literal so that every UUID stays the same when the namespace URI changes.
 */
const ASSAY_NAMESPACE = "e38a911e-8bec-5ff4-8354-63febd9942a1";

/** RFC 4122 version 5 (SHA-1, name-based) UUID: the same name always gives the same UUID. */
export function uuidV5(name: string, namespace: string = ASSAY_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** UUIDs of one program's entities: stable across exports, different for every organization and program. */
export const uuidFor = (organizationId: string, programId: string) => (entity: string) =>
  uuidV5(`${organizationId}/${programId}/${entity}`);

/** One line, no surrounding blanks (OSCAL's string type); `fallback` when nothing is left. */
export const oneLine = (s: string | null | undefined, fallback = "") =>
  (s ?? "").replace(/\s+/g, " ").trim() || fallback;

/** Multi-line text (markup-multiline) with a fallback for empty text. */
export const prose = (s: string | null | undefined, fallback: string) =>
  (s ?? "").replace(/\r\n?/g, "\n").trim() || fallback;

export interface Prop {
  name: string;
  value: string;
  ns?: string;
  class?: string;
}

/** An Assay property; undefined for an empty value (OSCAL values may not be empty). */
export const prop = (name: string, value: string | number | boolean | null | undefined): Prop | undefined => {
  const v = oneLine(value === null || value === undefined ? "" : String(value));
  return v ? { name, value: v, ns: NS } : undefined;
};

/** An OSCAL array: never empty (OSCAL arrays have at least one item), undefined entries dropped. */
export function some<T>(items: readonly (T | undefined)[]): T[] | undefined {
  const kept = items.filter((x): x is T => x !== undefined);
  return kept.length ? kept : undefined;
}

/** "compliance_manager" → "Compliance manager". */
export const roleTitle = (role: string) => {
  const s = role.replace(/_/g, " ");
  return s[0]!.toUpperCase() + s.slice(1);
};

export const fileStem = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || "program";

/** The data of one program the OSCAL documents need, or 404. */
export async function loadOscalSource(db: Db, organizationId: string, programId: string) {
  const current = await loadCurrent(db, organizationId, programId);
  if (!current) throw notFound("The program");
  const [org] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return { current, organizationName: org?.name ?? "Organization", uuid: uuidFor(organizationId, programId) };
}
export type OscalSource = Awaited<ReturnType<typeof loadOscalSource>>;

/** The newest change to the program's data: the documents' last-modified, so that re-exports are identical. */
export function lastModified(c: Current): string {
  const times = [
    c.row.updatedAt,
    ...c.controls.map((x) => x.updatedAt),
    ...c.items.map((x) => x.updatedAt),
    ...c.answers.map((x) => x.answeredAt),
  ];
  return new Date(Math.max(...times.map((t) => t.getTime()))).toISOString();
}

/** Version of a document: a digest of its content, so it changes exactly when the content does. */
export const contentVersion = (body: unknown) =>
  `assay-${createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 12)}`;

/** Metadata with the organization as a party, and the given roles and people. */
export function metadata(
  src: OscalSource,
  title: string,
  body: unknown,
  extra: { roles?: { id: string; title: string }[]; parties?: Record<string, unknown>[]; props?: (Prop | undefined)[] },
) {
  return {
    title,
    "last-modified": lastModified(src.current),
    version: contentVersion(body),
    "oscal-version": OSCAL_VERSION,
    props: some([prop("program-id", src.current.row.id), ...(extra.props ?? [])]),
    roles: some(extra.roles ?? []),
    parties: [
      {
        uuid: src.uuid("party/organization"),
        type: "organization",
        name: oneLine(src.organizationName, "Organization"),
      },
      ...(extra.parties ?? []),
    ],
  };
}

/** Our remediation status → OSCAL risk status. */
export const RISK_STATUS: Record<string, string> = {
  open: "open",
  in_progress: "remediating",
  done: "remediating",
  verified: "closed",
};

/** Our control status → OSCAL implementation-status state. */
export const IMPLEMENTATION_STATE: Record<string, string> = {
  operating: "implemented",
  implemented: "implemented",
  in_progress: "partial",
  needs_attention: "partial",
  not_started: "planned",
  not_applicable: "not-applicable",
};
