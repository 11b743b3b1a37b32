/** The organization's logo: PNG or JPEG up to 512 KB, checked by its bytes and by pdfkit drawing it. */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { organizationLogos } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { pdfImageSize } from "../../platform/pdf.ts";
import { logoChanged, logoRemoved } from "./events.ts";

export const LOGO_MAX_BYTES = 512 * 1024;
export const LOGO_TYPES = ["image/png", "image/jpeg"] as const;
type OrgActor = Extract<Actor, { kind: "user" | "token" }>;

/** What is known of a stored logo (everything but its bytes). */
export interface LogoInfo {
  contentType: (typeof LOGO_TYPES)[number];
  size: number;
  sha256: string;
  width: number;
  height: number;
  updatedAt: Date;
}

const infoColumns = {
  contentType: organizationLogos.contentType,
  size: organizationLogos.size,
  sha256: organizationLogos.sha256,
  width: organizationLogos.width,
  height: organizationLogos.height,
  updatedAt: organizationLogos.updatedAt,
};

export async function logoInfo(db: Db, organizationId: string): Promise<LogoInfo | null> {
  const [row] = await db
    .select(infoColumns)
    .from(organizationLogos)
    .where(eq(organizationLogos.organizationId, organizationId));
  return row ? { ...row, contentType: row.contentType as LogoInfo["contentType"] } : null;
}

/** The logo's bytes and type, or null when the organization has none (PDF reports draw it when there is one). */
export async function organizationLogo(db: Db, organizationId: string) {
  const [row] = await db
    .select({
      contentType: organizationLogos.contentType,
      bytes: organizationLogos.bytes,
      sha256: organizationLogos.sha256,
    })
    .from(organizationLogos)
    .where(eq(organizationLogos.organizationId, organizationId));
  return row ?? null;
}

const unsupported = (what: string) =>
  new AppError(
    415,
    "unsupported_logo",
    `${what} Upload the logo as a PNG or JPEG image of at most 512 KB (for example exported again from an image editor).`,
  );

/** Checks the bytes: a PNG or JPEG by its magic bytes, matching the declared type, that pdfkit can draw. */
export async function checkLogo(bytes: Buffer, declaredType: string) {
  if (bytes.length === 0) throw new AppError(400, "empty_logo", "The upload is empty: choose a PNG or JPEG file.");
  if (bytes.length > LOGO_MAX_BYTES)
    throw new AppError(
      413,
      "logo_too_large",
      `The logo is ${Math.ceil(bytes.length / 1024)} KB; the limit is 512 KB. Make it smaller (a few hundred pixels wide is plenty).`,
    );
  const found = await fileTypeFromBuffer(bytes);
  if (!found || !(LOGO_TYPES as readonly string[]).includes(found.mime))
    throw unsupported(`This file is ${found ? `a ${found.ext.toUpperCase()} file` : "not an image we recognize"}.`);
  if (found.mime !== declaredType)
    throw unsupported(`The file is a ${found.ext.toUpperCase()} image but was sent as ${declaredType}.`);
  const size = pdfImageSize(bytes);
  if (!size)
    throw new AppError(
      422,
      "unreadable_logo",
      "The image looks like a PNG or JPEG but cannot be read (it may be damaged or in an unusual variant). Save it again as a standard PNG or JPEG and retry.",
    );
  return { contentType: found.mime as LogoInfo["contentType"], ...size };
}

export async function setLogo(db: Db, actor: OrgActor, bytes: Buffer, declaredType: string): Promise<LogoInfo> {
  const checked = await checkLogo(bytes, declaredType);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return change(db, actor, async ({ tx, emit }) => {
    const before = await logoInfo(tx, actor.organizationId);
    const row = { ...checked, size: bytes.length, sha256, updatedAt: new Date() };
    const [saved] = await tx
      .insert(organizationLogos)
      .values({ organizationId: actor.organizationId, bytes, ...row })
      .onConflictDoUpdate({ target: organizationLogos.organizationId, set: { bytes, ...row } })
      .returning(infoColumns);
    const summary = (i: Omit<LogoInfo, "contentType"> & { contentType: string }) => ({
      contentType: i.contentType,
      size: i.size,
      sha256: i.sha256,
      width: i.width,
      height: i.height,
    });
    await emit(logoChanged, {
      id: actor.organizationId,
      before: before ? summary(before) : undefined,
      after: summary(saved!),
    });
    return { ...saved!, contentType: checked.contentType };
  });
}

export async function removeLogo(db: Db, actor: OrgActor) {
  await change(db, actor, async ({ tx, emit }) => {
    const [gone] = await tx
      .delete(organizationLogos)
      .where(eq(organizationLogos.organizationId, actor.organizationId))
      .returning({ size: organizationLogos.size, sha256: organizationLogos.sha256 });
    if (!gone) throw notFound("Logo");
    await emit(logoRemoved, { id: actor.organizationId, before: gone });
  });
}
