/**
 * Certificates of external training: PDF, PNG or JPEG only (recognized by their first bytes, whatever the name
 * says), at most 10 MB, streamed encrypted into the same blob storage as evidence under `training/<org>/<id>`.
 */
import type { Readable } from "node:stream";
import { AppError, badRequest } from "../../platform/errors.ts";
import { type BlobStore, BlobTooLargeError } from "../../platform/storage/index.ts";
import type { StoredCertificate } from "./store.ts";

export const CERTIFICATE_MAX_BYTES = 10 * 1024 * 1024;

const TYPES = [
  { mimeType: "application/pdf", ext: "pdf", magic: Buffer.from("%PDF-") },
  { mimeType: "image/png", ext: "png", magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mimeType: "image/jpeg", ext: "jpg", magic: Buffer.from([0xff, 0xd8, 0xff]) },
] as const;

/** The certificate's type from its first bytes, or null when it is none of the accepted ones. */
export function certificateType(head: Buffer) {
  return TYPES.find((t) => head.subarray(0, t.magic.length).equals(t.magic)) ?? null;
}

export const certificateRefused = (fileName: string) =>
  new AppError(
    415,
    "certificate_type_refused",
    `“${fileName}” is not a PDF, PNG or JPEG file (judged by its content, not its name). Save or scan the certificate as one of those and try again.`,
  );

export const certificateTooLarge = (fileName: string) =>
  new AppError(
    413,
    "file_too_large",
    `“${fileName}” is larger than 10 MB. Compress the scan or export the certificate as a smaller PDF.`,
    { maxBytes: CERTIFICATE_MAX_BYTES },
  );

/** Streams a certificate into temporary storage; refuses other types and oversize files before keeping anything. */
export async function stageCertificate(store: BlobStore, body: Readable, fileName: string) {
  let mimeType = "";
  try {
    const r = await store.put(body, {
      maxBytes: CERTIFICATE_MAX_BYTES,
      inspect: (head) => {
        const t = certificateType(head);
        if (!t) throw certificateRefused(fileName);
        mimeType = t.mimeType;
      },
    });
    if (r.size === 0) {
      await store.discard(r.key);
      throw badRequest("empty_file", `“${fileName}” is empty. Choose the certificate again.`);
    }
    return { tempKey: r.key, fileName, mimeType, size: r.size, sha256: r.sha256, keyId: r.keyId };
  } catch (err) {
    if (err instanceof BlobTooLargeError) throw certificateTooLarge(fileName);
    throw err;
  }
}

/** Moves a staged certificate under its final key: what the external training row points to. */
export async function keepCertificate(
  store: BlobStore,
  organizationId: string,
  id: string,
  staged: Awaited<ReturnType<typeof stageCertificate>>,
): Promise<StoredCertificate> {
  const storageKey = `training/${organizationId}/${id}`;
  await store.keep(staged.tempKey, storageKey);
  const { tempKey: _t, ...rest } = staged;
  return { ...rest, storageKey };
}
