import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { apiTokenList, createdToken, createTokenBody, currentToken, listTokensQuery } from "./schema.ts";
import { createTokensService } from "./service.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "tokens" });
  const tokens = createTokensService({ db: ctx.db });

  route.get(
    "/tokens",
    {
      operationId: "listApiTokens",
      summary: "My API tokens in this organization (all=true: everyone's, for owners and admins)",
      access: "tokens.read",
      query: listTokensQuery,
      response: { 200: apiTokenList },
    },
    async (req) => {
      const { all, ...page } = req.query;
      return tokens.list(actorOf(req), { ...page, all: all === "true" });
    },
  );

  route.get(
    "/tokens/current",
    {
      operationId: "getCurrentApiToken",
      summary: "The API token making this request, with its organization and role",
      access: "tokens.read",
      response: { 200: currentToken },
    },
    async (req) => tokens.current(actorOf(req)),
  );

  route.post(
    "/tokens",
    {
      operationId: "createApiToken",
      summary: "Create a personal API token (the secret is in this response only)",
      access: "tokens.create",
      body: createTokenBody,
      response: { 201: createdToken },
    },
    async (req, reply) => reply.status(201).send(await tokens.create(actorOf(req), req.body)),
  );

  route.delete(
    "/tokens/:id",
    {
      operationId: "revokeApiToken",
      summary: "Revoke an API token",
      access: "tokens.revoke",
      params: idParams,
      response: { 204: z.null() },
    },
    async (req, reply) => {
      await tokens.revoke(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
