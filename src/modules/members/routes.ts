import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { listMembersQuery, member, memberList, updateMemberBody } from "./schema.ts";
import { createMembersService } from "./service.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "members" });
  const members = createMembersService({ db: ctx.db });

  route.get(
    "/members",
    {
      operationId: "listMembers",
      summary: "Members of the current organization (search by name or email, filter by role)",
      access: "members.read",
      query: listMembersQuery,
      response: { 200: memberList },
    },
    async (req) => members.list(actorOf(req).organizationId, req.query),
  );

  route.patch(
    "/members/:id",
    {
      operationId: "changeMemberRole",
      summary: "Change a member's role",
      access: "members.update",
      params: idParams,
      body: updateMemberBody,
      response: { 200: member },
    },
    async (req) => members.changeRole(actorOf(req), req.params.id, req.body.role),
  );

  route.delete(
    "/members/:id",
    {
      operationId: "removeMember",
      summary: "Remove a member (ends their sessions here and revokes their API tokens for this organization)",
      access: "members.remove",
      params: idParams,
      response: { 204: z.null() },
    },
    async (req, reply) => {
      await members.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
