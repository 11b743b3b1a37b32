/**
 * "Upload → preview → import" for one kind of row, shared by every register: a module declares the rows (a
 * TableSpec from platform/tabular), what it checks across the whole file (`review`: duplicates, references to
 * records), and the command that writes the rows (`apply`), and gets two routes:
 *
 * - `POST <path>/preview` reads the upload (multipart field `file`, or JSON `{ csv }`), checks every row and answers
 *   the preview without writing anything;
 * - `POST <path>` does the same and, only when the file and every row are valid, hands the rows to `apply` inside
 *   one change(); otherwise it answers 400 `import_invalid` with the preview, and nothing is written.
 *
 * The file is read and validated before the transaction starts (a slow upload never holds the ledger lock); only
 * the review and the writes run inside it.
 */
import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import {
  type CheckedTable,
  checkTable,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  type RowError,
  summarise,
  type TablePreview,
  type TableSpec,
} from "../../platform/tabular/index.ts";
import { change } from "../change.ts";
import type { Action } from "../policies.ts";
import type { Change } from "../types.ts";
import type { ApiApp } from "./api-app.ts";
import { actorOf } from "./request.ts";
import type { routesFor } from "./route.ts";
import { parseInput } from "./schemas.ts";

const rowError = z.object({
  line: z.number().int(),
  column: z.string().optional().describe("The column's name as the import knows it"),
  message: z
    .string()
    .describe("The whole sentence, e.g. “Line 7, start date: '31/02/2024' is not a date (use YYYY-MM-DD).”"),
});

/** The preview (and import) answer; `row` adds what the module shows per row, `summary` its totals. */
export function importPreviewSchema<R extends z.ZodRawShape, S extends z.ZodType>(row: R, summary: S) {
  return z.object({
    format: z.enum(["csv", "xlsx"]).nullable().describe("How the file was read (null when it could not be)"),
    encoding: z.string().nullable().describe("The text encoding of a CSV (utf-8, utf-16le, utf-16be, windows-1252)"),
    sheet: z.string().nullable().describe("The worksheet read from a workbook"),
    columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })),
    rows: z
      .array(
        z.object({
          line: z.number().int(),
          cells: z.record(z.string(), z.string()),
          errors: z.array(rowError),
          ...row,
        }),
      )
      .describe("The first rows of the file, with their errors"),
    counts: z.object({ total: z.number().int(), valid: z.number().int(), invalid: z.number().int() }),
    errors: z.array(rowError).describe("Every row's errors, the first 200"),
    errorCount: z.number().int(),
    fileErrors: z
      .array(z.string())
      .describe("Problems of the file itself: not a CSV or XLSX, missing columns, too large"),
    warnings: z.array(z.string()).describe("Columns not read, an encoding guessed"),
    summary,
  });
}

/** The JSON form of an upload: the CSV's text (what tests and scripts send). */
export const importJsonBody = (maxBytes: number) =>
  z.strictObject({
    csv: z
      .string()
      .min(1, "The file is empty.")
      .max(maxBytes, `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB: split it.`),
    sheet: z.string().max(200).optional(),
  });

const uploadForm = z.object({
  sheet: z.string().optional().describe("The worksheet to read (before `file`); the workbook's first when left out"),
  file: z.file().describe("The CSV or XLSX file"),
});

/** What a module's whole-file review found: problems per line, what each row will do, and totals. */
export interface Review<X, S> {
  errors: RowError[];
  rows: Map<number, X>;
  summary: S;
}

export interface ImportDeclaration<
  F extends string,
  T,
  X,
  S,
  RV extends Review<X, S>,
  R extends z.ZodRawShape,
  SS extends z.ZodType,
> {
  /** e.g. "/people/import": the preview is served at `${path}/preview`. */
  path: string;
  operationIds: { preview: string; import: string };
  /** What one row is, for summaries: "person". */
  noun: string;
  access: Action;
  spec: TableSpec<F, T>;
  maxBytes?: number;
  maxRows?: number;
  /** The OpenAPI shapes of the review's per-row extras and summary. */
  rowSchema: R;
  summarySchema: SS;
  /**
   * Checks across rows and against the database (runs again inside the import's change). What else it returns is
   * handed to `apply` (e.g. the records the rows update).
   */
  review: (db: Db, organizationId: string, checked: CheckedTable<F, T>) => Promise<RV>;
  /** Writes the rows (every one valid) in the import's change. */
  apply: (c: Change, rows: { line: number; value: T }[], review: RV) => Promise<void>;
}

type Preview<X, S> = Omit<TablePreview, "rows"> & {
  rows: (TablePreview["rows"][number] & X)[];
  summary: S;
};

