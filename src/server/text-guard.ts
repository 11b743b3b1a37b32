import type { FastifyInstance } from "fastify";
import { unstorableText, unstorableTextError } from "../kernel/http/storable-text.ts";

/**
 * Refuses, for every route, text PostgreSQL cannot store (NUL characters, unpaired surrogates) anywhere in the
 * path parameters, the query or a parsed JSON body, before validation and before any handler or query runs: a
 * 400 naming each field, like validation errors. Multipart parts are read by their routes, which check them with
 * assertStorableText as they read them.
 */
export function installTextGuard(app: FastifyInstance) {
  app.addHook("preValidation", async (req) => {
    const problems = [
      ...unstorableText(req.params, "params"),
      ...unstorableText(req.query, "querystring"),
      ...unstorableText(req.body, "body"),
    ];
    if (problems.length) throw unstorableTextError(problems);
  });
}
