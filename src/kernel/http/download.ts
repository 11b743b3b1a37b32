import type { Readable } from "node:stream";
import type { FastifyReply } from "fastify";

/**
 * File answers (CSV exports, PDF reports, zips, JSON documents) sent as downloads. Every one carries its media type,
 * an `attachment` disposition whose file name is safe to put between quotes, `cache-control: no-store` (they hold an
 * organization's data, which no cache should keep) and `nosniff` (also set by helmet for every answer). Declare the response with `csv()`, `file()` or `text()`
 * from route.ts.
 */

/** The media type of every CSV the API sends. */
export const CSV_MEDIA_TYPE = "text/csv; charset=utf-8";

/**
 * A file name that can stand in `filename="…"`: letters, digits, `_`, `.`, `-` and spaces; anything else (quotes,
 * backslashes, line breaks, non-ASCII) becomes `_`, so a name taken from a user's upload cannot break the header.
 */
export const safeFileName = (name: string) => name.replace(/[^\w.\- ]/g, "_") || "download";

/** The `content-disposition` of a download named `fileName`. */
export const attachmentDisposition = (fileName: string) => `attachment; filename="${safeFileName(fileName)}"`;

/** Anything fastify sends as is: text, bytes or a stream (streams and buffers bypass the response serializer). */
export type DownloadBody = string | Buffer | Readable;

/** Sends `body` as a download named `fileName`, of `mediaType`, that no cache keeps. */
export function sendDownload(reply: FastifyReply, mediaType: string, fileName: string, body: DownloadBody) {
  return (
    reply
      .header("content-type", mediaType)
      .header("content-disposition", attachmentDisposition(fileName))
      .header("cache-control", "no-store")
      .header("x-content-type-options", "nosniff")
      // The route's string schema documents the body for OpenAPI; what goes out is the body as given.
      .send(body as unknown as string)
  );
}

/** Sends a CSV (already built with platform/csv.ts, or streamed line by line) as the download `fileName`. */
export const sendCsv = (reply: FastifyReply, fileName: string, csv: string | Readable) =>
  sendDownload(reply, CSV_MEDIA_TYPE, fileName, csv);
