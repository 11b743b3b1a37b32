/**
 * A URL- and file-name-friendly slug from a display name: "Ärzte & Co. GmbH" → "arzte-co-gmbh". Accents folded, at
 * most 48 characters, never empty (`fallback` when nothing is left).
 */
export function slugify(name: string, fallback = "organization", maxLength = 48): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
  return slug || fallback;
}
