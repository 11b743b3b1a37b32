import pino, { type LoggerOptions } from "pino";
import type { Config } from "./config.ts";

/** Paths pino blanks out in every log line: secrets never reach the log. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-csrf-token']",
  'res.headers["set-cookie"]',
  "*.password",
  "*.newPassword",
  "*.currentPassword",
  "*.token",
  "*.secret",
  "*.code",
];

/**
 * Emailed single-use links carry their token in the query string (password reset) or in the path (invitation
 * lookup): keep both out of request logs.
 */
export const redactUrl = (url: string) =>
  url.replace(/([?&]token=)[^&#]*/gi, "$1[redacted]").replace(/(\/invitations\/lookup\/)[^/?#]+/i, "$1[redacted]");

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

export function loggerOptions(config: Pick<Config, "LOG_LEVEL">): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    // fastify's default request serializer, with the URL redacted
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  };
}

export const createLogger = (config: Pick<Config, "LOG_LEVEL">) => pino(loggerOptions(config));
