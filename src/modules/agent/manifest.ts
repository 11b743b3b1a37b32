import { defineModule } from "../../kernel/manifest.ts";
import { devicePersonTasks } from "./person-tasks.ts";
import { policy } from "./policy.ts";

export default defineModule({
  name: "agent",
  policy,
  personTasks: devicePersonTasks,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
