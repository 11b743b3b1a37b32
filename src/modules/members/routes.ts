import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { idParams, problems } from "../../kernel/http/schemas.ts";
import { listMembersQuery, member, memberList, updateMemberBody } from "./schema.ts";
import { createMembersService } from "./service.ts";

const tags = ["members"];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const members = createMembersService({ db: ctx.db });

  app.get(
    "/members",
    {
      config: { access: { action: "members.read" } },
      schema: {
        tags,
        summary: "Members of the current organization (search by name or email, filter by role)",
        querystring: listMembersQuery,
        response: { 200: memberList, ...problems },
      },
    },
    async (req) => members.list(actorOf(req).organizationId, req.query),
  );

  app.patch(
    "/members/:id",
    {
      config: { access: { action: "members.update" } },
      schema: {
        tags,
        summary: "Change a member's role",
        params: idParams,
        body: updateMemberBody,
        response: { 200: member, ...problems },
      },
    },
    async (req) => members.changeRole(actorOf(req), req.params.id, req.body.role),
  );

  app.delete(
    "/members/:id",
    {
      config: { access: { action: "members.remove" } },
      schema: {
        tags,
        summary: "Remove a member (ends their sessions here and revokes their API tokens for this organization)",
        params: idParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      await members.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
