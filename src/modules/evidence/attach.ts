/**
 * Files another module produced (a closed access review's report, a training completion report) submitted as
 * evidence of one control — in one program when the caller names it, else in every active program that has the
 * control: one submission per program, through the same service an upload uses (stored, hashed, linked, ledgered,
 * control status refreshed).
 */
import { Readable } from "node:stream";
import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { programControls, programs } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import { blobStoreFor } from "../../platform/storage/index.ts";
import type { EvidenceSource } from "./schema.ts";
import { createEvidenceService } from "./service.ts";

export interface GeneratedFile {
  fileName: string;
  bytes: Buffer;
}

/** Returns the ids of the evidence records created (none when no active program has the control). */
export async function attachGeneratedEvidence(
  ctx: Pick<AppContext, "db" | "config" | "keys">,
  actor: Actor,
  files: readonly GeneratedFile[],
  meta: {
    title: string;
    description: string;
    controlKey: string;
    /** One program (its control is checked by the submission); otherwise every active program with the control. */
    programId?: string;
    effectiveFrom?: string;
    effectiveTo?: string;
    source?: EvidenceSource;
  },
): Promise<string[]> {
  const { controlKey, programId, source = "integration", ...fields } = meta;
  const targets = programId ? [{ programId }] : await activeProgramsWith(ctx, actor.organizationId, controlKey);
  if (!targets.length || !files.length) return [];
  const service = createEvidenceService({ db: ctx.db, store: blobStoreFor(ctx.config, ctx.keys), config: ctx.config });
  const ids: string[] = [];
  for (const target of targets) {
    const staged = [];
    for (const f of files) staged.push(await service.stage(Readable.from([f.bytes]), f.fileName));
    const items = await service.submitFiles(
      actor,
      staged,
      { ...fields, programId: target.programId, controls: [controlKey] },
      source,
    );
    ids.push(...items.map((i) => i.id));
  }
  return ids;
}

function activeProgramsWith(ctx: Pick<AppContext, "db">, organizationId: string, controlKey: string) {
  return ctx.db
    .select({ programId: programs.id })
    .from(programControls)
    .innerJoin(programs, eq(programs.id, programControls.programId))
    .where(
      and(
        eq(programControls.organizationId, organizationId),
        eq(programControls.key, controlKey),
        isNull(programs.archivedAt),
      ),
    );
}
