import { and, asc, count, eq, ilike, or, type SQL } from "drizzle-orm";
import { people } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { idParams, pageOffset } from "../../kernel/http/schemas.ts";
import { createPerson, loadPerson, updatePerson } from "./commands.ts";
import { listPeopleQuery, type PeopleFilter, person, personInput, personList, personPatch } from "./schema.ts";

function filterWhere(organizationId: string, f: PeopleFilter): SQL {
  const where: SQL[] = [eq(people.organizationId, organizationId)];
  if (f.status) where.push(eq(people.status, f.status));
  if (f.kind) where.push(eq(people.kind, f.kind));
  if (f.department) where.push(eq(people.department, f.department));
  if (f.q) {
    const q = likePattern(f.q);
    where.push(or(ilike(people.fullName, q), ilike(people.email, q), ilike(people.title, q))!);
  }
  return and(...where)!;
}

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "people" });

  route.get(
    "/people",
    {
      operationId: "listPeople",
      summary: "The people directory, with search and filters",
      access: "people.read",
      query: listPeopleQuery,
      response: { 200: personList },
    },
    async (req) => {
      const where = filterWhere(actorOf(req).organizationId, req.query);
      const [items, [total]] = await Promise.all([
        ctx.db
          .select()
          .from(people)
          .where(where)
          .orderBy(asc(people.fullName), asc(people.id))
          .limit(req.query.pageSize)
          .offset(pageOffset(req.query)),
        ctx.db.select({ n: count() }).from(people).where(where),
      ]);
      return { items, total: total?.n ?? 0, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  route.get(
    "/people/:id",
    {
      operationId: "getPerson",
      summary: "One person of the directory",
      access: "people.read",
      params: idParams,
      response: { 200: person },
    },
    async (req) => loadPerson(ctx.db, actorOf(req).organizationId, req.params.id),
  );

  route.post(
    "/people",
    {
      operationId: "createPerson",
      summary: "Add a person to the directory by hand",
      access: "people.manage",
      body: personInput,
      response: { 201: person },
    },
    async (req, reply) => {
      const row = await change(ctx.db, actorOf(req), (c) => createPerson(c, req.body));
      return reply.code(201).send(row);
    },
  );

  route.patch(
    "/people/:id",
    {
      operationId: "updatePerson",
      summary: "Change a person's details (status `left` with an end date is an offboarding)",
      access: "people.manage",
      params: idParams,
      body: personPatch,
      response: { 200: person },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => updatePerson(c, req.params.id, req.body)),
  );
}
