/**
 * fast-check arbitraries built from the API's own OpenAPI document (test/fuzz.test.ts): for each operation, requests
 * that are mostly well-formed with one hostile spot (so they get past validation and reach the handler and the
 * database), plus plainly malformed ones. Hostile means: wrong types, missing required fields, unknown fields, huge
 * strings, NUL bytes and lone surrogates, deep nesting, arrays where objects belong, numbers out of range, invalid
 * ids and broken percent-encoding in the path and the query.
 */
import fc from "fast-check";
import {
  badEncoding,
  encodePathValue,
  hostileNumber,
  hostileString,
  hostileValue,
  isoDate,
  multipartBody,
  poisonOneLeaf,
  reservedUrl,
  wrongType,
} from "./fuzz-values.ts";

export type Schema = { [k: string]: unknown };
export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: Schema;
}
export interface Operation {
  method: string;
  /** The OpenAPI path template, e.g. /api/v1/programs/{programId}. */
  path: string;
  parameters: Parameter[];
  /** The application/json request body schema, if the operation takes one. */
  body?: Schema;
  /** True when the operation documents no JSON body but reads one in another form (multipart uploads). */
  takesUpload: boolean;
}
export interface FuzzRequest {
  method: string;
  url: string;
  /** A JSON value (sent as JSON), a raw string (sent as application/json as is) or a multipart body. */
  body?: { json: unknown } | { raw: string } | { multipart: Buffer; boundary: string };
}

const MAX_DEPTH = 8;

/** The operations of an OpenAPI document, with $refs left to `resolve`. */
export function operationsOf(doc: { paths: Record<string, Record<string, Schema>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      const body = content?.["application/json"]?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        ...(body ? { body } : {}),
        takesUpload: !body && method !== "get" && method !== "delete",
      });
    }
  return ops;
}

