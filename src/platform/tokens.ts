import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random URL-safe secret with a recognizable prefix (e.g. "assay_pat_"). */
export const randomToken = (prefix = "", bytes = 32) => `${prefix}${randomBytes(bytes).toString("base64url")}`;

export const sha256Hex = (value: string | Buffer) => createHash("sha256").update(value).digest("hex");

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
