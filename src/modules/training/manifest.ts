import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { jobs, schedules } from "./reminders.ts";
import { controlChecks, personTasks } from "./routines.ts";

export default defineModule({
  name: "training",
  policy,
  jobs,
  schedules,
  controlChecks,
  personTasks,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
