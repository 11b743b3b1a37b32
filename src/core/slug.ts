/** A URL-friendly slug from a display name: "Acme, Inc." → "acme-inc". Never empty. */
export function slugify(name: string, maxLength = 48): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
  return slug || "org";
}
