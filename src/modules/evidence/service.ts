import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { type Actor, subjectOf } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { programInOrganization } from "../../db/programs.ts";
import { evidence, evidenceBlobs, evidenceControls, programControls, programs } from "../../db/schema/index.ts";
import { type Change, change } from "../../kernel/change.ts";
import type { Config } from "../../platform/config.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { type BlobStore, BlobTooLargeError } from "../../platform/storage/index.ts";
import { type Detected, detectType, refuseDangerous, refuseMismatch } from "./detect.ts";
import {
  evidenceControlsMoved,
  evidenceLinked,
  evidenceSubmitted,
  evidenceSuperseded,
  evidenceUnlinked,
  evidenceVersionSubmitted,
} from "./events.ts";
import { rules } from "./policy.ts";
import type {
  EvidenceItem,
  EvidenceKind,
  EvidenceSource,
  LinkControlsInput,
  LinkInput,
  StatementInput,
  SubmissionMeta,
  VersionInput,
} from "./schema.ts";
import { type EvidenceRow, type Joined, linksOf, loadEvidence, toItem } from "./views.ts";

/** A file streamed into temporary storage, not yet part of any record. */
export interface Staged {
  key: string;
  sha256: string;
  size: number;
  keyId: string;
  fileName: string;
  detected: Detected;
}

interface ResolvedControl {
  programId: string;
  controlId: string;
  key: string;
}

/** A blob ready for the transaction: an existing one, or one we just stored under its final key. */
interface PlacedBlob {
  staged: Staged;
  existingId: string | null;
  /** Set when this upload stored a new object (removed again if its record does not commit). */
  newId: string | null;
  finalKey: string | null;
}

const MIB = 1024 * 1024;
const human = (bytes: number) =>
  bytes >= MIB ? `${Math.round((bytes / MIB) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;

export const tooLarge = (fileName: string | null, maxBytes: number) =>
  new AppError(
    413,
    "file_too_large",
    `${fileName ? `“${fileName}”` : "The file"} is larger than the ${human(maxBytes)} this server accepts for one evidence file. Split or compress it, or ask the administrator to raise ASSAY_EVIDENCE_MAX_BYTES.`,
    { maxBytes },
  );

const userOf = (actor: Actor) => (actor.kind === "system" ? null : actor.userId);
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The latest calendar day anywhere (UTC+14): a period ending "today" for the submitter is never refused. */
const latestToday = (now = new Date()) => new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);

function checkPeriod(from: string | null | undefined, to: string | null | undefined) {
  if (from && to && from > to)
    throw badRequest(
      "invalid_period",
      `The period ends (${to}) before it starts (${from}). Give effectiveFrom ≤ effectiveTo.`,
    );
  // Evidence vouches for what already happened; a period still running would be shown as covered to its end.
  if (to && to > latestToday()) {
    const message = `The period covered cannot end in the future (effectiveTo is ${to}): evidence can only cover days that have passed. End the period today or earlier, and submit evidence for the rest once it is over.`;
    throw badRequest("period_in_future", message, {
      errors: [{ path: "body.effectiveTo", message }],
    });
  }
}

function checkCollectedAt(at: Date | undefined) {
  if (at && at.getTime() > Date.now() + 5 * 60_000)
    throw badRequest("invalid_collected_at", "collectedAt is in the future. Leave it out to use the current time.");
}

/** What the ledger keeps about a piece of evidence: its facts and fingerprints, never file content or text. */
function ledgerView(e: EvidenceRow, blob: { sha256: string; size: number; mimeType: string } | null, extra = {}) {
  return {
    title: e.title,
    description: e.description,
    kind: e.kind,
    source: e.source,
    fileName: e.fileName,
    sha256: blob?.sha256 ?? (e.statement !== null ? sha256(e.statement) : null),
    size: blob?.size ?? (e.statement !== null ? Buffer.byteLength(e.statement) : null),
    mimeType: blob?.mimeType ?? null,
    url: e.url,
    collectedBy: e.collectedBy,
    collectedAt: e.collectedAt,
    effectiveFrom: e.effectiveFrom,
    effectiveTo: e.effectiveTo,
    version: e.version,
    replacesId: e.replacesId,
    correctionReason: e.correctionReason,
    ...extra,
  };
}

/**
 * 409 for a correction whose new content is exactly the version it corrects (same file SHA-256, address or text):
 * a version that changes nothing would only hide the mistake it was meant to fix.
 */
function refuseIdentical({ e, b }: Joined, file: Staged | undefined, input: Pick<VersionInput, "url" | "statement">) {
  const what =
    file && b && file.sha256 === b.sha256
      ? `“${file.fileName}” is identical to version ${e.version} (same SHA-256, ${b.sha256.slice(0, 12)}…)`
      : input.url !== undefined && e.kind === "link" && input.url === e.url
        ? `This address is the same as version ${e.version}'s`
        : input.statement !== undefined && e.kind === "statement" && input.statement === e.statement
          ? `This statement is identical to version ${e.version}`
          : null;
  if (what)
    throw conflict(
      "identical_version",
      `${what}: a new version would correct nothing. Attach the corrected content, or leave it out to correct only the title, description or period.`,
    );
}

