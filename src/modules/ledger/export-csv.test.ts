import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newId } from "../../core/id.ts";
import { entryHashIso } from "../../ledger/hash.ts";
import {
  EXPORT_CSV_COLUMNS,
  EXPORT_FIELDS,
  exportLine,
  parseLedgerExport,
  verifyExport,
} from "../../ledger/offline.ts";
import { signEntry } from "../../ledger/signature.ts";
import { syntheticChain } from "../../ledger/synthetic.ts";
import type { ChainRow } from "../../ledger/verify.ts";
import { csvLine } from "../../platform/csv.ts";
import { keyIdOf } from "../../platform/keys.ts";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const keys = { signingKey: privateKey, keyId: keyIdOf(publicKey) };
const publicKeys = new Map([[keys.keyId, publicKey]]);

/** A signed chain whose labels and payloads hold what CSV must survive: formulas, quotes, commas, newlines, '. */
function awkwardChain(organizationId: string): ChainRow[] {
  const labels = ["=cmd|' /C calc'!A1", "'quoted", '"comma, and quote"', "line\nbreak", "+1", "plain@example.com"];
  let prevHash = "0".repeat(64);
  return [...syntheticChain(organizationId, labels.length)].map((row, i) => {
    const r = {
      ...row,
      actorLabel: labels[i]!,
      changes: JSON.stringify({ after: { note: labels[i] }, before: null }),
      prevHash,
    };
    r.hash = entryHashIso(r);
    prevHash = r.hash;
    return { ...r, keyId: keys.keyId, signature: signEntry(keys, r.hash) };
  });
}

describe("ledger exports read back for offline verification", () => {
  it("round-trips the CSV export exactly, formula quoting included, and verifies it", () => {
    const org = newId();
    const rows = awkwardChain(org);
    const csv = [csvLine(EXPORT_CSV_COLUMNS), ...rows.map((r) => csvLine(EXPORT_FIELDS.map((f) => r[f])))].join("");
    expect(csv).toContain("'=cmd|");
    expect(csv).toContain("''quoted");
    expect(parseLedgerExport(csv, "export.csv")).toEqual(rows);
    expect(verifyExport(parseLedgerExport(csv, "export.csv"), { publicKeys })).toEqual([
      { organizationId: org, result: expect.objectContaining({ ok: true, entries: rows.length }) },
    ]);
  });

  it("verifies each organization of a JSON Lines file on its own, in chain order whatever the line order", () => {
    const a = awkwardChain(newId());
    const b = awkwardChain(newId());
    const text = [...b, ...a].reverse().map(exportLine).join("");
    const results = verifyExport(parseLedgerExport(text, "export.jsonl"), { publicKeys });
    expect(results.map((r) => r.result.ok)).toEqual([true, true]);
    const tampered = text.replaceAll("plain@example.com", "mallory@example.com");
    const bad = verifyExport(parseLedgerExport(tampered, "export.jsonl"), { publicKeys });
    expect(bad.filter((r) => !r.result.ok)).toHaveLength(2);
    expect(bad[0]!.result.firstProblem).toMatchObject({ seq: 6, kind: "edited" });
  });

  it("names what is wrong with a file that is not an export", () => {
    expect(() => parseLedgerExport("seq,at\n1,2\n", "x.csv")).toThrow(/neither a JSON Lines nor a CSV/);
    expect(() => parseLedgerExport('{"seq":1}\nnot json\n', "x.jsonl")).toThrow(/x.jsonl, line 2: not JSON/);
  });
});
