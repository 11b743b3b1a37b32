import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { tooLongMessage } from "../core/text-limits.ts";
import { isRefusedParameterValue } from "../db/errors.ts";
import { AppError } from "../platform/errors.ts";

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  423: "Locked",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

export interface ProblemInput {
  status: number;
  code: string;
  detail: string;
  title?: string;
  errors?: Problem["errors"];
  [extra: string]: unknown;
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, p: ProblemInput) {
  const body: Problem = {
    ...p,
    type: `/problems/${p.code}`,
    title: p.title ?? TITLES[p.status] ?? "Error",
    instance: req.url,
    requestId: req.id,
  };
  return reply.status(p.status).type("application/problem+json").send(body);
}

/** Maps fastify's own error codes onto stable, actionable problems. */
function fromFastify(err: FastifyError): { status: number; code: string; detail: string } | null {
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return { status: 413, code: "payload_too_large", detail: "The request body is larger than this server accepts." };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return { status: 415, code: "unsupported_media_type", detail: "Send the body as application/json." };
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return { status: 400, code: "malformed_json", detail: "The request body is not valid JSON." };
    default:
      break;
  }
  if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message)))
    return { status: 400, code: "malformed_json", detail: "The request body is not valid JSON." };
  if (err.statusCode === 429) return { status: 429, code: "rate_limited", detail: err.message };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
    return { status: err.statusCode, code: "bad_request", detail: err.message };
  return null;
}

/** Zod's default wording for text over its limit ("Too big: expected string to have <=4000 characters"), in words. */
function peopleMessage(v: { keyword: string; message?: string; params?: unknown }): string {
  const p = (v.params ?? {}) as { origin?: string; maximum?: number | bigint };
  if (v.keyword === "too_big" && p.origin === "string" && /^Too big/.test(v.message ?? ""))
    return tooLongMessage(Number(p.maximum));
  return v.message ?? "is invalid";
}

export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return sendProblem(req, reply, { status: err.status, code: err.code, detail: err.message, ...err.details });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.flatMap((v) => {
        const at = `${err.validationContext ?? "body"}${v.instancePath.replace(/\//g, ".")}`.replace(/\.$/, "");
        // Unknown fields and query parameters are named in the path, one entry each (`querystring.bogus`).
        const unknown = v.keyword === "unrecognized_keys" ? ((v.params as { keys?: string[] }).keys ?? []) : [];
        if (unknown.length)
          return unknown.map((key) => ({ path: `${at}.${key}`, message: `Unrecognized key: "${key}"` }));
        return [{ path: at, message: peopleMessage(v) }];
      });
      return sendProblem(req, reply, {
        status: 400,
        code: "validation_failed",
        detail: errors.map((e) => `${e.path}: ${e.message}`).join("; "),
        errors,
      });
    }
    if (isRefusedParameterValue(err)) {
      // The database refused a value of the request: the request is at fault, and the SQL stays in the log.
      req.log.warn({ err }, "the database refused a value of the request");
      return sendProblem(req, reply, {
        status: 400,
        code: "invalid_value",
        detail:
          "A value in the request cannot be stored: it holds characters the database refuses (such as a NUL character or invalid Unicode) or text that is not valid for its field. Correct it and try again.",
      });
    }
    const known = fromFastify(err);
    if (known) return sendProblem(req, reply, known);
    req.log.error({ err }, "unhandled error");
    return sendProblem(req, reply, {
      status: 500,
      code: "internal_error",
      detail: "Something went wrong on our side. The request id helps the administrator find it in the logs.",
    });
  });
}
