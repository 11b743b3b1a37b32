import { defineModule } from "../../kernel/manifest.ts";
import { checklistSubscriber } from "./checklists.ts";
import { memberLinkSubscriber } from "./link.ts";
import { policy } from "./policy.ts";
import { controlChecks, personTasks } from "./routines.ts";

export default defineModule({
  name: "people",
  policy,
  subscribers: [checklistSubscriber, memberLinkSubscriber],
  controlChecks,
  personTasks,
  routes: async (app, ctx) => {
    await (await import("./routes.ts")).default(app, ctx);
    await (await import("./routines-routes.ts")).default(app, ctx);
  },
});
