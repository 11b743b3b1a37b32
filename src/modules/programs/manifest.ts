import { defineModule } from "../../kernel/manifest.ts";
import { jobs, schedules } from "./jobs.ts";
import { policy } from "./policy.ts";
import { controlSignalsSubscriber, readinessSubscriber } from "./subscribers.ts";

export default defineModule({
  name: "programs",
  policy,
  jobs,
  schedules,
  routes: async (app, ctx) => {
    await (await import("./routes.ts")).default(app, ctx);
    await (await import("./bulk-routes.ts")).default(app, ctx);
  },
  subscribers: [controlSignalsSubscriber, readinessSubscriber],
});