const controlsView = (controls: ResolvedControl[]) => controls.map((c) => ({ programId: c.programId, control: c.key }));

const programOf = programInOrganization;

/** The organization's only active program (when a request names controls without a program). */
async function defaultProgram(db: Db, organizationId: string) {
  const active = await db
    .select({ id: programs.id, name: programs.name })
    .from(programs)
    .where(and(eq(programs.organizationId, organizationId), isNull(programs.archivedAt)));
  if (active.length === 1) return active[0]!;
  if (active.length === 0)
    throw badRequest("no_program", "There is no active program to link controls in. Create a program first.");
  throw badRequest(
    "program_required",
    `This organization has ${active.length} active programs: say which one (programId): ${active.map((p) => `${p.name} (${p.id})`).join(", ")}.`,
  );
}

/** Controls named by key in a program (the given one, or the only active one); unknown keys are a 400. */
export async function resolveControls(
  db: Db,
  organizationId: string,
  programId: string | undefined,
  keys: readonly string[],
): Promise<ResolvedControl[]> {
  if (!keys.length) {
    if (programId) await programOf(db, organizationId, programId);
    return [];
  }
  const program = programId ? await programOf(db, organizationId, programId) : await defaultProgram(db, organizationId);
  const wanted = [...new Set(keys)];
  const rows = await db
    .select({ id: programControls.id, key: programControls.key })
    .from(programControls)
    .where(
      and(
        eq(programControls.organizationId, organizationId),
        eq(programControls.programId, program.id),
        inArray(programControls.key, wanted),
      ),
    );
  const found = new Map(rows.map((r) => [r.key, r.id]));
  const unknown = wanted.filter((k) => !found.has(k));
  if (unknown.length)
    throw badRequest(
      "unknown_control",
      `${unknown.length === 1 ? "This control is" : "These controls are"} not in the program “${program.name}”: ${unknown.join(", ")}.`,
      { controls: unknown },
    );
  return wanted.map((key) => ({ programId: program.id, controlId: found.get(key)!, key }));
}

/**
 * Evidence decides whether its controls are operating or stale: a change that links, carries over (new version) or
 * unlinks it announces those controls, one event per program, and the programs module refreshes their signals (and
 * status, and readiness) in the same transaction, once per change, whatever the number of files.
 */
async function announceControls(c: Change, links: readonly { programId: string; key: string }[]) {
  const byProgram = Map.groupBy(links, (l) => l.programId);
  for (const [programId, list] of byProgram)
    await c.emit(evidenceControlsMoved, { controls: { programId, keys: [...new Set(list.map((l) => l.key))].sort() } });
}

const isUniqueViolation = (err: unknown) => {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === "23505") return true;
  return false;
};

