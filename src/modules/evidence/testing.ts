import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import type { OrgActor } from "../../core/actor.ts";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import { blobStoreFor } from "../../platform/storage/index.ts";
import type { SubmissionMeta } from "./schema.ts";
import { createEvidenceService } from "./service.ts";

/** The evidence service of a context, as the routes build it (tests only). */
export const evidenceService = (ctx: Pick<AppContext, "db" | "config" | "keys">) =>
  createEvidenceService({ db: ctx.db, store: blobStoreFor(ctx.config, ctx.keys), config: ctx.config });

/** The member `userId` as an actor of the organization (tests only). */
async function seedActor(db: Db, organizationId: string, userId: string, role: Role = "owner"): Promise<OrgActor> {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  return { kind: "user", userId, email: u!.email, name: u!.name, organizationId, role };
}

const meta = (m: Partial<SubmissionMeta> = {}): SubmissionMeta => ({ description: "", controls: [], ...m });

/** A written statement submitted by `userId` through the service (tests only). */
export async function seedStatement(
  ctx: AppContext,
  organizationId: string,
  userId: string,
  input: Partial<SubmissionMeta> & { statement?: string } = {},
  role: Role = "owner",
) {
  const actor = await seedActor(ctx.db, organizationId, userId, role);
  return evidenceService(ctx).submitStatement(actor, {
    title: "Statement",
    statement: "No production changes were made outside the change process.",
    ...meta(input),
    ...input,
  } as Parameters<ReturnType<typeof evidenceService>["submitStatement"]>[1]);
}

/** A file submitted by `userId` through the service (tests only). */
export async function seedFile(
  ctx: AppContext,
  organizationId: string,
  userId: string,
  content: Buffer | string = `evidence ${randomBytes(8).toString("hex")}\n`,
  fileName = "evidence.txt",
  input: Partial<SubmissionMeta> = {},
) {
  const actor = await seedActor(ctx.db, organizationId, userId, "owner");
  const service = evidenceService(ctx);
  const staged = await service.stage(Readable.from([Buffer.from(content)]), fileName);
  const [item] = await service.submitFiles(actor, [staged], meta(input));
  return item!;
}

export type Part =
  | { name: string; value: string }
  | { name: string; filename: string; content: Buffer | string; contentType?: string };

/** A multipart/form-data body (for app.inject) and its content type. */
export function multipart(parts: Part[], boundary = `----assay${randomBytes(8).toString("hex")}`) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ("filename" in p) {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.contentType ?? "application/octet-stream"}\r\n\r\n`,
        ),
      );
      chunks.push(Buffer.from(p.content));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}`));
    }
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}
