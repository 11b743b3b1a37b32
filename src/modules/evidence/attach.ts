/**
 * Files another module produced (a closed access review's report) submitted as evidence of one control in every
 * active program that has it: one submission per program, through the same service an upload uses (stored,
 * hashed, linked, ledgered, control status refreshed).
 */
import { Readable } from "node:stream";
import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { programControls, programs } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import { blobStoreFor } from "../../platform/storage/index.ts";
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
  meta: { title: string; description: string; controlKey: string },
): Promise<string[]> {
  const targets = await ctx.db
    .select({ programId: programs.id })
    .from(programControls)
    .innerJoin(programs, eq(programs.id, programControls.programId))
    .where(
      and(
        eq(programControls.organizationId, actor.organizationId),
        eq(programControls.key, meta.controlKey),
        isNull(programs.archivedAt),
      ),
    );
  if (!targets.length || !files.length) return [];
  const service = createEvidenceService({ db: ctx.db, store: blobStoreFor(ctx.config, ctx.keys), config: ctx.config });
  const ids: string[] = [];
  for (const { programId } of targets) {
    const staged = [];
    for (const f of files) staged.push(await service.stage(Readable.from([f.bytes]), f.fileName));
    const items = await service.submitFiles(
      actor,
      staged,
      { title: meta.title, description: meta.description, programId, controls: [meta.controlKey] },
      "integration",
    );
    ids.push(...items.map((i) => i.id));
  }
  return ids;
}