export interface EvidenceServiceDeps {
  db: Db;
  store: BlobStore;
  config: Pick<Config, "ASSAY_EVIDENCE_MAX_BYTES">;
}

export function createEvidenceService({ db, store, config }: EvidenceServiceDeps) {
  const maxBytes = config.ASSAY_EVIDENCE_MAX_BYTES;

  async function view(organizationId: string, id: string): Promise<EvidenceItem> {
    const row = await loadEvidence(db, organizationId, id);
    return toItem(row, (await linksOf(db, organizationId, [id])).get(id) ?? []);
  }

  /** Stores each staged file's blob once per organization and content; discards duplicates' temporary objects. */
  async function place(organizationId: string, staged: Staged[]): Promise<PlacedBlob[]> {
    const placed: PlacedBlob[] = [];
    try {
      for (const s of staged) {
        const [existing] = await db
          .select({ id: evidenceBlobs.id })
          .from(evidenceBlobs)
          .where(and(eq(evidenceBlobs.organizationId, organizationId), eq(evidenceBlobs.sha256, s.sha256)));
        if (existing) {
          await store.discard(s.key);
          placed.push({ staged: s, existingId: existing.id, newId: null, finalKey: null });
        } else {
          const id = newId();
          const finalKey = `blobs/${organizationId}/${id}`;
          await store.keep(s.key, finalKey);
          placed.push({ staged: s, existingId: null, newId: id, finalKey });
        }
      }
      return placed;
    } catch (err) {
      await abandon(placed, staged);
      throw err;
    }
  }

  /** Removes what an upload that did not commit stored: its new final objects and any temporary ones left. */
  async function abandon(placed: PlacedBlob[], staged: Staged[]) {
    const done = new Set(placed.map((p) => p.staged));
    await Promise.all([
      ...placed.filter((p) => p.finalKey).map((p) => store.discard(p.finalKey!).catch(() => {})),
      ...staged.filter((s) => !done.has(s)).map((s) => store.discard(s.key).catch(() => {})),
    ]);
  }

  /** Inserts the blob row of a placed blob (or finds the one a concurrent upload inserted first); returns its id. */
  async function blobRow(c: Change, organizationId: string, p: PlacedBlob, losers: string[]) {
    const tx = c.tx;
    if (p.existingId) return { id: p.existingId, deduplicated: true };
    const inserted = await tx
      .insert(evidenceBlobs)
      .values({
        id: p.newId!,
        organizationId,
        sha256: p.staged.sha256,
        size: p.staged.size,
        mimeType: p.staged.detected.mimeType,
        extension: p.staged.detected.ext,
        storage: store.driver,
        storageKey: p.finalKey!,
        encryption: store.encryption,
        keyId: p.staged.keyId,
      })
      .onConflictDoNothing({ target: [evidenceBlobs.organizationId, evidenceBlobs.sha256] })
      .returning({ id: evidenceBlobs.id });
    if (inserted[0]) return { id: inserted[0].id, deduplicated: false };
    // Same content stored by another upload in the meantime (or twice in this one): use that blob.
    const [other] = await tx
      .select({ id: evidenceBlobs.id })
      .from(evidenceBlobs)
      .where(and(eq(evidenceBlobs.organizationId, organizationId), eq(evidenceBlobs.sha256, p.staged.sha256)));
    losers.push(p.finalKey!);
    return { id: other!.id, deduplicated: true };
  }

  async function insertLinks(c: Change, actor: Actor, evidenceId: string, controls: ResolvedControl[]) {
    if (!controls.length) return [];
    const rows = await c.tx
      .insert(evidenceControls)
      .values(
        controls.map((r) => ({
          id: newId(),
          organizationId: actor.organizationId,
          evidenceId,
          programId: r.programId,
          controlId: r.controlId,
          controlKey: r.key,
          linkedBy: userOf(actor),
        })),
      )
      .onConflictDoNothing({ target: [evidenceControls.evidenceId, evidenceControls.controlId] })
      .returning({ controlId: evidenceControls.controlId });
    const added = new Set(rows.map((r) => r.controlId));
    return controls.filter((r) => added.has(r.controlId));
  }

  interface Draft {
    kind: EvidenceKind;
    title: string;
    description: string;
    fileName?: string | null;
    url?: string | null;
    statement?: string | null;
    collectedAt?: Date;
    effectiveFrom?: string | null;
    effectiveTo?: string | null;
  }

  function rowOf(actor: Actor, d: Draft, source: EvidenceSource, blobId: string | null): EvidenceRow {
    const id = newId();
    return {
      id,
      organizationId: actor.organizationId,
      title: d.title,
      description: d.description,
      kind: d.kind,
      blobId,
      fileName: d.fileName ?? null,
      url: d.url ?? null,
      statement: d.statement ?? null,
      source,
      collectedBy: userOf(actor),
      collectedAt: d.collectedAt ?? new Date(),
      effectiveFrom: d.effectiveFrom ?? null,
      effectiveTo: d.effectiveTo ?? null,
      chainId: id,
      version: 1,
      replacesId: null,
      correctionReason: null,
      supersededById: null,
      createdAt: new Date(),
    };
  }

  /** Submits drafts (and their staged files) in one change, with their ledger entries; all or nothing. */
  async function submit(
    actor: Actor,
    drafts: { draft: Draft; staged?: Staged }[],
    meta: Pick<SubmissionMeta, "programId" | "controls">,
    source: EvidenceSource,
  ): Promise<EvidenceItem[]> {
    const staged = drafts.flatMap((d) => (d.staged ? [d.staged] : []));
    let placed: PlacedBlob[] = [];
    const losers: string[] = [];
    let ids: string[];
    try {
      // Validate what can fail cheaply before moving any blob.
      for (const { draft } of drafts) {
        checkPeriod(draft.effectiveFrom, draft.effectiveTo);
        checkCollectedAt(draft.collectedAt);
      }
      const controls = await resolveControls(db, actor.organizationId, meta.programId, meta.controls);
      placed = await place(actor.organizationId, staged);
      ids = await change(db, actor, async (c) => {
        losers.length = 0; // a retried attempt starts over
        const out: string[] = [];
        for (const { draft, staged: s } of drafts) {
          const p = s ? placed.find((x) => x.staged === s)! : null;
          const blob = p ? await blobRow(c, actor.organizationId, p, losers) : null;
          const row = rowOf(actor, draft, source, blob?.id ?? null);
          await c.tx.insert(evidence).values(row);
          const linked = await insertLinks(c, actor, row.id, controls);
          const facts = s ? { sha256: s.sha256, size: s.size, mimeType: s.detected.mimeType } : null;
          await c.emit(evidenceSubmitted, {
            id: row.id,
            after: ledgerView(row, facts, {
              deduplicated: blob?.deduplicated ?? false,
              controls: controlsView(linked),
            }),
          });
          out.push(row.id);
        }
        // Once for the whole submission: every draft links the same controls.
        await announceControls(c, controls);
        return out;
      });
    } catch (err) {
      await abandon(placed, staged);
      throw err;
    }
    await Promise.all(losers.map((k) => store.discard(k).catch(() => {})));
    return Promise.all(ids.map((id) => view(actor.organizationId, id)));
  }

  /** 404 for unknown ids, 409 for corrected versions, 403 for other people's evidence without evidence.manage. */
  async function checkCorrectable(actor: Actor, id: string): Promise<Joined> {
    const old = await loadEvidence(db, actor.organizationId, id);
    if (actor.kind !== "system" && !rules.correctsEvidence(subjectOf(actor), { collectedBy: old.e.collectedBy }))
      throw forbidden("You can correct evidence you submitted. Ask a compliance manager to correct this one.");
    if (old.e.supersededById)
      throw conflict(
        "already_superseded",
        `This version was already corrected. Correct the latest version (${old.e.supersededById}) instead.`,
      );
    return old;
  }

  return {
    view,

    /**
     * Streams one uploaded file into temporary storage: SHA-256 and size on the way, type detected from the first
     * bytes (programs refused before the rest arrives), the size limit enforced as the bytes arrive.
     */
    async stage(body: Readable, fileName: string): Promise<Staged> {
      let detected: Detected | null = null;
      try {
        const r = await store.put(body, {
          maxBytes,
          inspect: async (head, complete) => {
            detected = await detectType(head, complete);
            refuseDangerous(detected, fileName);
            refuseMismatch(detected, fileName);
          },
        });
        if (r.size === 0) {
          await store.discard(r.key);
          throw badRequest("empty_file", `“${fileName}” is empty. Choose the file again.`);
        }
        return { key: r.key, sha256: r.sha256, size: r.size, keyId: r.keyId, fileName, detected: detected! };
      } catch (err) {
        if (err instanceof BlobTooLargeError) throw tooLarge(fileName, maxBytes);
        throw err;
      }
    },

    /** Removes staged files that will not be submitted (a request that failed after staging them). */
    async discard(staged: Staged[]) {
      await Promise.all(staged.map((s) => store.discard(s.key).catch(() => {})));
    },

    /** One evidence record per file; a title shared by several files is suffixed with each file's name. */
    submitFiles(actor: Actor, staged: Staged[], meta: SubmissionMeta, source: EvidenceSource = "manual") {
      if (!staged.length) throw badRequest("no_file", "Attach at least one file (multipart field “file”).");
      return submit(
        actor,
        staged.map((s) => ({
          staged: s,
          draft: {
            kind: "file" as const,
            title: meta.title ? (staged.length > 1 ? `${meta.title}: ${s.fileName}` : meta.title) : s.fileName,
            description: meta.description,
            fileName: s.fileName,
            collectedAt: meta.collectedAt,
            effectiveFrom: meta.effectiveFrom,
            effectiveTo: meta.effectiveTo,
          },
        })),
        meta,
        source,
      );
    },

    async submitLink(actor: Actor, input: LinkInput, source: EvidenceSource = "manual") {
      const [item] = await submit(
        actor,
        [{ draft: { kind: "link", ...input, title: input.title || input.url } }],
        input,
        source,
      );
      return item!;
    },

    async submitStatement(actor: Actor, input: StatementInput, source: EvidenceSource = "manual") {
      const [item] = await submit(actor, [{ draft: { kind: "statement", ...input } }], input, source);
      return item!;
    },

    checkCorrectable,

    /** A correction: a new version replacing `id` (which is marked superseded), with its links carried over. */
    async newVersion(actor: Actor, id: string, input: VersionInput, file?: Staged) {
      const given = [file, input.url, input.statement].filter((x) => x !== undefined).length;
      let placed: PlacedBlob[] = [];
      const losers: string[] = [];
      const staged = file ? [file] : [];
      try {
        if (given > 1)
          throw badRequest("one_content", "A version has one content: a file, a url or a statement, not several.");
        const old = await checkCorrectable(actor, id);
        const o = old.e;
        refuseIdentical(old, file, input);
        const kind: EvidenceKind = file
          ? "file"
          : input.url
            ? "link"
            : input.statement
              ? "statement"
              : (o.kind as EvidenceKind);
        const effectiveFrom = input.effectiveFrom !== undefined ? input.effectiveFrom : o.effectiveFrom;
        const effectiveTo = input.effectiveTo !== undefined ? input.effectiveTo : o.effectiveTo;
        checkPeriod(effectiveFrom, effectiveTo);
        checkCollectedAt(input.collectedAt);
        placed = await place(actor.organizationId, staged);
        const newId_ = await change(db, actor, async (c) => {
          const tx = c.tx;
          losers.length = 0; // a retried attempt starts over
          const blob = placed[0] ? await blobRow(c, actor.organizationId, placed[0], losers) : null;
          const keep = given === 0;
          const row: EvidenceRow = {
            ...rowOf(
              actor,
              {
                kind,
                title: input.title ?? o.title,
                description: input.description ?? o.description,
                fileName: file ? file.fileName : keep ? o.fileName : null,
                url: input.url ?? (keep ? o.url : null),
                statement: input.statement ?? (keep ? o.statement : null),
                collectedAt: input.collectedAt,
                effectiveFrom,
                effectiveTo,
              },
              o.source as EvidenceSource,
              blob ? blob.id : keep ? o.blobId : null,
            ),
            chainId: o.chainId,
            version: o.version + 1,
            replacesId: o.id,
            correctionReason: input.reason,
          };
          await tx.insert(evidence).values(row);
          const claimed = await tx
            .update(evidence)
            .set({ supersededById: row.id })
            .where(and(eq(evidence.id, o.id), isNull(evidence.supersededById)))
            .returning({ id: evidence.id });
          if (!claimed.length)
            throw conflict("already_superseded", "This version was corrected in the meantime. Reload and try again.");
          const links = (await linksOf(tx, actor.organizationId, [o.id])).get(o.id) ?? [];
          const carried = await insertLinks(
            c,
            actor,
            row.id,
            links.map((l) => ({ programId: l.programId, controlId: l.controlId, key: l.key })),
          );
          const facts = file
            ? { sha256: file.sha256, size: file.size, mimeType: file.detected.mimeType }
            : keep && old.b
              ? { sha256: old.b.sha256, size: old.b.size, mimeType: old.b.mimeType }
              : null;
          await c.emit(evidenceVersionSubmitted, {
            id: row.id,
            after: ledgerView(row, facts, {
              deduplicated: blob?.deduplicated ?? false,
              controls: controlsView(carried),
            }),
          });
          await c.emit(evidenceSuperseded, { id: o.id, supersededById: row.id, reason: input.reason });
          // The carried links now count through the new version, and the old one no longer does.
          await announceControls(c, carried);
          return row.id;
        });
        await Promise.all(losers.map((k) => store.discard(k).catch(() => {})));
        return view(actor.organizationId, newId_);
      } catch (err) {
        await abandon(placed, staged);
        if (isUniqueViolation(err))
          throw conflict("already_superseded", "This version was corrected in the meantime. Reload and try again.");
        throw err;
      }
    },

    /** Links submitted (current) evidence to more controls; links that exist already are left as they are. */
    async link(actor: Actor, id: string, input: LinkControlsInput) {
      await change(db, actor, async (c) => {
        const { e } = await loadEvidence(c.tx, actor.organizationId, id);
        if (e.supersededById)
          throw conflict("superseded", `This version was corrected: link the current version (${e.supersededById}).`);
        const controls = await resolveControls(c.tx, actor.organizationId, input.programId, input.controls);
        const added = await insertLinks(c, actor, id, controls);
        if (added.length) await c.emit(evidenceLinked, { id, links: controlsView(added) });
        await announceControls(c, added);
      });
      return view(actor.organizationId, id);
    },

    /** Removes one link between evidence and a control (the evidence itself stays). */
    async unlink(actor: Actor, id: string, linkId: string) {
      await change(db, actor, async (c) => {
        await loadEvidence(c.tx, actor.organizationId, id);
        const removed = await c.tx
          .delete(evidenceControls)
          .where(
            and(
              eq(evidenceControls.organizationId, actor.organizationId),
              eq(evidenceControls.evidenceId, id),
              eq(evidenceControls.id, linkId),
            ),
          )
          .returning();
        const link = removed[0];
        if (!link) throw notFound("The link");
        await c.emit(evidenceUnlinked, { id, links: [{ programId: link.programId, control: link.controlKey }] });
        await announceControls(c, [{ programId: link.programId, key: link.controlKey }]);
      });
      return view(actor.organizationId, id);
    },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
