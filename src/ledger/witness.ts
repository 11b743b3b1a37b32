import fs from "node:fs";
import path from "node:path";
import type { ExternalHead } from "./verify.ts";

/**
 * The portable form of a signed checkpoint: what `assay ledger checkpoints export` prints (one per line), what the
 * witness sinks receive, and what `assay ledger verify --checkpoints` reads back. docs/ledger.md specifies it.
 */
export interface CheckpointRecord {
  type: "assay.ledger.checkpoint";
  version: 1;
  organizationId: string;
  seq: number;
  hash: string;
  keyId: string;
  signature: string;
  signedAt: string;
}

export const checkpointRecord = (cp: {
  organizationId: string;
  seq: number;
  hash: string;
  keyId: string;
  signature: string;
  signedAt: Date;
}): CheckpointRecord => ({
  type: "assay.ledger.checkpoint",
  version: 1,
  organizationId: cp.organizationId,
  seq: cp.seq,
  hash: cp.hash,
  keyId: cp.keyId,
  signature: cp.signature,
  signedAt: cp.signedAt.toISOString(),
});

/** Where a witness keeps a checkpoint: one object per (organization, seq), so pushing twice is harmless. */
export const checkpointObjectKey = (r: Pick<CheckpointRecord, "organizationId" | "seq">) =>
  `${r.organizationId}/${String(r.seq).padStart(12, "0")}.json`;

const HEX64 = /^[0-9a-f]{64}$/;

function isRecord(v: unknown): v is CheckpointRecord {
  const r = v as Partial<CheckpointRecord> | null;
  return (
    !!r &&
    r.type === "assay.ledger.checkpoint" &&
    r.version === 1 &&
    typeof r.organizationId === "string" &&
    Number.isSafeInteger(r.seq) &&
    typeof r.hash === "string" &&
    HEX64.test(r.hash) &&
    typeof r.keyId === "string" &&
    typeof r.signature === "string" &&
    typeof r.signedAt === "string"
  );
}

/** Checkpoint records from JSON Lines, a JSON array or a single JSON object; `source` names the file in errors. */
export function parseCheckpointRecords(text: string, source: string): CheckpointRecord[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  let values: unknown[];
  if (trimmed.startsWith("[")) values = JSON.parse(trimmed) as unknown[];
  else
    values = trimmed.split(/\r?\n/).flatMap((line, i) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line)];
      } catch {
        throw new Error(`${source}, line ${i + 1}: not JSON (expected one checkpoint record per line)`);
      }
    });
  return values.map((v, i) => {
    if (!isRecord(v))
      throw new Error(
        `${source}, record ${i + 1}: not an Assay checkpoint record (type "assay.ledger.checkpoint", version 1, organizationId, seq, hash, keyId, signature, signedAt)`,
      );
    return v;
  });
}

/** Every checkpoint record in a file, or in the *.json / *.jsonl files under a folder (a witness folder). */
export function readCheckpointRecords(fileOrFolder: string): CheckpointRecord[] {
  const stat = fs.statSync(fileOrFolder);
  if (!stat.isDirectory()) return parseCheckpointRecords(fs.readFileSync(fileOrFolder, "utf8"), fileOrFolder);
  return fs
    .readdirSync(fileOrFolder, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json") || f.endsWith(".jsonl"))
    .sort()
    .flatMap((f) => readCheckpointRecords(path.join(fileOrFolder, f)));
}

/** The records of one organization as heads the verifier compares the chain with. */
export const externalHeads = (records: readonly CheckpointRecord[], organizationId: string, source: string) =>
  records
    .filter((r) => r.organizationId === organizationId)
    .map((r): ExternalHead => ({ ...r, source: `the witness checkpoint from ${source}` }));

/** `--expect <seq>:<hash>`: a head someone wrote down, trusted as given. */
export function parseExpectedHead(value: string): ExternalHead {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(value.trim());
  if (!m) throw new Error(`--expect ${value}: write it as <seq>:<hash>, e.g. 42:${"ab".repeat(32)}`);
  return { seq: Number(m[1]), hash: m[2]!, source: `the expected head ${m[1]}:${m[2]!.slice(0, 12)}…` };
}
