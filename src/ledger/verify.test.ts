import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newId } from "../core/id.ts";
import { keyIdOf } from "../platform/keys.ts";
import { entryHashIso, serializeEntry } from "./hash.ts";
import { signCheckpoint } from "./signature.ts";
import { syntheticChain } from "./synthetic.ts";
import { type ChainRow, verifyChain } from "./verify.ts";

const org = newId();
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const keyId = keyIdOf(publicKey);
const publicKeys = new Map([[keyId, publicKey]]);
const base = [...syntheticChain(org, 30, undefined, { signingKey: privateKey, keyId })];
const copy = () => base.map((r) => ({ ...r }));
/** The database hands rows over in (seq, id) order; so must these tests. */
const sorted = (rows: ChainRow[]) =>
  [...rows].sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const check = (rows: ChainRow[], extra = {}) =>
  verifyChain(sorted(rows), { organizationId: org, publicKeys, ...extra });

describe("verifyChain (pure)", () => {
  it("accepts an intact chain and reports its head", () => {
    expect(check(copy())).toEqual({ ok: true, entries: 30, checkpoints: 0, headSeq: 30, headHash: base[29]!.hash });
  });

  it("names the kind of each tampering", () => {
    const cases: [string, (rows: ChainRow[]) => ChainRow[], number, string][] = [
      ["edited", (r) => r.map((e) => (e.seq === 10 ? { ...e, action: "x" } : e)), 10, "edited"],
      ["deleted", (r) => r.filter((e) => e.seq !== 10), 10, "deleted"],
      ["swapped", (r) => r.map((e) => ({ ...e, seq: e.seq === 10 ? 11 : e.seq === 11 ? 10 : e.seq })), 10, "reordered"],
      ["duplicated", (r) => [...r, { ...r[9]!, id: "ffffffff-ffff-7fff-bfff-ffffffffffff" }], 10, "inserted"],
    ];
    for (const [name, mutate, seq, kind] of cases)
      expect(check(mutate(copy())).firstProblem, name).toMatchObject({ seq, kind });
  });

  it("checks checkpoint signatures and positions", () => {
    const other = generateKeyPairSync("ed25519").privateKey;
    const cp = (seq: number, key = privateKey, hash = base[seq - 1]?.hash ?? "0".repeat(64)) => ({
      id: newId(),
      seq,
      hash,
      keyId,
      signature: signCheckpoint(key, org, seq, hash),
      signedAt: new Date(),
    });
    const opts = (checkpoints: ReturnType<typeof cp>[]) => ({ checkpoints });
    expect(check(copy(), opts([cp(10), cp(30)]))).toMatchObject({ ok: true, checkpoints: 2 });
    expect(check(copy(), opts([cp(10), cp(20, other)])).firstProblem).toMatchObject({ seq: 20, kind: "bad_signature" });
    // A valid signature over another organization's head does not carry over.
    const foreign = { ...cp(5), signature: signCheckpoint(privateKey, newId(), 5, base[4]!.hash) };
    expect(check(copy(), opts([foreign])).firstProblem).toMatchObject({ seq: 5, kind: "bad_signature" });
    expect(check(copy().slice(0, 25), opts([cp(30)])).firstProblem).toMatchObject({ seq: 26, kind: "truncated" });
    expect(check(copy(), opts([cp(12, privateKey, "a".repeat(64))])).firstProblem).toMatchObject({
      seq: 12,
      kind: "checkpoint_mismatch",
    });
    // The earliest problem is the one reported.
    const edited = copy();
    edited[3]!.changes = "{}";
    expect(check(edited, opts([cp(20, other)])).firstProblem).toMatchObject({ seq: 4, kind: "edited" });
  });

  it("detects any change to any field of any entry (property)", () => {
    const fields = [
      "organizationId",
      "seq",
      "id",
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
    ] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: base.length - 1 }),
        fc.constantFrom(...fields),
        fc.oneof(fc.string({ maxLength: 40 }), fc.integer({ min: 1, max: 60 })),
        (index, field, raw) => {
          const rows = copy();
          const target = rows[index]!;
          const value = field === "seq" ? (typeof raw === "number" ? raw : raw.length + 1) : String(raw);
          fc.pre(target[field] !== value);
          (target as unknown as Record<string, unknown>)[field] = value;
          const result = check(rows);
          expect(result.ok).toBe(false);
          if (field !== "seq" && field !== "hash")
            expect(result.firstProblem).toMatchObject({ seq: target.seq, kind: "edited" });
          if (field === "hash") expect(result.firstProblem!.seq).toBe(target.seq);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("explains a rewritten entry even when its own hash was recomputed", () => {
    const rows = copy();
    rows[14]!.actorLabel = "mallory@example.com";
    rows[14]!.hash = entryHashIso(rows[14]!);
    // With the keys, its signature gives it away; with the hash chain alone, the next entry's link does.
    expect(check(rows).firstProblem).toMatchObject({ seq: 15, kind: "forged" });
    const unkeyed = verifyChain(sorted(rows), { organizationId: org });
    expect(unkeyed.firstProblem).toMatchObject({ seq: 15, kind: "edited" });
  });
});

describe("serializeEntry", () => {
  it("is byte-identical to JSON.stringify of the field array, whatever the strings hold", () => {
    fc.assert(
      fc.property(
        fc.record({
          organizationId: fc.uuid(),
          seq: fc.integer({ min: 1, max: 2 ** 40 }),
          id: fc.uuid(),
          at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          actorType: fc.constantFrom("user", "token", "system"),
          actorId: fc.option(fc.uuid()),
          actorLabel: fc.option(fc.string({ unit: "grapheme" })),
          action: fc.string(),
          entityType: fc.string(),
          entityId: fc.option(fc.string()),
          changes: fc.string(),
          requestId: fc.option(fc.string()),
          prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
        }),
        (e) => {
          const expected = `${JSON.stringify([e.organizationId, e.seq, e.id, e.at, e.actorType, e.actorId, e.actorLabel, e.action, e.entityType, e.entityId, e.requestId, e.prevHash])}\n${e.changes}`;
          expect(serializeEntry(e)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
