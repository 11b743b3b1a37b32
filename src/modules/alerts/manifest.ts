import { defineModule } from "../../kernel/manifest.ts";
import { jobs, schedules } from "./jobs.ts";
import { policy } from "./policy.ts";
import { monitoringAlertsSubscriber } from "./subscribers.ts";

export default defineModule({
  name: "alerts",
  policy,
  jobs,
  schedules,
  routes: async (app, ctx) => (await import("./routes.ts")).default(app, ctx),
  subscribers: [monitoringAlertsSubscriber],
});
