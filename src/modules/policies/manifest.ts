import { defineModule } from "../../kernel/manifest.ts";
import { policy } from "./policy.ts";
import { jobs, schedules } from "./reminders.ts";
import { controlChecks, newPeopleSubscriber, personTasks } from "./routines.ts";

export default defineModule({
  name: "policies",
  policy,
  jobs,
  schedules,
  subscribers: [newPeopleSubscriber],
  controlChecks,
  personTasks,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
