import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
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

export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return sendProblem(req, reply, { status: err.status, code: err.code, detail: err.message, ...err.details });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({
        path: `${err.validationContext ?? "body"}${v.instancePath.replace(/\//g, ".")}`,
        message: v.message ?? "is invalid",
      }));
      return sendProblem(req, reply, {
        status: 400,
        code: "validation_failed",
        detail: errors.map((e) => `${e.path}: ${e.message}`).join("; "),
        errors,
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