/** Builds arbitraries for one OpenAPI document; `ids` are real record ids to mix into uuid fields. */
export function arbitraries(doc: { components?: { schemas?: Record<string, Schema> } }, ids: () => string[]) {
  const resolve = (s: Schema): Schema => {
    const ref = s.$ref;
    if (typeof ref !== "string") return s;
    const name = ref.replace(/^#\/components\/schemas\//, "");
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved $ref ${ref}`);
    return resolve(target);
  };
  const idOrUuid = () => {
    const known = ids();
    const fresh = fc.uuid({ version: [4, 7] });
    return known.length ? fc.oneof(fc.constantFrom(...known), fresh) : fresh;
  };

  function stringValue(s: Schema): fc.Arbitrary<string> {
    const min = (s.minLength as number | undefined) ?? 0;
    const max = Math.max(min, Math.min((s.maxLength as number | undefined) ?? 40, 2000));
    switch (s.format) {
      case "uuid":
        return idOrUuid();
      case "date":
        return isoDate.map((d) => d.slice(0, 10));
      case "date-time":
        return isoDate;
      case "email":
        return fc.emailAddress();
      case "uri":
      case "url":
        return reservedUrl;
      default:
        break;
    }
    if (typeof s.pattern === "string") {
      try {
        return fc.stringMatching(new RegExp(s.pattern));
      } catch {
        // a pattern fast-check cannot generate from: plain strings below
      }
    }
    return fc.oneof(
      fc.string({ minLength: min, maxLength: Math.min(max, 40) }),
      // exactly the longest allowed, in characters that take several UTF-8 bytes
      fc.constantFrom("é", "☃", "\u{1F512}", "a").map((c) => c.repeat(max)),
    );
  }

  function integerValue(s: Schema): fc.Arbitrary<number> {
    const lo = Math.max(
      (s.minimum as number | undefined) ?? -1e6,
      ((s.exclusiveMinimum as number | undefined) ?? -Infinity) + 1,
    );
    const hi = Math.min(
      (s.maximum as number | undefined) ?? 1e6,
      ((s.exclusiveMaximum as number | undefined) ?? Infinity) - 1,
    );
    return fc.maxSafeInteger().map((n) => lo + (Math.abs(n) % Math.max(1, hi - lo + 1)));
  }

  /** A value that satisfies the schema (as far as a generator can tell: patterns and formats included). */
  function valid(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
    const s = resolve(schema);
    if (depth > MAX_DEPTH) return fc.constant(null);
    if ("const" in s) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
    const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (alternatives) return fc.oneof(...alternatives.map((a) => valid(a, depth + 1)));
    if (Array.isArray(s.allOf)) return valid({ ...s, allOf: undefined, ...(s.allOf as Schema[])[0] }, depth + 1);
    if (Array.isArray(s.type)) return fc.oneof(...(s.type as string[]).map((t) => valid({ ...s, type: t }, depth)));
    switch (s.type) {
      case "string":
        return stringValue(s);
      case "integer":
        return integerValue(s);
      case "number":
        return fc.double({
          min: (s.minimum as number | undefined) ?? -1e9,
          max: (s.maximum as number | undefined) ?? 1e9,
          noNaN: true,
        });
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array":
        return fc.array(valid((s.items as Schema | undefined) ?? {}, depth + 1), {
          minLength: (s.minItems as number | undefined) ?? 0,
          maxLength: Math.min((s.maxItems as number | undefined) ?? 4, 4),
        });
      case "object":
        return objectValue(s, depth);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  function objectValue(s: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    const required = ((s.required as string[] | undefined) ?? []).filter((k) => k in props);
    // A free-text field named like a URL (a webhook's `url`) gets one on the reserved .test domain too.
    const field = (k: string, v: Schema) =>
      /url$/i.test(k) && resolve(v).type === "string" && !resolve(v).format ? reservedUrl : valid(v, depth + 1);
    const known = fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, field(k, v)])), {
      requiredKeys: required,
    }) as fc.Arbitrary<Record<string, unknown>>;
    const extra = s.additionalProperties;
    if (!extra || Object.keys(props).length) return known;
    const values = extra === true ? fc.jsonValue({ maxDepth: 2 }) : valid(extra as Schema, depth + 1);
    return fc.dictionary(fc.string({ maxLength: 12 }), values, { maxKeys: 4 });
  }

  /** A value that breaks the schema, or stresses whatever trusts it, at one spot (or everywhere). */
  function hostile(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
    const s = resolve(schema);
    if (depth > MAX_DEPTH) return wrongType;
    const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (alternatives) return fc.oneof(wrongType, ...alternatives.map((a) => hostile(a, depth + 1)));
    const type = Array.isArray(s.type) ? (s.type as string[])[0] : s.type;
    switch (type) {
      case "string":
        return fc.oneof({ weight: 4, arbitrary: hostileString }, { weight: 1, arbitrary: wrongType });
      case "integer":
      case "number":
        return fc.oneof({ weight: 4, arbitrary: hostileNumber }, { weight: 1, arbitrary: wrongType });
      case "array": {
        const item = (s.items as Schema | undefined) ?? {};
        return fc.oneof(
          fc.tuple(valid(s, depth), hostile(item, depth + 1)).map(([a, bad]) => [...(a as unknown[]), bad]),
          // far more items than allowed
          fc.tuple(valid(item, depth + 1), fc.integer({ min: 101, max: 3000 })).map(([v, n]) => Array(n).fill(v)),
          wrongType,
        );
      }
      case "object":
        return hostileObject(s, depth);
      default:
        return wrongType;
    }
  }

  function hostileObject(s: Schema, depth: number): fc.Arbitrary<unknown> {
    const props = Object.keys((s.properties as Record<string, Schema> | undefined) ?? {});
    const base = objectValue(s, depth);
    const spots: fc.WeightedArbitrary<unknown>[] = [
      // an unknown field, with a hostile name or value
      {
        weight: 1,
        arbitrary: fc
          .tuple(base, fc.oneof(hostileString, fc.constantFrom("__proto__", "constructor")), hostileValue)
          .map(([o, k, v]) => ({ ...o, [k]: v })),
      },
      // an array where the object belongs
      { weight: 1, arbitrary: base.map((o) => [o]) },
      { weight: 1, arbitrary: wrongType },
    ];
    if (props.length)
      spots.push(
        // one field made hostile, the others valid: the likeliest to get past validation
        {
          weight: 5,
          arbitrary: fc
            .tuple(base, fc.constantFrom(...props))
            .chain(([o, k]) =>
              hostile((s.properties as Record<string, Schema>)[k]!, depth + 1).map((v) => ({ ...o, [k]: v })),
            ),
        },
        // one field missing (required or not)
        {
          weight: 1,
          arbitrary: fc.tuple(base, fc.constantFrom(...props)).map(([o, k]) => {
            const { [k]: _gone, ...rest } = o;
            return rest;
          }),
        },
      );
    return fc.oneof(...spots);
  }

  /** A query or path value: the schema's own values as text, or hostile text. */
  function paramText(p: Parameter): fc.Arbitrary<string> {
    const good = valid(p.schema).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
    return fc.oneof(
      { weight: 3, arbitrary: good },
      { weight: 2, arbitrary: hostileString },
      { weight: 1, arbitrary: hostileNumber.map(String) },
    );
  }

  /** Requests for one operation, with the real ids `knownParams` proposes for its path parameters. */
  function request(op: Operation, knownParams: (op: Operation) => Record<string, string[]>): fc.Arbitrary<FuzzRequest> {
    const known = knownParams(op);
    const pathParams = op.parameters.filter((p) => p.in === "path");
    const queryParams = op.parameters.filter((p) => p.in === "query");

    const pathValues = fc.record(
      Object.fromEntries(
        pathParams.map((p) => {
          const real = known[p.name] ?? [];
          const good = real.length ? fc.constantFrom(...real) : valid(p.schema).map(String);
          return [
            p.name,
            fc.oneof(
              { weight: 6, arbitrary: good.map(encodePathValue) },
              { weight: 2, arbitrary: hostileString.map(encodePathValue) },
              { weight: 1, arbitrary: badEncoding },
            ),
          ];
        }),
      ),
    ) as fc.Arbitrary<Record<string, string>>;

    const queryPairs = fc
      .tuple(
        fc.subarray(queryParams),
        fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 8 }), hostileString), hostileString), { maxLength: 1 }),
      )
      .chain(([chosen, unknown]) =>
        fc
          .tuple(
            ...chosen.map((p) =>
              fc.oneof(
                { weight: 4, arbitrary: paramText(p).map((v) => [[p.name, v]]) },
                // the same parameter twice (fastify hands the handler an array)
                {
                  weight: 1,
                  arbitrary: fc.tuple(paramText(p), paramText(p)).map(([a, b]) => [
                    [p.name, a],
                    [p.name, b],
                  ]),
                },
              ),
            ),
          )
          .map((pairs) => [...pairs.flat(), ...unknown] as [string, string][]),
      );
    const rawQuery = fc.oneof(
      { weight: 5, arbitrary: queryPairs.map((pairs) => new URLSearchParams(pairs).toString()) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...queryParams.map((p) => p.name), "x")
          .chain((n) => badEncoding.map((v) => `${n}=${v}`)),
      },
    );

    const body = bodyArbitrary(op);
    return fc.record({ pathValues, rawQuery, body }).map(({ pathValues: values, rawQuery: q, body: b }) => {
      const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "x");
      return { method: op.method, url: q ? `${path}?${q}` : path, ...(b ? { body: b } : {}) };
    });
  }

  function bodyArbitrary(op: Operation): fc.Arbitrary<FuzzRequest["body"] | undefined> {
    const rawJson = fc.oneof(
      fc.constantFrom("", "{", "[1,", "nul", '{"a":1}{', "\u0000", '"\\ud800"', '{"__proto__":{"x":1}}'),
      // nested far deeper than any value of the API: built as text (JSON.stringify itself gives up around 5000)
      fc
        .tuple(fc.integer({ min: 1000, max: 100_000 }), fc.boolean())
        .map(([n, arrays]) => (arrays ? `${"[".repeat(n)}${"]".repeat(n)}` : `${'{"a":'.repeat(n)}1${"}".repeat(n)}`)),
    );
    if (op.body)
      return fc.oneof(
        { weight: 2, arbitrary: valid(op.body).map((json) => ({ json })) },
        {
          weight: 3,
          arbitrary: valid(op.body)
            .chain(poisonOneLeaf)
            .map((json) => ({ json })),
        },
        { weight: 5, arbitrary: hostile(op.body).map((json) => ({ json })) },
        { weight: 1, arbitrary: rawJson.map((raw) => ({ raw })) },
      );
    if (op.takesUpload)
      return fc.oneof(
        { weight: 3, arbitrary: multipartBody },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((json) => ({ json })) },
        { weight: 1, arbitrary: rawJson.map((raw) => ({ raw })) },
      );
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: rawJson.map((raw) => ({ raw })) },
    );
  }

  /**
   * One complete, deterministic value of a schema: every property present, one item per array, the first
   * alternative and enum value, ids from `ids`. The NUL sweep poisons its strings one at a time.
   */
  function example(schema: Schema, depth = 0): unknown {
    const s = resolve(schema);
    if (depth > MAX_DEPTH) return null;
    if ("const" in s) return s.const;
    if (Array.isArray(s.enum)) return s.enum[0];
    const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (alternatives) return example(alternatives[0]!, depth + 1);
    const type = Array.isArray(s.type) ? (s.type as string[])[0] : s.type;
    switch (type) {
      case "string":
        // plain text as short as allowed, so one more character still fits; formats and patterns as generated
        if (s.format || s.pattern) return fc.sample(stringValue(s), { numRuns: 1, seed: 1 })[0];
        return "x".repeat(Math.max(1, (s.minLength as number | undefined) ?? 1));
      case "integer":
      case "number":
        return (s.minimum as number | undefined) ?? 1;
      case "boolean":
        return false;
      case "array":
        return [example((s.items as Schema | undefined) ?? {}, depth + 1)];
      case "object":
        return Object.fromEntries(
          Object.entries((s.properties as Record<string, Schema> | undefined) ?? {}).map(([k, v]) => [
            k,
            example(v, depth + 1),
          ]),
        );
      default:
        return null;
    }
  }

  return { valid, hostile, request, example };
}
