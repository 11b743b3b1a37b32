/**
 * Offline verification: the chain as `GET /ledger/export.jsonl` (or the CSV export) delivered it, checked with
 * public keys and external heads only — no database, no secret. docs/ledger.md specifies the format.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { keyIdOf } from "../platform/keys.ts";
import type { PublicKeyring } from "./signature.ts";
import { type ChainRow, ChainVerifier, type ExternalHead, type VerifyResult } from "./verify.ts";

/**
 * The export's fields, in the order the CSV export writes them (snake_case there): what people read first, then
 * what only verification needs.
 */
export const EXPORT_FIELDS = [
  "seq",
  "at",
  "actorType",
  "actorId",
  "actorLabel",
  "action",
  "entityType",
  "entityId",
  "changes",
  "requestId",
  "prevHash",
  "hash",
  "organizationId",
  "id",
  "keyId",
  "signature",
] as const satisfies readonly (keyof ChainRow)[];

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const EXPORT_CSV_COLUMNS = EXPORT_FIELDS.map(snake);

/** One entry as a JSON Lines record: exactly the hashed values (`changes` is the canonical JSON text). */
export const exportLine = (row: ChainRow) =>
  `${JSON.stringify(Object.fromEntries(EXPORT_FIELDS.map((f) => [f, row[f]])))}\n`;

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF). */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

/** The export quotes a cell starting with ' or a formula character with a leading ': take it off again. */
const unquoteCell = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

function rowFromCsv(header: readonly string[], cells: readonly string[], where: string): ChainRow {
  const get = (column: string) => {
    const i = header.indexOf(column);
    if (i < 0)
      throw new Error(`${where}: the CSV has no ${column} column — export it again from this version of Assay`);
    return unquoteCell(cells[i] ?? "");
  };
  const nullable = (column: string) => get(column) || null;
  return {
    organizationId: get("organization_id"),
    seq: Number(get("seq")),
    id: get("id"),
    at: get("at"),
    actorType: get("actor_type"),
    actorId: nullable("actor_id"),
    actorLabel: nullable("actor_label"),
    action: get("action"),
    entityType: get("entity_type"),
    entityId: nullable("entity_id"),
    changes: get("changes"),
    requestId: nullable("request_id"),
    prevHash: get("prev_hash"),
    hash: get("hash"),
    keyId: nullable("key_id"),
    signature: nullable("signature"),
  };
}

/** Entries from a JSON Lines or CSV export (told apart by the first character); `source` names the file in errors. */
export function parseLedgerExport(text: string, source: string): ChainRow[] {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trimStart().startsWith("{"))
    return body.split(/\r?\n/).flatMap((line, i) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line) as ChainRow];
      } catch {
        throw new Error(`${source}, line ${i + 1}: not JSON (expected one ledger entry per line)`);
      }
    });
  const [header, ...records] = csvRecords(body);
  if (!header?.includes("hash")) throw new Error(`${source}: neither a JSON Lines nor a CSV ledger export`);
  return records.filter((r) => r.some((c) => c !== "")).map((r, i) => rowFromCsv(header, r, `${source}, row ${i + 2}`));
}

/** Public keys from PEM texts (public or private; a private key contributes its public half), by key id. */
export function publicKeyring(pems: readonly string[]): PublicKeyring {
  const keys = new Map<string, KeyObject>();
  for (const pem of pems) {
    const key = createPublicKey(pem);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

/** Verifies every organization's chain found in an export; heads from outside apply to their organization. */
export function verifyExport(
  rows: readonly ChainRow[],
  opts: { publicKeys: PublicKeyring; external?: (organizationId: string) => readonly ExternalHead[] },
): { organizationId: string; result: VerifyResult }[] {
  const byOrg = new Map<string, ChainRow[]>();
  for (const row of rows) {
    const chain = byOrg.get(row.organizationId);
    if (chain) chain.push(row);
    else byOrg.set(row.organizationId, [row]);
  }
  return [...byOrg].map(([organizationId, chain]) => {
    chain.sort((a, b) => a.seq - b.seq || a.id.localeCompare(b.id));
    const v = new ChainVerifier({
      organizationId,
      publicKeys: opts.publicKeys,
      external: opts.external?.(organizationId),
    });
    for (const row of chain) if (!v.push(row)) break;
    return { organizationId, result: v.finish() };
  });
}
