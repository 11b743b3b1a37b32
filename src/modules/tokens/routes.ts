import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { idParams, problems } from "../../kernel/http/schemas.ts";
import { apiTokenList, createdToken, createTokenBody, currentToken, listTokensQuery } from "./schema.ts";
import { createTokensService } from "./service.ts";

const tags = ["tokens"];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const tokens = createTokensService({ db: ctx.db });

  app.get(
    "/tokens",
    {
      config: { access: { action: "tokens.read" } },
      schema: {
        tags,
        summary: "My API tokens in this organization (all=true: everyone's, for owners and admins)",
        querystring: listTokensQuery,
        response: { 200: apiTokenList, ...problems },
      },
    },
    async (req) => {
      const { all, ...page } = req.query;
      return tokens.list(actorOf(req), { ...page, all: all === "true" });
    },
  );

  app.get(
    "/tokens/current",
    {
      config: { access: { action: "tokens.read" } },
      schema: {
        tags,
        summary: "The API token making this request, with its organization and role",
        response: { 200: currentToken, ...problems },
      },
    },
    async (req) => tokens.current(actorOf(req)),
  );

  app.post(
    "/tokens",
    {
      config: { access: { action: "tokens.create" } },
      schema: {
        tags,
        summary: "Create a personal API token (the secret is in this response only)",
        body: createTokenBody,
        response: { 201: createdToken, ...problems },
      },
    },
    async (req, reply) => reply.status(201).send(await tokens.create(actorOf(req), req.body)),
  );

  app.delete(
    "/tokens/:id",
    {
      config: { access: { action: "tokens.revoke" } },
      schema: { tags, summary: "Revoke an API token", params: idParams, response: { 204: z.null(), ...problems } },
    },
    async (req, reply) => {
      await tokens.revoke(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
