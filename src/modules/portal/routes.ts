import { personCompliance } from "../../core/person-tasks.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { collectPersonTasks } from "../../kernel/routines.ts";
import { personOfUser } from "../people/public.ts";
import { portalView } from "./schema.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "portal" });

  route.get(
    "/portal",
    {
      operationId: "getPortal",
      summary: "Your portal: what the compliance program asks of you, from every module, with your status",
      access: "portal.read_own",
      response: { 200: portalView },
    },
    async (req) => {
      const actor = actorOf(req);
      const person = await personOfUser(ctx.db, actor.organizationId, actor.userId);
      if (!person) return { person: null, compliance: null, tasks: [] };
      // The portal lists what the person does themselves; work done for them (a background check) is not theirs.
      const tasks = (
        (await collectPersonTasks(ctx.db, actor.organizationId, [person.id], new Date())).get(person.id) ?? []
      ).filter((t) => !t.onBehalf);
      return {
        person: {
          id: person.id,
          fullName: person.fullName,
          email: person.email,
          title: person.title,
          department: person.department,
          status: person.status,
          startDate: person.startDate,
        },
        compliance: personCompliance(tasks),
        tasks,
      };
    },
  );
}