/** Adds a review's errors to the rows they are about (a row with an error has no value) and sums up. */
function withReview<F extends string, T, X, S>(checked: CheckedTable<F, T>, review: Review<X, S>): Preview<X, S> {
  const more = Map.groupBy(review.errors, (e) => e.line);
  const rows = checked.rows.map((r) => {
    const extra = more.get(r.line);
    return extra ? { line: r.line, cells: r.cells, errors: [...r.errors, ...extra] } : r;
  });
  const preview = summarise({ ...checked, rows });
  return {
    ...preview,
    rows: preview.rows.map((r) => ({ ...r, ...(review.rows.get(r.line) as X) })),
    summary: review.summary,
  };
}

export async function importRoutes<
  F extends string,
  T,
  X,
  S,
  RV extends Review<X, S>,
  R extends z.ZodRawShape,
  SS extends z.ZodType,
>(app: ApiApp, route: ReturnType<typeof routesFor>, db: Db, d: ImportDeclaration<F, T, X, S, RV, R, SS>) {
  const maxBytes = d.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRows = d.maxRows ?? DEFAULT_MAX_ROWS;
  const jsonBody = importJsonBody(maxBytes);
  if (!app.hasContentTypeParser("multipart/form-data")) await app.register(multipart);

  /** The upload read and every row validated, before any transaction. */
  async function check(req: FastifyRequest): Promise<CheckedTable<F, T>> {
    const options = { maxBytes, maxRows };
    if (!req.isMultipart()) {
      const body = parseInput(jsonBody, req.body);
      return checkTable(Buffer.from(body.csv, "utf8"), d.spec, { ...options, sheet: body.sheet });
    }
    let checked: CheckedTable<F, T> | null = null;
    let sheet: string | undefined;
    try {
      const parts = req.parts({ limits: { fileSize: maxBytes + 1, files: 1, fields: 5, parts: 6 } });
      for await (const part of parts) {
        if (part.type === "field") {
          if (part.fieldname === "sheet") sheet = String(part.value);
          continue;
        }
        if (part.fieldname !== "file" || checked) {
          part.file.resume();
          continue;
        }
        checked = await checkTable(part.file, d.spec, {
          ...options,
          sheet,
          filename: part.filename,
          contentType: part.mimetype,
        });
        // What the reader left unread (it stopped at an error) is drained, so the form can end.
        part.file.resume();
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "FST_FILES_LIMIT") throw badRequest("one_file", "Send one file in the field “file”.");
      if (code === "FST_REQ_FILE_TOO_LARGE")
        throw new AppError(413, "file_too_large", `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
      throw err;
    }
    if (!checked) throw badRequest("no_file", "Attach the CSV or XLSX file in the multipart field “file”.");
    return checked;
  }

  async function preview(req: FastifyRequest) {
    const checked = await check(req);
    return withReview(checked, await d.review(db, actorOf(req).organizationId, checked));
  }

  async function run(req: FastifyRequest) {
    const checked = await check(req);
    return change(db, actorOf(req), async (c) => {
      const review = await d.review(c.tx, c.organizationId!, checked);
      const result = withReview(checked, review);
      if (result.fileErrors.length || result.counts.invalid) {
        const n = result.counts.invalid;
        throw badRequest(
          "import_invalid",
          result.fileErrors[0] ??
            `${n} ${n === 1 ? "row has" : "rows have"} errors; nothing was imported. First: ${result.errors[0]?.message}`,
          { preview: result },
        );
      }
      await d.apply(
        c,
        checked.rows.map((r) => ({ line: r.line, value: r.value as T })),
        review,
      );
      return result;
    });
  }

  const responseSchema = importPreviewSchema(d.rowSchema, d.summarySchema);
  const rawBody = { "multipart/form-data": uploadForm, "application/json": jsonBody };
  const bodyLimit = Math.ceil(maxBytes * 1.5);
  const formats =
    "Send the file as multipart/form-data (field `file`, optional `sheet` before it) or as JSON `{ csv }`. CSV " +
    "(UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab) or XLSX (first sheet unless named); at most " +
    `${maxRows.toLocaleString("en-US")} rows and ${Math.round(maxBytes / 1024 / 1024)} MB.`;

  const routes = [
    {
      url: `${d.path}/preview`,
      operationId: d.operationIds.preview,
      summary: `Check a CSV or XLSX of ${d.noun} rows, with each row's errors by line, without writing anything`,
      description: formats,
      handler: preview,
    },
    {
      url: d.path,
      operationId: d.operationIds.import,
      summary: `Import a CSV or XLSX of ${d.noun} rows in one change: all rows or, when any row has an error, none`,
      description: `${formats} Answers 400 import_invalid with the preview when the file or any row has an error.`,
      handler: run,
    },
  ];
  for (const { url, handler, ...doc } of routes)
    route.post(
      url,
      { ...doc, access: d.access, rawBody, bodyLimit, response: { 200: responseSchema }, errors: [413, 415] },
      handler as never,
    );
}
