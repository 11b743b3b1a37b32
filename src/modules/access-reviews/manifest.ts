import { defineModule } from "../../kernel/manifest.ts";
import { syncConfirmationSubscriber } from "./confirm.ts";
import { jobs, schedules } from "./jobs.ts";
import { policy } from "./policy.ts";
import { controlChecks, personTasks } from "./routines.ts";

export default defineModule({
  name: "access_reviews",
  policy,
  jobs,
  schedules,
  subscribers: [syncConfirmationSubscriber],
  controlChecks,
  personTasks,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
});
