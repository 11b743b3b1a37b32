/**
 * Hostile values for the OpenAPI-driven fuzz test (test/openapi-fuzz.ts builds requests from schemas with them):
 * text the database cannot store, huge strings, numbers past column limits, deep nesting, broken percent-encoding,
 * multipart forms with hostile names, and URLs that can never reach a real host.
 */
import fc from "fast-check";

export const NUL = "\u0000";

/** Every string, number and object key inside a JSON value, by path (the key's path ends with the key). */
export function leavesOf(value: unknown): { path: (string | number)[]; kind: "string" | "number" | "key" }[] {
  const found: { path: (string | number)[]; kind: "string" | "number" | "key" }[] = [];
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") found.push({ path, kind: "string" });
    else if (typeof v === "number") found.push({ path, kind: "number" });
    else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push([v[i], [...path, i]]);
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        found.push({ path: [...path, k], kind: "key" });
        stack.push([x, [...path, k]]);
      }
  }
  return found;
}

/**
 * A valid value with one string, number or key made hostile in place: the rest still validates, so the request
 * reaches the handler and the database with the bad part (the likeliest way to find what validation misses).
 */
export function poisonOneLeaf(value: unknown): fc.Arbitrary<unknown> {
  const leaves = leavesOf(value);
  if (!leaves.length) return fc.constant(value);
  const badText = fc.oneof(
    fc.constantFrom(NUL, "\ud800", "\udfff"),
    fc.integer({ min: 5_000, max: 300_000 }).map((n) => "x".repeat(n)),
  );
  return fc.tuple(fc.nat(leaves.length - 1), badText, hostileNumber).map(([i, text, number]) => {
    const leaf = leaves[i]!;
    const copy = structuredClone(value);
    if (leaf.path.length === 0) return leaf.kind === "number" ? number : `${value}${text}`;
    type Node = Record<string | number, unknown>;
    const parent = leaf.path.slice(0, -1).reduce<Node>((o, k) => o[k] as Node, copy as Node);
    const last = leaf.path.at(-1)!;
    if (leaf.kind === "number") parent[last] = number;
    else if (leaf.kind === "string") parent[last] = text.length > 2 ? text : `${parent[last]}${text}`;
    else {
      parent[`${last}${text.slice(0, 1)}`] = parent[last];
      delete parent[last];
    }
    return copy;
  });
}

export const isoDate = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2200-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString());

/** URLs on a reserved top-level domain (RFC 6761): a fuzzed webhook or connector never reaches a real host. */
export const reservedUrl = fc
  .tuple(fc.constantFrom("https", "http"), fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.webPath())
  .map(([scheme, label, path]) => `${scheme}://${label}.example.test${path}`);

/** Text that breaks code which trusts text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }).map((s) => `${s}${NUL}${s}`) },
  { weight: 2, arbitrary: fc.constantFrom("\ud800", "a\udfffb", "\udc00\ud800", `${NUL}`) },
  // huge (below the 1 MiB body limit, so they reach validation)
  fc.integer({ min: 5_000, max: 300_000 }).map((n) => "x".repeat(n)),
  fc.constantFrom(
    "",
    " ",
    "null",
    "0",
    "-1",
    "NaN",
    "1e999",
    "true",
    "'; DROP TABLE programs; --",
    "%",
    "%00",
    "../../../etc/passwd",
    "\\",
    "%_",
    "*",
    "\u202eevil",
    "\ufeff",
    "{{7*7}}",
    "<script>alert(1)</script>",
    "🔒".repeat(3000),
    "2027-02-30",
    "9999-12-31T23:59:59.999Z",
    "0000-01-01",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "01a00000-0000-7000-8000-00000000000g",
  ),
);

/** Numbers at and past the edges of what columns hold. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 1e308, -1e308, 5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Nested arrays and objects, hundreds to a thousand deep (deeper ones are sent as raw text). */
export const deepNesting: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 100, max: 1000 }), fc.boolean())
  .map(([depth, arrays]) => {
    let v: unknown = "x";
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
    return v;
  });

export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  hostileNumber,
  hostileString,
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  deepNesting,
);

export const hostileValue = fc.oneof(hostileString, hostileNumber, wrongType);

/** A path segment for any string (URLs carry UTF-8: an unpaired surrogate goes as U+FFFD, see badEncoding). */
export const encodePathValue = (s: string) => encodeURIComponent(s.toWellFormed());

/** Percent-encoding that does not decode (or decodes to something odd), for path and query values. */
export const badEncoding = fc.constantFrom(
  "%",
  "%zz",
  "%ED%A0%80",
  "%C0%AE",
  "%FF",
  "%00",
  "%2e%2e",
  "..",
  "%2F",
  "%E2%80%AE",
);

/** A multipart form: fields the upload routes read (and others) with hostile values, files with hostile names. */
export const multipartBody = fc
  .array(
    fc.oneof(
      fc.record({
        name: fc.constantFrom(
          "title",
          "description",
          "period",
          "programId",
          "controls",
          "effectiveFrom",
          "reason",
          "x",
        ),
        value: fc.oneof(hostileString, fc.constantFrom("2027-01-01..2027-03-31", "GOV-01, CUS-01", "")),
      }),
      fc.record({
        name: fc.constantFrom("file", "files", "x"),
        filename: fc.oneof(fc.constantFrom("report.txt", "a.pdf", "", "../../x", "..", "con"), hostileString),
        content: fc.oneof(
          fc.constant("evidence\n"),
          fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a).toString("latin1")),
        ),
      }),
    ),
    { maxLength: 5 },
  )
  .map((parts) => {
    const boundary = "----assayfuzz7MA4YWxkTrZu0gW";
    const text = (t: string) => Buffer.from(t.toWellFormed());
    const chunks = parts.flatMap((p) =>
      "filename" in p
        ? [
            text(
              `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
            ),
            Buffer.from(p.content, "latin1"),
            text("\r\n"),
          ]
        : [text(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`)],
    );
    return { multipart: Buffer.concat([...chunks, text(`--${boundary}--\r\n`)]), boundary };
  });
