/**
 * Which column holds which field. Each field lists the header spellings it accepts (`{ email: ["email", "work
 * email", "mail"] }`), compared with case and everything but letters and digits dropped, so "Work E-mail" and
 * "work_email" both match "work email". The first spelling names the field in messages.
 */

/** Accepted header spellings per field; the first is the field's name in messages. */
export type Aliases<F extends string = string> = Readonly<Record<F, readonly string[]>>;

/** A required field, or a list of fields of which at least one must be present ("full name" or "first name"). */
export type Required<F extends string = string> = F | readonly F[];

export const normalHeader = (h: string) =>
  h
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

export interface Columns<F extends string = string> {
  /** The header (as written) of each field found. */
  byField: Partial<Record<F, string>>;
  /** Each header with the field it gives, or null when it is not one of the fields. */
  columns: { header: string; field: F | null }[];
  /** Headers that give no field (kept in the rows, but not imported). */
  unknown: string[];
  fileErrors: string[];
  warnings: string[];
}

export const fieldLabel = <F extends string>(aliases: Aliases<F>, field: F) => aliases[field][0] ?? field;

const quoted = (xs: readonly string[]) => xs.map((x) => `“${x}”`).join(", ");

export function resolveColumns<F extends string>(
  headers: readonly string[],
  aliases: Aliases<F>,
  required: readonly Required<F>[] = [],
): Columns<F> {
  const lookup = new Map<string, F>();
  for (const field of Object.keys(aliases) as F[])
    for (const a of aliases[field]) if (!lookup.has(normalHeader(a))) lookup.set(normalHeader(a), field);
  const byField: Partial<Record<F, string>> = {};
  const columns: Columns<F>["columns"] = [];
  const unknown: string[] = [];
  const fileErrors: string[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, string>();
  const unnamed: number[] = [];
  headers.forEach((header, i) => {
    if (!header) {
      unnamed.push(i + 1);
      columns.push({ header, field: null });
      return;
    }
    const key = normalHeader(header);
    const field = lookup.get(key) ?? null;
    const twin = seen.get(field ?? `?${key}`);
    if (twin !== undefined)
      fileErrors.push(
        field
          ? `The columns “${twin}” and “${header}” both give the ${fieldLabel(aliases, field)}; keep one of them.`
          : `The header “${header}” appears twice; rename or remove one of the columns.`,
      );
    else seen.set(field ?? `?${key}`, header);
    if (field && twin === undefined) byField[field] = header;
    else if (!field) unknown.push(header);
    columns.push({ header, field });
  });
  for (const r of required) {
    const any = typeof r === "string" ? [r] : r;
    if (any.some((f) => byField[f] !== undefined)) continue;
    const names = any.map((f) => fieldLabel(aliases, f));
    const also = any.flatMap((f) => aliases[f].slice(1, 3));
    fileErrors.push(
      `The header has no ${names.map((n) => `“${n}”`).join(" or ")} column${also.length ? ` (also accepted: ${quoted(also)})` : ""}.`,
    );
  }
  if (unknown.length)
    warnings.push(
      unknown.length === 1
        ? `The column ${quoted(unknown)} is not one this import reads.`
        : `The columns ${quoted(unknown)} are not ones this import reads.`,
    );
  if (unnamed.length)
    warnings.push(
      unnamed.length === 1
        ? `Column ${unnamed[0]} has no header and is ignored.`
        : `Columns ${unnamed.join(", ")} have no header and are ignored.`,
    );
  return { byField, columns, unknown, fileErrors, warnings };
}
